package dev.cordon.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * AWS CloudTrail over JSON 1.1: LookupEvents over the events in the state, newest first, with the
 * lookup attributes, the time range, the 90-day window and the per-account rate limit of the real
 * API.
 */
final class CloudTrailService extends JsonProtocolService {
  /** LookupEvents accepts 2 requests per second per account and region (CloudTrail quotas). */
  static final int LOOKUPS_PER_SECOND = 2;

  /** LookupEvents searches only the last 90 days of management events. */
  private static final Duration LOOKUP_WINDOW = Duration.ofDays(90);

  private static final int MAX_RESULTS = 50;

  /** Wall-clock times, from System.nanoTime, of the LookupEvents calls in the last second. */
  private final Deque<Long> recentLookups = new ArrayDeque<>();

  CloudTrailService() {
    super("cloudtrail", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", "1.1");
    register("LookupEvents", this::lookupEvents);
  }

  private ObjectNode lookupEvents(JsonCall call) {
    enforceRateLimit();
    Predicate<TrailEvent> attribute = lookupAttribute(call);
    Instant now = call.state.clockNow();
    Instant start = call.timestamp("StartTime");
    Instant end = call.timestamp("EndTime");
    if (start != null && end != null && start.isAfter(end)) {
      throw AwsError.badRequest("InvalidTimeRangeException", "Start time must not be after end time.");
    }
    Instant earliest = now.minus(LOOKUP_WINDOW);

    List<TrailEvent> matches = new ArrayList<>();
    for (TrailEvent event : call.state.trailEvents) {
      boolean inWindow = !event.eventTime.isBefore(earliest) && !event.eventTime.isAfter(now);
      boolean inRange =
          (start == null || !event.eventTime.isBefore(start)) && (end == null || !event.eventTime.isAfter(end));
      if (inWindow && inRange && attribute.test(event)) {
        matches.add(event);
      }
    }
    matches.sort(Comparator.comparing((TrailEvent e) -> e.eventTime).reversed());

    Pages.Page<TrailEvent> page = JsonPages.page(matches, call, "MaxResults", "NextToken", MAX_RESULTS, "InvalidNextTokenException");
    ObjectNode output = JsonCall.output();
    ArrayNode events = output.putArray("Events");
    for (TrailEvent event : page.items()) {
      events.add(summary(event, call.state));
    }
    if (page.nextToken() != null) {
      output.put("NextToken", page.nextToken());
    }
    return output;
  }

  /**
   * Rejects a third call within one second with ThrottlingException, as CloudTrail does. The
   * window runs on the wall clock, because the scenario clock moves at the same speed.
   */
  private void enforceRateLimit() {
    long now = System.nanoTime();
    long oneSecondAgo = now - 1_000_000_000L;
    while (!recentLookups.isEmpty() && recentLookups.peekFirst() <= oneSecondAgo) {
      recentLookups.removeFirst();
    }
    if (recentLookups.size() >= LOOKUPS_PER_SECOND) {
      throw AwsError.badRequest("ThrottlingException", "Rate exceeded");
    }
    recentLookups.addLast(now);
  }

  /** Returns the filter of the request's single lookup attribute; no attribute matches all. */
  private static Predicate<TrailEvent> lookupAttribute(JsonCall call) {
    JsonNode attributes = call.input.get("LookupAttributes");
    if (attributes == null || attributes.isNull() || attributes.isEmpty()) {
      return e -> true;
    }
    if (attributes.size() > 1) {
      throw AwsError.badRequest(
          "InvalidLookupAttributesException", "You can specify only one lookup attribute.");
    }
    String key = attributes.get(0).path("AttributeKey").asText();
    String value = attributes.get(0).path("AttributeValue").asText();
    switch (key) {
      case "EventId":
        return e -> value.equals(e.eventId);
      case "EventName":
        return e -> value.equals(e.eventName);
      case "Username":
        return e -> value.equals(e.username);
      case "AccessKeyId":
        return e -> value.equals(e.accessKeyId);
      case "EventSource":
        return e -> value.equals(e.eventSource);
      case "ReadOnly":
        return e -> value.equals(String.valueOf(e.readOnly));
      case "ResourceName":
        return e -> e.resources.stream().anyMatch(r -> value.equals(r.resourceName));
      case "ResourceType":
        return e -> e.resources.stream().anyMatch(r -> value.equals(r.resourceType));
      default:
        throw AwsError.badRequest(
            "InvalidLookupAttributesException",
            "Invalid AttributeKey '" + key + "': expected EventId, EventName, ReadOnly, Username,"
                + " ResourceType, ResourceName, EventSource or AccessKeyId.");
    }
  }

  private static ObjectNode summary(TrailEvent event, AccountState state) {
    ObjectNode node = JsonCall.output();
    node.put("EventId", event.eventId);
    node.put("EventName", event.eventName);
    node.put("ReadOnly", String.valueOf(event.readOnly));
    if (event.accessKeyId != null) {
      node.put("AccessKeyId", event.accessKeyId);
    }
    JsonCall.putTimestamp(node, "EventTime", event.eventTime);
    node.put("EventSource", event.eventSource);
    if (event.username != null) {
      node.put("Username", event.username);
    }
    ArrayNode resources = node.putArray("Resources");
    for (TrailEvent.Resource resource : event.resources) {
      resources.addObject().put("ResourceType", resource.resourceType).put("ResourceName", resource.resourceName);
    }
    node.put("CloudTrailEvent", record(event, state));
    return node;
  }

  /** Returns the event as the JSON text of a CloudTrail record (event version 1.08). */
  static String record(TrailEvent event, AccountState state) {
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    fields.put("eventVersion", "1.08");
    fields.put("userIdentity", event.userIdentity);
    fields.put("eventTime", event.eventTime.toString());
    fields.put("eventSource", event.eventSource);
    fields.put("eventName", event.eventName);
    fields.put("awsRegion", state.region);
    fields.put("sourceIPAddress", event.sourceIpAddress);
    fields.put("userAgent", event.userAgent);
    if (event.errorCode != null) {
      fields.put("errorCode", event.errorCode);
    }
    fields.put("requestParameters", event.requestParameters);
    fields.put("responseElements", event.responseElements);
    fields.put("requestID", event.eventId);
    fields.put("eventID", event.eventId);
    fields.put("readOnly", event.readOnly);
    fields.put("eventType", "AwsApiCall");
    fields.put("managementEvent", true);
    fields.put("recipientAccountId", state.accountId);
    fields.put("eventCategory", "Management");
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Failed to write CloudTrail event " + event.eventId, e);
    }
  }
}
