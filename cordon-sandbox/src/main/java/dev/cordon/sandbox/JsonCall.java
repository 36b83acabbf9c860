package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One request to a JSON-protocol or REST-JSON service: its input members and the state. */
final class JsonCall {
  final String operation;
  final ObjectNode input;
  final AccountState state;
  final String requestId;
  final SignatureScope scope;

  JsonCall(String operation, ObjectNode input, RequestContext context) {
    this.operation = operation;
    this.input = input;
    this.state = context.state();
    this.requestId = context.requestId();
    this.scope = context.scope();
  }

  /** Returns a new, empty output object. */
  static ObjectNode output() {
    return JsonProtocolService.JSON.createObjectNode();
  }

  /** Returns the text member {@code name}, or null when it is absent or null. */
  String text(String name) {
    JsonNode value = input.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  /**
   * Returns the text member {@code name}.
   *
   * @throws AwsError ValidationException (named {@code code} by some services) when it is missing
   */
  String require(String name, String code) {
    String value = text(name);
    if (value == null || value.isEmpty()) {
      throw AwsError.badRequest(code, "1 validation error detected: Value null at '" + name + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  /** Returns the integer member {@code name}, or null. */
  Integer integer(String name) {
    JsonNode value = input.get(name);
    return value == null || value.isNull() ? null : value.asInt();
  }

  /** Returns the text items of the list member {@code name}; empty when absent. */
  List<String> list(String name) {
    List<String> values = new ArrayList<>();
    JsonNode value = input.get(name);
    if (value != null && value.isArray()) {
      value.forEach(item -> values.add(item.asText()));
    }
    return values;
  }

  /**
   * Returns the timestamp member {@code name}, sent as epoch seconds with an optional fraction, or
   * null.
   */
  Instant timestamp(String name) {
    JsonNode value = input.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    return epochSeconds(value.asDouble());
  }

  static Instant epochSeconds(double seconds) {
    long whole = (long) Math.floor(seconds);
    return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1_000_000_000L));
  }

  /** Writes {@code instant} as AWS JSON's default timestamp format: epoch seconds. */
  static void putTimestamp(ObjectNode node, String name, Instant instant) {
    if (instant != null) {
      node.put(name, instant.toEpochMilli() / 1000.0);
    }
  }

  static ArrayNode array() {
    return JsonProtocolService.JSON.createArrayNode();
  }
}
