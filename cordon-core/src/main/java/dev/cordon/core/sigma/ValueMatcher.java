package dev.cordon.core.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.net.IpAddresses;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * One compiled value of a detection field, tested against the node the field path resolved to.
 * Scalar matchers test each element of an array and an object's JSON text.
 */
abstract class ValueMatcher {

  /**
   * Returns whether the field's node matches.
   *
   * @param node the field's node, or null when the record lacks it
   * @param record the whole record, for matchers that compare two fields
   */
  abstract boolean test(JsonNode node, JsonNode record);

  /** Returns the node as text: a scalar's text, or a container's JSON. Null for JSON null. */
  static String textOf(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    return node.isContainerNode() ? node.toString() : node.asText();
  }

  /**
   * A matcher of the text of scalar values; an array matches when one of its elements does. An
   * object is matched as its JSON text, and again with {@code \"} read as {@code "}, because
   * CloudTrail logs some policies (PutUserPolicy's {@code policyDocument}) as JSON inside a string
   * and rules quote the policy's own keys.
   */
  abstract static class Text extends ValueMatcher {
    abstract boolean testText(String text);

    @Override
    final boolean test(JsonNode node, JsonNode record) {
      if (node == null || node.isNull()) {
        return false;
      }
      if (node.isArray()) {
        for (JsonNode element : node) {
          String text = textOf(element);
          if (text != null && testText(text)) {
            return true;
          }
        }
        return false;
      }
      String text = textOf(node);
      if (testText(text)) {
        return true;
      }
      return node.isContainerNode() && text.contains("\\\"")
          && testText(text.replace("\\\"", "\""));
    }
  }

  /** Sigma's {@code null} value: the field is missing or JSON null. */
  static final class IsNull extends ValueMatcher {
    @Override
    boolean test(JsonNode node, JsonNode record) {
      return node == null || node.isNull();
    }
  }

  /**
   * The {@code exists} modifier. A field whose value is JSON null counts as missing, because
   * CloudTrail writes {@code "requestParameters": null} for calls without parameters.
   */
  static final class Exists extends ValueMatcher {
    private final boolean expected;

    Exists(boolean expected) {
      this.expected = expected;
    }

    @Override
    boolean test(JsonNode node, JsonNode record) {
      return (node != null && !node.isNull()) == expected;
    }
  }

  /** The part of the field's text that a literal must match. */
  enum Mode { EQUALS, CONTAINS, STARTS_WITH, ENDS_WITH }

  /**
   * A plain Sigma string, case-insensitive unless the field has the {@code cased} modifier. A value without
   * wildcards is compared in place; one with {@code *} or {@code ?} is compiled to a pattern.
   */
  static final class Literal extends Text {
    private final Mode mode;
    private final String literal;
    private final boolean ignoreCase;

    Literal(Mode mode, String literal, boolean ignoreCase) {
      this.mode = mode;
      this.literal = literal;
      this.ignoreCase = ignoreCase;
    }

    @Override
    boolean testText(String text) {
      int length = literal.length();
      return switch (mode) {
        case EQUALS -> text.length() == length && text.regionMatches(ignoreCase, 0, literal, 0, length);
        case STARTS_WITH -> text.regionMatches(ignoreCase, 0, literal, 0, length);
        case ENDS_WITH -> text.length() >= length
            && text.regionMatches(ignoreCase, text.length() - length, literal, 0, length);
        case CONTAINS -> contains(text);
      };
    }

    private boolean contains(String text) {
      int last = text.length() - literal.length();
      for (int offset = 0; offset <= last; offset++) {
        if (text.regionMatches(ignoreCase, offset, literal, 0, literal.length())) {
          return true;
        }
      }
      return false;
    }
  }

  /** A pattern that must match the whole text: wildcard values and the {@code re} modifier. */
  static final class Regex extends Text {
    private final Pattern pattern;
    private final boolean whole;

    /** @param whole true to match the whole text (wildcards), false to search in it (re) */
    Regex(Pattern pattern, boolean whole) {
      this.pattern = pattern;
      this.whole = whole;
    }

    @Override
    boolean testText(String text) {
      return whole ? pattern.matcher(text).matches() : pattern.matcher(text).find();
    }
  }

  /** The {@code cidr} modifier: the field is an IP address literal inside the network. */
  static final class Cidr extends Text {
    private final byte[] network;
    private final int prefix;

    Cidr(String cidr) throws UnsupportedRuleException {
      int slash = cidr.indexOf('/');
      String address = slash < 0 ? cidr : cidr.substring(0, slash);
      if (!IpAddresses.isIp(address)) {
        throw new UnsupportedRuleException("invalid cidr value '" + cidr + "'");
      }
      this.network = IpAddresses.parse(address).getAddress();
      try {
        this.prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new UnsupportedRuleException("invalid cidr prefix in '" + cidr + "'");
      }
      if (prefix < 0 || prefix > network.length * 8) {
        throw new UnsupportedRuleException("invalid cidr prefix in '" + cidr + "'");
      }
    }

    @Override
    boolean testText(String text) {
      if (!IpAddresses.isIp(text)) {
        return false;
      }
      InetAddress address = IpAddresses.parse(text);
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (bytes[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (bytes[full] & mask) == (network[full] & mask);
    }
  }

  /** The {@code lt}, {@code lte}, {@code gt} and {@code gte} modifiers on numeric fields. */
  static final class Compare extends Text {
    private final BigDecimal bound;
    private final String operator;

    Compare(String operator, String bound) throws UnsupportedRuleException {
      this.operator = operator;
      try {
        this.bound = new BigDecimal(bound);
      } catch (NumberFormatException e) {
        throw new UnsupportedRuleException("invalid number '" + bound + "' for modifier " + operator);
      }
    }

    @Override
    boolean testText(String text) {
      BigDecimal value;
      try {
        value = new BigDecimal(text.trim());
      } catch (NumberFormatException e) {
        return false;
      }
      int order = value.compareTo(bound);
      return switch (operator) {
        case "lt" -> order < 0;
        case "lte" -> order <= 0;
        case "gt" -> order > 0;
        default -> order >= 0;
      };
    }
  }

  /**
   * The {@code fieldref} modifier: the field's text equals (or contains, starts or ends with) the
   * text of another field of the same record, case-insensitively. A missing field matches nothing.
   */
  static final class FieldRef extends ValueMatcher {
    private final FieldPath other;
    private final Mode mode;

    FieldRef(FieldPath other, Mode mode) {
      this.other = other;
      this.mode = mode;
    }

    FieldPath other() {
      return other;
    }

    @Override
    boolean test(JsonNode node, JsonNode record) {
      String left = textOf(node);
      String right = textOf(other.resolve(record));
      if (left == null || right == null) {
        return false;
      }
      return new Literal(mode, right, true).testText(left);
    }
  }
}
