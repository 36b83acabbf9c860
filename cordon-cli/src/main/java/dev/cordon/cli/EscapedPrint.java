package dev.cordon.cli;

import dev.cordon.core.TerminalText;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints text built from journal entries, the journal mirror or AWS responses, one line at a time,
 * each line escaped as a whole by {@link TerminalText#escapeLine}. The journal and its mirror are
 * files that someone other than Cordon may have edited, and an attacker with the instance's role
 * may have set AWS names and tags, so a line break inside a value is printed as {@code \x0a}
 * rather than starting a line of its own.
 */
final class EscapedPrint {
  private EscapedPrint() {}

  static void println(PrintStream out, String line) {
    out.println(TerminalText.escapeLine(line));
  }

  static void printLines(PrintStream out, List<String> lines) {
    lines.forEach(line -> println(out, line));
  }

  /** Prints one progress line of a run on stderr. */
  static void progress(String line) {
    println(System.err, line);
  }
}
