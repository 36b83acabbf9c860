package dev.cordon.cli;

import dev.cordon.core.input.UsageException;
import java.io.Console;
import java.util.Locale;

/** Asks the operator to approve a plan on the terminal, or requires {@code --yes} without one. */
final class Confirmation {
  private Confirmation() {}

  /** Returns whether the operator approved; never prompts when {@code yes} is set. */
  static boolean approved(boolean yes, String question) {
    if (yes) {
      return true;
    }
    Console console = System.console();
    if (console == null) {
      throw new UsageException("No terminal to confirm on, so nothing was changed. The plan above is"
          + " what would change; pass --yes to carry it out without a prompt.");
    }
    String answer = console.readLine("%s [y/N] ", question);
    return answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes");
  }
}
