package dev.cordon.cli;

import dev.cordon.core.TerminalText;
import java.io.PrintStream;

/**
 * Prints text built from journal entries, the journal mirror or AWS responses, escaped by {@link
 * TerminalText#escapeMessage}. The journal and its mirror are files that someone other than
 * Cordon may have edited, and an attacker with the instance's role may have set AWS names and
 * tags.
 */
final class EscapedPrint {
  private EscapedPrint() {}

  static void print(PrintStream out, String text) {
    out.print(TerminalText.escapeMessage(text));
  }

  static void println(PrintStream out, String text) {
    out.println(TerminalText.escapeMessage(text));
  }

  /** Prints one progress line of a run on stderr. */
  static void progress(String line) {
    println(System.err, line);
  }
}
