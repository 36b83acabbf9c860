package dev.cordon.core.sigma;

import java.util.regex.Pattern;

/**
 * Compiles Sigma plain string values. {@code *} matches any run of characters and {@code ?} one
 * character; {@code \*}, {@code \?} and {@code \\} stand for the characters themselves, and a
 * backslash before any other character is kept as a backslash.
 */
final class SigmaStrings {
  private SigmaStrings() {}

  static ValueMatcher compile(String value, ValueMatcher.Mode mode, boolean ignoreCase) {
    StringBuilder literal = new StringBuilder();
    StringBuilder regex = new StringBuilder();
    boolean wildcard = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() && "*?\\".indexOf(value.charAt(i + 1)) >= 0) {
        char escaped = value.charAt(++i);
        literal.append(escaped);
        regex.append(Pattern.quote(String.valueOf(escaped)));
      } else if (c == '*' || c == '?') {
        wildcard = true;
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }

    if (!wildcard) {
      return new ValueMatcher.Literal(mode, literal.toString(), ignoreCase);
    }
    String prefix = mode == ValueMatcher.Mode.CONTAINS || mode == ValueMatcher.Mode.ENDS_WITH
        ? ".*" : "";
    String suffix = mode == ValueMatcher.Mode.CONTAINS || mode == ValueMatcher.Mode.STARTS_WITH
        ? ".*" : "";
    int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    return new ValueMatcher.Regex(Pattern.compile(prefix + regex + suffix, flags), true);
  }
}
