package dev.cordon.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Amazon EventBridge over JSON 1.1: PutRule and PutTargets on the default event bus. Rules are
 * recorded and never match or fire.
 */
final class EventBridgeService extends JsonProtocolService {
  /** EventBridge allows at most 5 targets per rule. */
  private static final int MAX_TARGETS = 5;

  EventBridgeService() {
    super("events", "AWSEvents", "1.1");
    register("PutRule", EventBridgeService::putRule);
    register("PutTargets", EventBridgeService::putTargets);
  }

  /** Creates or replaces a rule; it needs an event pattern, a schedule, or both. */
  private static ObjectNode putRule(JsonCall call) {
    requireDefaultBus(call);
    String name = call.require("Name", "ValidationException");
    String pattern = call.text("EventPattern");
    String schedule = call.text("ScheduleExpression");
    if (pattern == null && schedule == null) {
      throw AwsError.badRequest("ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified.");
    }
    if (pattern != null) {
      requirePatternObject(pattern);
    }

    EventRule rule = call.state.eventRules.stream().filter(r -> r.name.equals(name)).findFirst().orElse(null);
    if (rule == null) {
      rule = new EventRule();
      rule.name = name;
      rule.arn = "arn:aws:events:" + call.state.region + ":" + call.state.accountId + ":rule/" + name;
      call.state.eventRules.add(rule);
    }
    rule.eventPattern = pattern;
    rule.scheduleExpression = schedule;
    rule.description = call.text("Description");
    rule.roleArn = call.text("RoleArn");
    String state = call.text("State");
    rule.state = state == null ? "ENABLED" : state;

    ObjectNode output = JsonCall.output();
    output.put("RuleArn", rule.arn);
    return output;
  }

  private static void requirePatternObject(String pattern) {
    try {
      JsonNode parsed = JSON.readTree(pattern);
      if (parsed != null && parsed.isObject()) {
        return;
      }
    } catch (JsonProcessingException e) {
      // Falls through to the error below.
    }
    throw AwsError.badRequest("InvalidEventPatternException", "Event pattern is not valid. Reason: it must be a JSON object.");
  }

  private static ObjectNode putTargets(JsonCall call) {
    requireDefaultBus(call);
    String name = call.require("Rule", "ValidationException");
    EventRule rule = call.state.eventRules.stream()
        .filter(r -> r.name.equals(name))
        .findFirst()
        .orElseThrow(() -> AwsError.badRequest("ResourceNotFoundException", "Rule " + name + " does not exist on EventBus default."));
    long added = 0;
    for (JsonNode target : call.input.path("Targets")) {
      String id = target.path("Id").asText();
      added += rule.targets.stream().anyMatch(t -> t.id.equals(id)) ? 0 : 1;
    }
    if (rule.targets.size() + added > MAX_TARGETS) {
      throw AwsError.badRequest("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
    }
    for (JsonNode target : call.input.path("Targets")) {
      String id = target.path("Id").asText();
      rule.targets.removeIf(t -> t.id.equals(id));
      EventRule.Target stored = new EventRule.Target();
      stored.id = id;
      stored.arn = target.path("Arn").asText();
      stored.input = target.hasNonNull("Input") ? target.get("Input").asText() : null;
      stored.roleArn = target.hasNonNull("RoleArn") ? target.get("RoleArn").asText() : null;
      rule.targets.add(stored);
    }

    ObjectNode output = JsonCall.output();
    output.put("FailedEntryCount", 0);
    output.putArray("FailedEntries");
    return output;
  }

  private static void requireDefaultBus(JsonCall call) {
    String bus = call.text("EventBusName");
    if (bus != null && !bus.equals("default")) {
      throw AwsError.badRequest("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
    }
  }
}
