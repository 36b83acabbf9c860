package dev.cordon.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon GuardDuty over REST-JSON: ListDetectors ({@code GET /detector}), ListFindings
 * ({@code POST /detector/ID/findings}) with finding criteria, and GetFindings
 * ({@code POST /detector/ID/findings/get}) returning the stored findings unchanged.
 */
final class GuardDutyService implements AwsService {
  private static final Pattern FINDINGS = Pattern.compile("/detector/([^/]+)/findings(/get)?");
  /** ListFindings returns at most 50 ids per page; GetFindings takes at most 50 ids. */
  private static final int MAX_RESULTS = 50;

  @Override
  public String signingName() {
    return "guardduty";
  }

  @Override
  public SandboxResponse handle(SandboxRequest request, RequestContext context) {
    String path = request.path();
    if (request.method().equals("GET") && path.equals("/detector")) {
      return ok(listDetectors(context.state()), context.requestId());
    }
    Matcher findings = FINDINGS.matcher(path);
    if (request.method().equals("POST") && findings.matches()) {
      GuardDutyDetector detector = detector(context.state(), findings.group(1));
      JsonCall call = new JsonCall(findings.group(2) == null ? "ListFindings" : "GetFindings", JsonProtocolService.parseBody(request.body()), context);
      ObjectNode output = findings.group(2) == null ? listFindings(detector, call) : getFindings(detector, call);
      return ok(output, context.requestId());
    }
    throw new AwsError(404, "NotFoundException", "No GuardDuty operation at " + request.method() + " " + path + ".");
  }

  private static ObjectNode listDetectors(AccountState state) {
    ObjectNode output = JsonCall.output();
    ArrayNode ids = output.putArray("detectorIds");
    state.guardDutyDetectors.forEach(d -> ids.add(d.detectorId));
    return output;
  }

  private static ObjectNode listFindings(GuardDutyDetector detector, JsonCall call) {
    JsonNode criterion = call.input.path("findingCriteria").path("criterion");
    List<String> ids = new ArrayList<>();
    for (ObjectNode finding : detector.findings) {
      if (GuardDutyCriteria.matches(finding, criterion)) {
        ids.add(finding.path("id").asText());
      }
    }
    Pages.Page<String> page = JsonPages.page(ids, call, "maxResults", "nextToken", MAX_RESULTS, "BadRequestException");
    ObjectNode output = JsonCall.output();
    ArrayNode list = output.putArray("findingIds");
    page.items().forEach(list::add);
    if (page.nextToken() != null) {
      output.put("nextToken", page.nextToken());
    }
    return output;
  }

  private static ObjectNode getFindings(GuardDutyDetector detector, JsonCall call) {
    List<String> ids = call.list("findingIds");
    if (ids.size() > MAX_RESULTS) {
      throw AwsError.badRequest("BadRequestException", "The request is rejected because findingIds has more than 50 items.");
    }
    ObjectNode output = JsonCall.output();
    ArrayNode list = output.putArray("findings");
    for (ObjectNode finding : detector.findings) {
      if (ids.contains(finding.path("id").asText())) {
        list.add(finding.deepCopy());
      }
    }
    return output;
  }

  private static GuardDutyDetector detector(AccountState state, String id) {
    return state.guardDutyDetectors.stream()
        .filter(d -> d.detectorId.equals(id))
        .findFirst()
        .orElseThrow(() -> AwsError.badRequest(
            "BadRequestException",
            "The request is rejected because the input detectorId is not owned by the current account."));
  }

  private static SandboxResponse ok(ObjectNode body, String requestId) {
    return json(200, body, requestId, null);
  }

  /** GuardDuty, a REST-JSON service, answers a denied call with HTTP 403. */
  @Override
  public AwsError accessDenied(String message) {
    return new AwsError(403, "AccessDeniedException", message);
  }

  @Override
  public SandboxResponse error(AwsError error, String requestId) {
    ObjectNode body = JsonCall.output();
    body.put("message", error.getMessage());
    body.put("__type", error.code);
    return json(error.status, body, requestId, error.code);
  }

  /** REST-JSON clients read the error code from the {@code x-amzn-ErrorType} header. */
  private static SandboxResponse json(int status, ObjectNode body, String requestId, String errorType) {
    try {
      byte[] bytes = JsonProtocolService.JSON.writeValueAsBytes(body);
      Map<String, String> headers =
          errorType == null ? Map.of("x-amzn-RequestId", requestId) : Map.of("x-amzn-RequestId", requestId, "x-amzn-ErrorType", errorType);
      return new SandboxResponse(status, "application/json", bytes, headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Failed to write a GuardDuty response", e);
    }
  }
}
