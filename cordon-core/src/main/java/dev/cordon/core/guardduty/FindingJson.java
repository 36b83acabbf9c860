package dev.cordon.core.guardduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Field access that accepts both key casings of a finding: camelCase as the API and EventBridge send
 * it, and PascalCase as the AWS CLI prints it ({@code instanceDetails} or {@code InstanceDetails}).
 */
final class FindingJson {
  /** Epoch values above this are milliseconds: 10^11 seconds is in the year 5138. */
  private static final long MILLIS_THRESHOLD = 100_000_000_000L;

  private FindingJson() {}

  /** Returns the node at the path of camelCase names, or a missing node when any step is absent. */
  static JsonNode at(JsonNode node, String... names) {
    JsonNode current = node;
    for (String name : names) {
      current = field(current, name);
    }
    return current;
  }

  private static JsonNode field(JsonNode node, String camelName) {
    if (node == null || !node.isObject()) {
      return MissingNode.getInstance();
    }
    JsonNode value = node.get(camelName);
    if (value == null) {
      value = node.get(Character.toUpperCase(camelName.charAt(0)) + camelName.substring(1));
    }
    return value == null ? MissingNode.getInstance() : value;
  }

  /** Returns the scalar at the path as text, or null when it is missing, null, empty or a container. */
  static String text(JsonNode node, String... names) {
    JsonNode value = at(node, names);
    if (value.isMissingNode() || value.isNull() || value.isContainerNode()) {
      return null;
    }
    String text = value.asText();
    return text.isEmpty() ? null : text;
  }

  /** Returns the elements of an array; one object counts as a list of one, as some pipelines write it. */
  static List<JsonNode> elements(JsonNode node) {
    List<JsonNode> list = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(list::add);
    } else if (node.isObject()) {
      list.add(node);
    }
    return list;
  }

  static Integer integer(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.intValue();
    }
    if (node.isTextual()) {
      try {
        return Integer.valueOf(node.textValue().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static boolean isTrue(JsonNode node) {
    return node.isBoolean() ? node.booleanValue() : "true".equalsIgnoreCase(node.asText());
  }

  /**
   * Parses a finding time: ISO 8601 with {@code Z} or an offset, the space-separated UTC form that
   * Panther and SQL exports write ({@code 2025-02-25 20:40:06.721}), or epoch seconds or
   * milliseconds as older EventBridge payloads carry them.
   *
   * @throws DateTimeParseException when the text is none of these
   */
  static Instant time(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      long number = node.longValue();
      return number > MILLIS_THRESHOLD ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
    }
    String text = node.asText().trim();
    if (text.length() > 10 && text.charAt(10) == ' ' && !text.endsWith("Z")) {
      return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }
    return Instant.parse(text);
  }
}
