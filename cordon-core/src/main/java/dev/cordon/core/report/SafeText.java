package dev.cordon.core.report;

import java.util.Locale;

/**
 * Neutralises attacker-controlled strings before a renderer prints them. A user agent or request
 * value may carry terminal escape sequences (which can retitle the window, move the cursor or hide
 * text) or Unicode format characters that reorder what a reader sees, so every such character is
 * shown as a visible escape instead: {@code \x1b} for C0, DEL and C1 controls, {@code \u202e} for
 * format characters. Strings longer than {@link #MAX_LENGTH} characters are cut with a marker
 * that gives the full length.
 */
final class SafeText {
  /** Maximum number of characters printed; a longer string is cut and marked. */
  static final int MAX_LENGTH = 512;

  private SafeText() {}

  /** Returns {@code text} safe to print on a terminal, or {@code -} for null. */
  static String forTerminal(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
    int end = cutPoint(text);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (!appendEscape(out, c)) {
        out.append(c);
      }
    }
    return appendCutMarker(out, text, end);
  }

  /**
   * Returns {@code text} safe to place in Markdown, including inside a table cell: controls are
   * escaped as for the terminal, Markdown punctuation gets a backslash, and {@code <}, {@code >}
   * and {@code &} become HTML entities so no tag or Markdown link survives. Returns {@code -} for
   * null.
   *
   * <p>NOTE: renderers with GitHub's autolink extension still turn a bare {@code https://…} or
   * {@code www.…} in the text into a clickable link. Defanging them here ({@code hxxps}, {@code
   * [.]}) or putting values in code spans would close that.
   */
  static String forMarkdown(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
    int end = cutPoint(text);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (appendEscape(out, c)) {
        continue;
      }
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\\', '`', '*', '_', '[', ']', '|', '~', '#' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return appendCutMarker(out, text, end);
  }

  /** Returns whether {@code c} is printed as an escape rather than as itself. */
  static boolean needsEscape(char c) {
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

  private static boolean appendEscape(StringBuilder out, char c) {
    if (Character.isSurrogate(c) || !needsEscape(c)) {
      return false;
    }
    if (c <= 0xff) {
      out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
    } else {
      out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
    }
    return true;
  }

  /** Returns the index to stop at, never splitting a surrogate pair. */
  private static int cutPoint(String text) {
    if (text.length() <= MAX_LENGTH) {
      return text.length();
    }
    int end = MAX_LENGTH;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private static String appendCutMarker(StringBuilder out, String text, int end) {
    if (end < text.length()) {
      out.append(String.format(Locale.ROOT, "... (cut, %,d characters in all)", text.length()));
    }
    return out.toString();
  }
}
