package dev.cordon.core.intel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address values of a STIX 2.1 indicator pattern. Only comparisons of {@code ipv4-addr:value}
 * or {@code ipv6-addr:value} with {@code =} or {@code ISSUBSET}, joined by {@code OR}, are read,
 * because those alone name addresses to match. Other comparisons are returned as unsupported.
 *
 * @param values the quoted address or CIDR values, unescaped
 * @param unsupported the other comparisons, as written
 */
record StixPattern(List<String> values, List<String> unsupported) {
  /** Object path, operator and right-hand side of one comparison expression. */
  private static final Pattern COMPARISON = Pattern.compile(
      "([A-Za-z0-9-]+):([^\\s=!<>\\[\\]]+)\\s*(=|!=|<=|>=|<|>|ISSUBSET|ISSUPERSET|LIKE|MATCHES|IN)\\s*"
          + "('(?:[^'\\\\]|\\\\.)*'|\\([^)]*\\)|[^\\s\\]]+)");
  /** Keywords that make a match depend on more than one observation or on timing. */
  private static final Set<String> COMBINING_KEYWORDS =
      Set.of("AND", "FOLLOWEDBY", "NOT", "WITHIN", "REPEATS", "START", "STOP");

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException when the pattern contains no comparison, or combines
   *     conditions with AND, NOT, FOLLOWEDBY or a qualifier; reading one address of such a pattern
   *     alone would match more than the indicator does
   */
  static StixPattern parse(String pattern) {
    String skeleton = withoutStrings(pattern).toUpperCase(Locale.ROOT);
    for (String word : skeleton.split("[^A-Z]+")) {
      if (COMBINING_KEYWORDS.contains(word)) {
        throw new IllegalArgumentException("pattern combines conditions with " + word
            + ", and only comparisons joined by OR are read");
      }
    }

    List<String> values = new ArrayList<>();
    List<String> unsupported = new ArrayList<>();
    Matcher matcher = COMPARISON.matcher(pattern);
    while (matcher.find()) {
      String objectType = matcher.group(1).toLowerCase(Locale.ROOT);
      String path = matcher.group(2);
      String operator = matcher.group(3);
      String value = matcher.group(4);
      boolean address = objectType.equals("ipv4-addr") || objectType.equals("ipv6-addr");
      boolean supported = address && path.equals("value") && (operator.equals("=") || operator.equals("ISSUBSET"))
          && value.startsWith("'");
      if (supported) {
        values.add(unquote(value));
      } else {
        unsupported.add(matcher.group().strip());
      }
    }
    if (values.isEmpty() && unsupported.isEmpty()) {
      throw new IllegalArgumentException("no comparison such as [ipv4-addr:value = '203.0.113.7'] found");
    }
    return new StixPattern(List.copyOf(values), List.copyOf(unsupported));
  }

  /** Replaces each quoted string with '' so keywords inside values are not mistaken for operators. */
  private static String withoutStrings(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length());
    boolean quoted = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '\'') {
        quoted = !quoted;
        out.append(c);
      } else if (!quoted) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Removes the quotes and the STIX escapes \' and \\. */
  private static String unquote(String quoted) {
    return quoted.substring(1, quoted.length() - 1).replace("\\'", "'").replace("\\\\", "\\");
  }
}
