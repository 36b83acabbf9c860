package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code Condition} block of an IAM policy statement, evaluated against the request context.
 * Operators: the String, Arn, Date and Numeric families with their negations, {@code Bool},
 * {@code IpAddress}, {@code NotIpAddress} and {@code Null}, each with the {@code IfExists} suffix
 * and the {@code ForAnyValue:} and {@code ForAllValues:} set prefixes. Context keys match
 * case-insensitively, as in IAM. Policy variables such as {@code ${aws:username}} are not
 * substituted.
 */
final class PolicyConditions {
  private static final Set<String> OPERATORS = Set.of(
      "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "DateEquals",
      "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "NumericEquals",
      "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
      "Bool", "IpAddress");

  /** Negated operators and the operator whose result they invert. */
  private static final Map<String, String> NEGATIONS = Map.of(
      "StringNotEquals", "StringEquals",
      "StringNotEqualsIgnoreCase", "StringEqualsIgnoreCase",
      "StringNotLike", "StringLike",
      "ArnNotEquals", "ArnEquals",
      "ArnNotLike", "ArnLike",
      "DateNotEquals", "DateEquals",
      "NumericNotEquals", "NumericEquals",
      "NotIpAddress", "IpAddress");

  private PolicyConditions() {}

  /**
   * Returns whether every operator and key of {@code condition} holds, as IAM joins them with AND.
   * A missing block holds.
   *
   * @param context request context values by lower-case key
   * @throws IllegalArgumentException for an operator the sandbox does not evaluate, so a policy
   *     it cannot judge fails the call instead of silently not denying
   */
  static boolean holds(JsonNode condition, Map<String, List<String>> context) {
    if (condition == null || condition.isNull()) {
      return true;
    }
    for (Map.Entry<String, JsonNode> operator : condition.properties()) {
      for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
        List<String> actual = context.getOrDefault(key.getKey().toLowerCase(Locale.ROOT), List.of());
        if (!holds(operator.getKey(), actual, values(key.getValue()))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Evaluates one operator on one key's context values against the policy's values. */
  static boolean holds(String qualifiedOperator, List<String> actual, List<String> expected) {
    String operator = qualifiedOperator;
    String setOperator = null;
    int colon = operator.indexOf(':');
    if (colon > 0) {
      setOperator = operator.substring(0, colon);
      operator = operator.substring(colon + 1);
      if (!setOperator.equals("ForAnyValue") && !setOperator.equals("ForAllValues")) {
        throw new IllegalArgumentException("Unsupported condition set operator '" + setOperator + "': rewrite the condition with ForAnyValue or ForAllValues.");
      }
    }
    boolean ifExists = operator.endsWith("IfExists");
    if (ifExists) {
      operator = operator.substring(0, operator.length() - "IfExists".length());
    }
    if (operator.equals("Null")) {
      return expected.stream().anyMatch(v -> Boolean.parseBoolean(v) == actual.isEmpty());
    }
    String positive = NEGATIONS.getOrDefault(operator, operator);
    if (!OPERATORS.contains(positive)) {
      throw new IllegalArgumentException("Unsupported condition operator '" + qualifiedOperator + "': the sandbox evaluates " + OPERATORS + ", their negations " + NEGATIONS.keySet() + " and Null. Rewrite the condition with one of these.");
    }
    boolean negated = !positive.equals(operator);

    // A missing key: IfExists and ForAllValues hold, negated operators hold, the rest do not.
    if (actual.isEmpty()) {
      return ifExists || "ForAllValues".equals(setOperator) || (negated && setOperator == null);
    }
    if ("ForAllValues".equals(setOperator)) {
      return actual.stream().allMatch(value -> holdsForValue(positive, negated, value, expected));
    }
    return actual.stream().anyMatch(value -> holdsForValue(positive, negated, value, expected));
  }

  /**
   * Returns whether one context value matches any policy value, or for a negated operator none of
   * them, which is how IAM reads a list of values under one key.
   */
  private static boolean holdsForValue(String operator, boolean negated, String value, List<String> expected) {
    boolean any = expected.stream().anyMatch(candidate -> matches(operator, value, candidate));
    return negated != any;
  }

  private static boolean matches(String operator, String value, String candidate) {
    switch (operator) {
      case "StringEquals":
        return value.equals(candidate);
      case "StringEqualsIgnoreCase":
        return value.equalsIgnoreCase(candidate);
      case "StringLike":
        return wildcard(candidate, false).matcher(value).matches();
      case "ArnEquals":
      case "ArnLike":
        return arnMatches(candidate, value);
      case "Bool":
        return value.equalsIgnoreCase(candidate);
      case "IpAddress":
        return Cidrs.contains(candidate.contains("/") ? candidate : candidate + (candidate.contains(":") ? "/128" : "/32"), value);
      default:
        return operator.startsWith("Date") ? compareDates(operator, value, candidate) : compareNumbers(operator, value, candidate);
    }
  }

  /**
   * Matches an ARN part by part, because IAM does not let a wildcard in one of the six
   * colon-separated parts reach into the next. The last part, the resource, keeps its colons.
   */
  private static boolean arnMatches(String pattern, String arn) {
    String[] patternParts = pattern.split(":", 6);
    String[] arnParts = arn.split(":", 6);
    if (patternParts.length != 6 || arnParts.length != 6) {
      return false;
    }
    for (int i = 0; i < 6; i++) {
      if (!wildcard(patternParts[i], false).matcher(arnParts[i]).matches()) {
        return false;
      }
    }
    return true;
  }

  private static boolean compareDates(String operator, String value, String candidate) {
    Instant actual = parseDate(value);
    Instant bound = parseDate(candidate);
    if (actual == null || bound == null) {
      return false;
    }
    return compare(operator.substring("Date".length()), actual.compareTo(bound));
  }

  private static boolean compareNumbers(String operator, String value, String candidate) {
    try {
      int order = new BigDecimal(value.trim()).compareTo(new BigDecimal(candidate.trim()));
      return compare(operator.substring("Numeric".length()), order);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Reads {@code order} (negative, zero, positive) against a suffix such as {@code LessThanEquals}. */
  private static boolean compare(String relation, int order) {
    switch (relation) {
      case "Equals":
        return order == 0;
      case "LessThan":
        return order < 0;
      case "LessThanEquals":
        return order <= 0;
      case "GreaterThan":
        return order > 0;
      case "GreaterThanEquals":
        return order >= 0;
      default:
        throw new IllegalArgumentException("Unknown comparison " + relation);
    }
  }

  /**
   * Parses the date forms IAM accepts: an ISO 8601 time with an offset, a plain date (midnight
   * UTC) or epoch seconds. Returns null for anything else.
   */
  static Instant parseDate(String text) {
    String trimmed = text.trim();
    try {
      if (trimmed.chars().allMatch(Character::isDigit) && !trimmed.isEmpty()) {
        return Instant.ofEpochSecond(Long.parseLong(trimmed));
      }
      if (trimmed.length() == 10) {
        return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(trimmed).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }

  /**
   * Compiles an IAM wildcard pattern: {@code *} matches any run of characters and {@code ?} one
   * character; everything else is literal.
   */
  static Pattern wildcard(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL);
  }

  /** Returns a policy element that is one string or a list of strings as a list. */
  static List<String> values(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (node.isArray()) {
      node.forEach(item -> values.add(item.asText()));
    } else {
      values.add(node.asText());
    }
    return values;
  }
}
