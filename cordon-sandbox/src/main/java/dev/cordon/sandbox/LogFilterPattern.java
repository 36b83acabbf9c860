package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The subset of CloudWatch Logs filter pattern syntax that FilterLogEvents accepts here: plain
 * terms and double-quoted phrases, all of which must occur (case-sensitive), and the
 * space-delimited form {@code [version, account, eni, src=203.0.113.100, ..., action=REJECT, ...]}
 * that matches flow log lines field by field. A field condition is {@code =}, {@code !=} (with
 * a trailing {@code *} for a prefix) or a numeric {@code <}, {@code <=}, {@code >}, {@code >=};
 * {@code ...} matches any number of fields.
 */
final class LogFilterPattern {
  private final List<String> terms;
  private final List<Field> fields;

  private record Field(boolean ellipsis, String operator, String value) {
    boolean matches(String token) {
      if (operator == null) {
        return true;
      }
      switch (operator) {
        case "=":
          return textMatches(token);
        case "!=":
          return !textMatches(token);
        default:
          return numberMatches(token);
      }
    }

    private boolean textMatches(String token) {
      return value.endsWith("*") ? token.startsWith(value.substring(0, value.length() - 1)) : token.equals(value);
    }

    private boolean numberMatches(String token) {
      double left;
      try {
        left = Double.parseDouble(token);
      } catch (NumberFormatException e) {
        return false;
      }
      double right = Double.parseDouble(value);
      switch (operator) {
        case "<":
          return left < right;
        case "<=":
          return left <= right;
        case ">":
          return left > right;
        default:
          return left >= right;
      }
    }
  }

  private LogFilterPattern(List<String> terms, List<Field> fields) {
    this.terms = terms;
    this.fields = fields;
  }

  /**
   * Parses {@code pattern}; null or blank matches every event.
   *
   * @throws AwsError InvalidParameterException for syntax outside the supported subset
   */
  static LogFilterPattern parse(String pattern) {
    String text = pattern == null ? "" : pattern.trim();
    if (text.startsWith("[")) {
      if (!text.endsWith("]")) {
        throw invalid(pattern, "a space-delimited pattern must end with ]");
      }
      List<Field> fields = new ArrayList<>();
      for (String part : text.substring(1, text.length() - 1).split(",")) {
        fields.add(field(part.trim(), pattern));
      }
      return new LogFilterPattern(List.of(), fields);
    }
    if (text.startsWith("{")) {
      throw invalid(pattern, "JSON filter patterns are not supported by the sandbox");
    }
    return new LogFilterPattern(terms(text, pattern), null);
  }

  private static Field field(String part, String pattern) {
    if (part.equals("...")) {
      return new Field(true, null, null);
    }
    for (String operator : new String[] {"!=", "<=", ">=", "=", "<", ">"}) {
      int at = part.indexOf(operator);
      if (at > 0) {
        String value = part.substring(at + operator.length()).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        boolean numeric = !operator.equals("=") && !operator.equals("!=");
        if (numeric && !value.matches("-?\\d+(\\.\\d+)?")) {
          throw invalid(pattern, "operator " + operator + " needs a number, not '" + value + "'");
        }
        return new Field(false, operator, value);
      }
    }
    if (!part.matches("[A-Za-z_][\\w-]*")) {
      throw invalid(pattern, "invalid field '" + part + "'");
    }
    return new Field(false, null, null);
  }

  private static List<String> terms(String text, String pattern) {
    List<String> terms = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        int close = text.indexOf('"', i + 1);
        if (close < 0) {
          throw invalid(pattern, "unclosed quote");
        }
        terms.add(text.substring(i + 1, close));
        i = close + 1;
      } else {
        int end = i;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
          end++;
        }
        String term = text.substring(i, end);
        if (term.startsWith("?") || term.startsWith("-") || term.startsWith("%")) {
          throw invalid(pattern, "the operators ?, - and %regex% are not supported by the sandbox");
        }
        terms.add(term);
        i = end;
      }
    }
    return terms;
  }

  private static AwsError invalid(String pattern, String detail) {
    return AwsError.badRequest(
        "InvalidParameterException", "Invalid filter pattern '" + pattern + "': " + detail + ".");
  }

  boolean matches(String message) {
    if (fields == null) {
      return terms.stream().allMatch(message::contains);
    }
    String[] tokens = message.trim().split("\\s+");
    return matchFrom(tokens, 0, 0);
  }

  /** Matches fields from {@code f} against tokens from {@code t}; an ellipsis tries every skip. */
  private boolean matchFrom(String[] tokens, int t, int f) {
    if (f == fields.size()) {
      return t == tokens.length;
    }
    Field field = fields.get(f);
    if (field.ellipsis()) {
      for (int skip = t; skip <= tokens.length; skip++) {
        if (matchFrom(tokens, skip, f + 1)) {
          return true;
        }
      }
      return false;
    }
    return t < tokens.length && field.matches(tokens[t]) && matchFrom(tokens, t + 1, f + 1);
  }
}
