package dev.cordon.core.report;

import dev.cordon.core.TerminalText;
import java.util.BitSet;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Neutralises attacker-controlled strings before a renderer prints them. Control and format
 * characters and backslashes are escaped as {@link TerminalText} describes ({@code \x1b}, {@code
 * \u202e}, {@code \\}), so escape sequences in a log cannot drive the terminal and a log's own
 * {@code \x1b} text cannot pass for an escaped ESC byte. Strings longer than {@link #MAX_LENGTH}
 * characters are cut with a marker that gives the full length.
 *
 * <p>Markdown output is also defanged, the way incident responders share indicators: the scheme
 * of an {@code http}, {@code https} or {@code ftp} URL becomes {@code hxxp}, {@code hxxps} or
 * {@code fxp}, and each dot becomes {@code [.]} in a URL's host, in a name starting with {@code
 * www.} and in the domain of an email address. The autolink extension of GitHub Flavored Markdown
 * links these (with {@code mailto:} and {@code xmpp:}, which need an email domain), and
 * github.com also links {@code ftp://}. A bare domain such as {@code evil.example} is not
 * autolinked, so it is kept as it is. Defanging was chosen over code spans because a value is
 * often only part of a Cordon sentence (a finding summary), and a reader can copy a defanged
 * indicator into a blocklist after undoing the two substitutions.
 *
 * <p>NOTE: in issues and comments github.com also turns {@code @name} into a mention, which is
 * left as it is. A {@code #} gets a backslash, but whether github.com still links an escaped
 * {@code #123} to an issue is untested.
 */
final class SafeText {
  /** Maximum number of characters printed; a longer string is cut and marked. */
  static final int MAX_LENGTH = 512;

  private static final String LABEL = "[\\p{L}\\p{N}_-]+";
  /**
   * The parts that an autolink needs: a URL scheme and its host, a name starting with {@code www.},
   * or the domain after an {@code @}. The scheme is matched anywhere, even inside a word, because
   * breaking a scheme that would not have been linked costs nothing.
   */
  private static final Pattern AUTOLINK = Pattern.compile(
      "(?<scheme>https?|ftp)://(?<host>" + LABEL + "(?:\\." + LABEL + ")*)?"
          + "|(?<www>www\\." + LABEL + "(?:\\." + LABEL + ")*)"
          + "|@(?<domain>" + LABEL + "(?:\\." + LABEL + ")+)",
      Pattern.CASE_INSENSITIVE);

  private SafeText() {}

  /** Returns {@code text} safe to print on a terminal, or {@code -} for null. */
  static String forTerminal(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
    int end = cutPoint(text);
    for (int i = 0; i < end; i++) {
      TerminalText.append(out, text, i);
    }
    return appendCutMarker(out, text, end);
  }

  /**
   * Returns {@code text} safe to place in Markdown, including inside a table cell, or {@code -}
   * for null. Controls are escaped as for the terminal, and URLs, {@code www.} names and email
   * domains are defanged. Markdown punctuation gets a backslash, and {@code <}, {@code >} and
   * {@code &} become HTML entities, so no tag or Markdown link survives. A backslash in the input
   * is written as four, which a Markdown renderer shows as {@code \\}.
   */
  static String forMarkdown(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
    int end = cutPoint(text);
    BitSet defang = defangPositions(text.substring(0, end));
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (defang.get(i)) {
        out.append(defanged(c));
        continue;
      }
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\\' -> out.append("\\\\\\\\");
        case '`', '*', '_', '[', ']', '|', '~', '#' -> out.append('\\').append(c);
        default -> TerminalText.append(out, text, i);
      }
    }
    return appendCutMarker(out, text, end);
  }

  /** Returns the positions of the scheme letters and dots that {@link #defanged} replaces. */
  private static BitSet defangPositions(String text) {
    BitSet positions = new BitSet(text.length());
    Matcher m = AUTOLINK.matcher(text);
    while (m.find()) {
      // An unmatched group has start and end -1, so markAll skips it.
      markAll(positions, text, m.start("scheme"), m.end("scheme"), 't');
      markAll(positions, text, m.start("host"), m.end("host"), '.');
      markAll(positions, text, m.start("www"), m.end("www"), '.');
      markAll(positions, text, m.start("domain"), m.end("domain"), '.');
    }
    return positions;
  }

  /** Marks each {@code target} character, in either case, between {@code start} and {@code end}. */
  private static void markAll(BitSet positions, String text, int start, int end, char target) {
    for (int i = Math.max(start, 0); i < end; i++) {
      if (Character.toLowerCase(text.charAt(i)) == target) {
        positions.set(i);
      }
    }
  }

  /** Returns the defanged form of a marked dot or scheme letter, keeping the letter's case. */
  private static String defanged(char c) {
    return switch (c) {
      case '.' -> "\\[.\\]";
      case 'T' -> "X";
      default -> "x";
    };
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
