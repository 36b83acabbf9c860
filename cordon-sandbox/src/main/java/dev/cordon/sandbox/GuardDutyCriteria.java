package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a GuardDuty {@code FindingCriteria} against a finding in GuardDuty's JSON shape. Each
 * criterion key is a dotted path into the finding (for example
 * {@code resource.instanceDetails.instanceId}); a path through an array matches when any element
 * does. All keys must match. Conditions: {@code eq}/{@code equals} (any listed value),
 * {@code neq}/{@code notEquals} (none of them), and the numeric {@code gt}, {@code gte},
 * {@code lt}, {@code lte} with their long names.
 */
final class GuardDutyCriteria {
  private GuardDutyCriteria() {}

  static boolean matches(JsonNode finding, JsonNode criterion) {
    for (Map.Entry<String, JsonNode> entry : criterion.properties()) {
      List<JsonNode> values = new ArrayList<>();
      collect(finding, entry.getKey().split("\\."), 0, values);
      if (!conditionsHold(values, entry.getValue(), entry.getKey())) {
        return false;
      }
    }
    return true;
  }

  private static void collect(JsonNode node, String[] path, int depth, List<JsonNode> into) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return;
    }
    if (node.isArray()) {
      node.forEach(item -> collect(item, path, depth, into));
      return;
    }
    if (depth == path.length) {
      into.add(node);
      return;
    }
    collect(node.get(path[depth]), path, depth + 1, into);
  }

  private static boolean conditionsHold(List<JsonNode> values, JsonNode condition, String key) {
    for (Map.Entry<String, JsonNode> test : condition.properties()) {
      boolean holds;
      switch (test.getKey()) {
        case "eq":
        case "equals":
          holds = values.stream().anyMatch(v -> listed(test.getValue(), v));
          break;
        case "neq":
        case "notEquals":
          holds = values.stream().noneMatch(v -> listed(test.getValue(), v));
          break;
        case "gt":
        case "greaterThan":
          holds = values.stream().anyMatch(v -> number(v) > test.getValue().asDouble());
          break;
        case "gte":
        case "greaterThanOrEqual":
          holds = values.stream().anyMatch(v -> number(v) >= test.getValue().asDouble());
          break;
        case "lt":
        case "lessThan":
          holds = values.stream().anyMatch(v -> number(v) < test.getValue().asDouble());
          break;
        case "lte":
        case "lessThanOrEqual":
          holds = values.stream().anyMatch(v -> number(v) <= test.getValue().asDouble());
          break;
        default:
          throw AwsError.badRequest("BadRequestException", "Unsupported condition '" + test.getKey() + "' on criterion " + key + ".");
      }
      if (!holds) {
        return false;
      }
    }
    return true;
  }

  /** Compares as text, as GuardDuty sends every eq value as a string. */
  private static boolean listed(JsonNode list, JsonNode value) {
    for (JsonNode item : list) {
      if (item.asText().equals(value.asText())) {
        return true;
      }
    }
    return false;
  }

  /** Returns a number, or an ISO timestamp as epoch milliseconds, as GuardDuty compares them. */
  private static double number(JsonNode value) {
    if (value.isNumber()) {
      return value.asDouble();
    }
    try {
      return java.time.Instant.parse(value.asText()).toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      return Double.NaN;
    }
  }
}
