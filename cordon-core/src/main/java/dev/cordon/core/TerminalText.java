package dev.cordon.core;

import java.util.Locale;

/**
 * Escapes text for a terminal. A string from a log or an input file may carry escape sequences
 * (which can retitle the window, move the cursor or hide text), line breaks that forge whole
 * output lines, or Unicode format characters that reorder what a reader reads. Each such character
 * is shown as a visible escape instead: {@code \x1b} for C0, DEL and C1 controls, {@code \u202e}
 * for format characters and for a surrogate that is not part of a pair. A backslash is shown as
 * {@code \\}, so the four characters {@code \x1b} in the input cannot pass for an escaped ESC byte.
 */
public final class TerminalText {
  private TerminalText() {}

  /**
   * Escapes one output line: every control and format character, line feeds and tabs included,
   * every unpaired surrogate and every backslash. A line that Cordon prints is escaped as a
   * whole, so any line break in it comes from a value and is shown as {@code \x0a}.
   */
  public static String escapeLine(String line) {
    if (line == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(line.length() + 16);
    for (int i = 0; i < line.length(); i++) {
      append(out, line, i);
    }
    return out.toString();
  }

  /**
   * Escapes a stack trace for stderr as {@link #escapeLine} does, except that tabs, line feeds
   * and a carriage return before a line feed are kept, because a trace spans lines and indents
   * with tabs.
   */
  public static String escapeStackTrace(String trace) {
    if (trace == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(trace.length() + 16);
    for (int i = 0; i < trace.length(); i++) {
      char c = trace.charAt(i);
      boolean lineBreak = c == '\n' || (c == '\r' && i + 1 < trace.length() && trace.charAt(i + 1) == '\n');
      if (lineBreak || c == '\t') {
        out.append(c);
      } else {
        append(out, trace, i);
      }
    }
    return out.toString();
  }

  /**
   * Appends the character at {@code index} of {@code text} to {@code out}, as an escape when it is
   * a control, a format character, a backslash or a surrogate without its other half. The two
   * halves of a pair, such as an emoji, are appended as they are.
   */
  public static void append(StringBuilder out, CharSequence text, int index) {
    char c = text.charAt(index);
    if (c == '\\') {
      out.append("\\\\");
    } else if (Character.isSurrogate(c) ? isUnpaired(text, index) : needsEscape(c)) {
      out.append(c <= 0xff
          ? String.format(Locale.ROOT, "\\x%02x", (int) c)
          : String.format(Locale.ROOT, "\\u%04x", (int) c));
    } else {
      out.append(c);
    }
  }

  /** Returns whether the surrogate at {@code index} lacks the other half of its pair. */
  public static boolean isUnpaired(CharSequence text, int index) {
    char c = text.charAt(index);
    if (Character.isHighSurrogate(c)) {
      return index + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(index + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return index == 0 || !Character.isHighSurrogate(text.charAt(index - 1));
    }
    return false;
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
