package dev.cordon.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Base of the services on the AWS JSON 1.0 and 1.1 protocols: every request is a POST to
 * {@code /} whose {@code X-Amz-Target} header reads {@code TargetPrefix.Operation}, the body is a
 * JSON object, and an error is a JSON object whose {@code __type} is the error code.
 */
abstract class JsonProtocolService implements AwsService {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Function<JsonCall, ObjectNode>> operations = new LinkedHashMap<>();
  private final String signingName;
  private final String targetPrefix;
  private final String contentType;

  /**
   * @param targetPrefix the service's {@code targetPrefix} in its SDK model, for example
   *     {@code AmazonSSM}
   * @param jsonVersion {@code 1.0} or {@code 1.1}, as the model's {@code jsonVersion}
   */
  JsonProtocolService(String signingName, String targetPrefix, String jsonVersion) {
    this.signingName = signingName;
    this.targetPrefix = targetPrefix;
    this.contentType = "application/x-amz-json-" + jsonVersion;
  }

  final void register(String operation, Function<JsonCall, ObjectNode> handler) {
    operations.put(operation, handler);
  }

  /** Returns whether {@code target}, an X-Amz-Target header, names this service. */
  final boolean isTarget(String target) {
    return target != null && target.startsWith(targetPrefix + ".");
  }

  @Override
  public final String signingName() {
    return signingName;
  }

  @Override
  public final SandboxResponse handle(SandboxRequest request, RequestContext context) {
    String target = request.header("X-Amz-Target");
    if (!isTarget(target)) {
      throw AwsError.badRequest(
          "UnknownOperationException",
          "Missing or unknown X-Amz-Target '" + target + "': expected " + targetPrefix + ".Operation.");
    }
    String operation = target.substring(targetPrefix.length() + 1);
    Function<JsonCall, ObjectNode> handler = operations.get(operation);
    if (handler == null) {
      throw AwsError.badRequest("UnknownOperationException", "Unknown operation " + operation + ".");
    }
    ObjectNode output = handler.apply(new JsonCall(operation, parseBody(request.body()), context));
    return response(200, output, context.requestId());
  }

  /** The JSON protocol services answer a denied call with {@code AccessDeniedException} and HTTP 400. */
  @Override
  public AwsError accessDenied(String message) {
    return AwsError.badRequest("AccessDeniedException", message);
  }

  @Override
  public final SandboxResponse error(AwsError error, String requestId) {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", error.code);
    body.put("message", error.getMessage());
    return response(error.status, body, requestId);
  }

  private SandboxResponse response(int status, ObjectNode body, String requestId) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Failed to write a JSON response", e);
    }
    return new SandboxResponse(status, contentType, bytes, Map.of("x-amzn-RequestId", requestId));
  }

  /** Parses the request body; an empty body is an empty input, as the SDK sends for no members. */
  static ObjectNode parseBody(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(new String(body, StandardCharsets.UTF_8));
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      // Falls through to the error below.
    }
    throw AwsError.badRequest("SerializationException", "The request body is not a JSON object.");
  }
}
