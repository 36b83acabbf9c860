package dev.cordon.core.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds test events for a rule from its own selections: a positive event that sets each field
 * the condition needs to the first value the rule lists, and near misses that change one of those
 * values. Rules using {@code re}, or values with quotes, need hand-written events instead.
 */
final class RuleExamples {
  static final ObjectMapper JSON = new ObjectMapper();

  private RuleExamples() {}

  /** Returns a plain CloudTrail record by an IAM user that no selection asks for. */
  static ObjectNode baseRecord() {
    try {
      return (ObjectNode) JSON.readTree("""
          {"eventVersion":"1.08","eventTime":"2024-01-15T02:30:00Z",
           "eventID":"11111111-2222-3333-4444-555555555555",
           "eventSource":"example.amazonaws.com","eventName":"ExampleCall",
           "awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7",
           "userAgent":"example-agent/1.0","recipientAccountId":"111122223333",
           "userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE",
             "arn":"arn:aws:iam::111122223333:user/example","accountId":"111122223333",
             "userName":"example"}}
          """);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns a generated event that the rule matches, or empty when generation fails. */
  static Optional<ObjectNode> positive(SigmaRule rule) {
    ObjectNode record = baseRecord();
    List<FieldMatch> used = new ArrayList<>();
    if (!satisfy(rule.condition(), record, used)) {
      return Optional.empty();
    }
    return rule.matches(record) ? Optional.of(record) : Optional.empty();
  }

  /**
   * Returns a copy of the positive event with one value changed so that the rule no longer
   * matches, trying the condition's fields in order, or empty when no single change does it.
   */
  static Optional<ObjectNode> nearMiss(SigmaRule rule, ObjectNode positive) {
    List<FieldMatch> used = new ArrayList<>();
    satisfy(rule.condition(), baseRecord(), used);
    for (FieldMatch field : used) {
      ObjectNode copy = positive.deepCopy();
      if (!breakField(field, copy)) {
        continue;
      }
      if (!rule.matches(copy)) {
        return Optional.of(copy);
      }
    }
    return Optional.empty();
  }

  private static boolean satisfy(Condition condition, ObjectNode record, List<FieldMatch> used) {
    if (condition instanceof Condition.Ref ref) {
      for (FieldMatch field : ref.selection().alternatives().get(0)) {
        if (!setField(field, record)) {
          return false;
        }
        used.add(field);
      }
      return true;
    }
    if (condition instanceof Condition.And and) {
      for (Condition operand : and.operands()) {
        if (!(operand instanceof Condition.Not) && !satisfy(operand, record, used)) {
          return false;
        }
      }
      return true;
    }
    if (condition instanceof Condition.Or or) {
      for (Condition operand : or.operands()) {
        if (!(operand instanceof Condition.Not)) {
          return satisfy(operand, record, used);
        }
      }
      return false;
    }
    // A lone negation is satisfied by leaving the record as it is.
    return true;
  }

  private static boolean setField(FieldMatch field, ObjectNode record) {
    List<String> modifiers = field.modifiers();
    String value = field.values().get(0);
    if (modifiers.contains("re") || value != null && value.contains("\"")) {
      return false;
    }
    if (modifiers.contains("exists")) {
      if (Boolean.parseBoolean(value)) {
        put(record, field.path().name(), JSON.getNodeFactory().textNode("present"));
      } else {
        remove(record, field.path().name());
      }
      return true;
    }
    if (value == null) {
      remove(record, field.path().name());
      return true;
    }
    if (modifiers.contains("fieldref")) {
      JsonNode other = new FieldPath(value).resolve(record);
      String text = other == null || other.isNull() ? "shared-value" : other.asText();
      put(record, value, JSON.getNodeFactory().textNode(text));
      put(record, field.path().name(), JSON.getNodeFactory().textNode(text));
      return true;
    }
    if (modifiers.contains("cidr")) {
      put(record, field.path().name(), JSON.getNodeFactory().textNode(value.split("/")[0]));
      return true;
    }
    String text = modifiers.contains("all") ? String.join("-", plainAll(field.values()))
        : plain(value);
    if (modifiers.contains("contains")) {
      text = "pre-" + text + "-post";
    } else if (modifiers.contains("startswith")) {
      text = text + "-post";
    } else if (modifiers.contains("endswith")) {
      text = "pre-" + text;
    }
    put(record, field.path().name(), JSON.getNodeFactory().textNode(text));
    return true;
  }

  private static boolean breakField(FieldMatch field, ObjectNode record) {
    List<String> modifiers = field.modifiers();
    String value = field.values().get(0);
    String name = field.path().name();
    if (modifiers.contains("exists")) {
      if (Boolean.parseBoolean(value)) {
        remove(record, name);
      } else {
        put(record, name, JSON.getNodeFactory().textNode("present"));
      }
      return true;
    }
    if (value == null) {
      put(record, name, JSON.getNodeFactory().textNode("SomeError"));
      return true;
    }
    if (modifiers.contains("fieldref")) {
      put(record, name, JSON.getNodeFactory().textNode("different-value"));
      return true;
    }
    if (modifiers.contains("cidr")) {
      put(record, name, JSON.getNodeFactory().textNode("192.0.2.1"));
      return true;
    }
    put(record, name, JSON.getNodeFactory().textNode("Unrelated" + name.length()));
    return true;
  }

  private static List<String> plainAll(List<String> values) {
    return values.stream().map(RuleExamples::plain).toList();
  }

  /** Replaces wildcards with one letter and resolves Sigma's escapes. */
  private static String plain(String value) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() && "*?\\".indexOf(value.charAt(i + 1)) >= 0) {
        text.append(value.charAt(++i));
      } else if (c == '*' || c == '?') {
        text.append('w');
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }

  static void put(ObjectNode record, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    ObjectNode node = record;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    node.set(parts[parts.length - 1], value);
  }

  static void remove(ObjectNode record, String path) {
    String[] parts = path.split("\\.");
    JsonNode node = record;
    for (int i = 0; i < parts.length - 1 && node != null; i++) {
      node = node.get(parts[i]);
    }
    if (node instanceof ObjectNode object) {
      object.remove(parts[parts.length - 1]);
    }
  }
}
