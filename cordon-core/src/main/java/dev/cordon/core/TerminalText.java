package dev.cordon.core;

import java.util.Locale;

/**
 * Escapes text for a terminal. A string from a log or an input file may carry escape sequences
 * (which can retitle the window, move the cursor or hide text) or Unicode format characters that
 * reorder what a reader sees. Each such character is shown as a visible escape instead: {@code
 * \x1b} for C0, DEL and C1 controls, {@code \u202e} for format characters. A backslash is shown as
 * {@code \\}, so the four characters {@code \x1b} in the input cannot pass for an escaped ESC byte.
 */
public final class TerminalText {
  private TerminalText() {}

  /**
   * Escapes a message or stack trace for stderr: every control and format character and every
   * backslash, as described above, except tabs, line feeds and a carriage return before a line
   * feed. Those are kept because stack traces indent with tabs and a few messages span lines on
   * purpose, such as the state report appended to a failed contain or release.
   */
  public static String escapeMessage(String message) {
    if (message == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(message.length() + 16);
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      boolean lineBreak = c == '\n' || (c == '\r' && i + 1 < message.length() && message.charAt(i + 1) == '\n');
      if (lineBreak || c == '\t') {
        out.append(c);
      } else {
        append(out, c);
      }
    }
    return out.toString();
  }

  /** Appends {@code c} to {@code out}, as an escape when it is a control, a format character or a backslash. */
  public static void append(StringBuilder out, char c) {
    if (c == '\\') {
      out.append("\\\\");
    } else if (!Character.isSurrogate(c) && needsEscape(c)) {
      out.append(c <= 0xff
          ? String.format(Locale.ROOT, "\\x%02x", (int) c)
          : String.format(Locale.ROOT, "\\u%04x", (int) c));
    } else {
      out.append(c);
    }
  }

  /** Returns whether {@code c} is a control or format character, printed as an escape rather than as itself. */
  public static boolean needsEscape(char c) {
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE;
  }
}
