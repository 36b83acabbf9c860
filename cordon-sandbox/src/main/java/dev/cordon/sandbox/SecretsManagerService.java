package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * AWS Secrets Manager over JSON 1.1: ListSecrets, DescribeSecret and RotateSecret on secret
 * metadata. RotateSecret runs no rotation function: it completes at once by moving the
 * AWSCURRENT label to a new version.
 */
final class SecretsManagerService extends JsonProtocolService {
  private static final int MAX_RESULTS = 100;

  SecretsManagerService() {
    super("secretsmanager", "secretsmanager", "1.1");
    register("ListSecrets", SecretsManagerService::listSecrets);
    register("DescribeSecret", SecretsManagerService::describeSecret);
    register("RotateSecret", SecretsManagerService::rotateSecret);
  }

  private static ObjectNode listSecrets(JsonCall call) {
    List<Secret> matches = new ArrayList<>();
    for (Secret secret : call.state.secrets) {
      if (matchesFilters(secret, call.input.get("Filters"))) {
        matches.add(secret);
      }
    }
    Pages.Page<Secret> page = JsonPages.page(matches, call, "MaxResults", "NextToken", MAX_RESULTS, "InvalidNextTokenException");
    ObjectNode output = JsonCall.output();
    ArrayNode list = output.putArray("SecretList");
    page.items().forEach(secret -> list.add(describe(secret, "SecretVersionsToStages")));
    if (page.nextToken() != null) {
      output.put("NextToken", page.nextToken());
    }
    return output;
  }

  /** Applies the {@code name} and {@code tag-key} filters, which match by prefix as in AWS. */
  private static boolean matchesFilters(Secret secret, JsonNode filters) {
    if (filters == null || !filters.isArray()) {
      return true;
    }
    for (JsonNode filter : filters) {
      String key = filter.path("Key").asText();
      List<String> values = new ArrayList<>();
      filter.path("Values").forEach(v -> values.add(v.asText()));
      boolean any;
      switch (key) {
        case "name":
          any = values.stream().anyMatch(secret.name::startsWith);
          break;
        case "tag-key":
          any = values.stream().anyMatch(v -> secret.tags.keySet().stream().anyMatch(k -> k.startsWith(v)));
          break;
        default:
          throw AwsError.badRequest(
              "InvalidParameterException", "Unsupported filter key '" + key + "': the sandbox supports name and tag-key.");
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode describeSecret(JsonCall call) {
    return describe(find(call), "VersionIdsToStages");
  }

  /**
   * Rotates with the function already configured or the one the request names. A secret with
   * neither is InvalidRequestException, as Secrets Manager rejects it.
   */
  private static ObjectNode rotateSecret(JsonCall call) {
    Secret secret = find(call);
    String lambdaArn = call.text("RotationLambdaARN");
    if (lambdaArn == null && secret.rotationLambdaArn == null) {
      throw AwsError.badRequest(
          "InvalidRequestException",
          "No Lambda rotation function ARN is associated with this secret: pass RotationLambdaARN"
              + " or configure rotation first.");
    }
    if (lambdaArn != null) {
      secret.rotationLambdaArn = lambdaArn;
    }
    JsonNode days = call.input.path("RotationRules").path("AutomaticallyAfterDays");
    if (days.isNumber()) {
      secret.rotationDays = days.asInt();
    }
    secret.rotationEnabled = true;

    Instant now = call.state.clockNow();
    String token = call.text("ClientRequestToken");
    String versionId = token != null ? token : UUID.randomUUID().toString();
    moveLabels(secret, versionId);
    secret.lastRotatedDate = now;
    secret.lastChangedDate = now;
    Secret.Rotation rotation = new Secret.Rotation();
    rotation.versionId = versionId;
    rotation.requestedAt = now;
    secret.rotations.add(rotation);

    ObjectNode output = JsonCall.output();
    output.put("ARN", secret.arn);
    output.put("Name", secret.name);
    output.put("VersionId", versionId);
    return output;
  }

  /** Makes {@code versionId} AWSCURRENT and the former current version AWSPREVIOUS. */
  private static void moveLabels(Secret secret, String versionId) {
    secret.versionIdsToStages.values().forEach(labels -> labels.remove("AWSPREVIOUS"));
    for (List<String> labels : secret.versionIdsToStages.values()) {
      if (labels.remove("AWSCURRENT")) {
        labels.add("AWSPREVIOUS");
      }
    }
    secret.versionIdsToStages.values().removeIf(List::isEmpty);
    secret.versionIdsToStages.put(versionId, new ArrayList<>(List.of("AWSCURRENT")));
  }

  /** Finds the secret by name or full ARN. */
  private static Secret find(JsonCall call) {
    String id = call.require("SecretId", "InvalidParameterException");
    return call.state.secrets.stream()
        .filter(s -> s.name.equals(id) || s.arn.equals(id))
        .findFirst()
        .orElseThrow(() -> AwsError.badRequest("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
  }

  private static ObjectNode describe(Secret secret, String versionsMember) {
    ObjectNode node = JsonCall.output();
    node.put("ARN", secret.arn);
    node.put("Name", secret.name);
    if (secret.description != null) {
      node.put("Description", secret.description);
    }
    if (secret.kmsKeyId != null) {
      node.put("KmsKeyId", secret.kmsKeyId);
    }
    node.put("RotationEnabled", secret.rotationEnabled);
    if (secret.rotationLambdaArn != null) {
      node.put("RotationLambdaARN", secret.rotationLambdaArn);
    }
    if (secret.rotationDays != null) {
      node.putObject("RotationRules").put("AutomaticallyAfterDays", secret.rotationDays);
    }
    JsonCall.putTimestamp(node, "LastRotatedDate", secret.lastRotatedDate);
    JsonCall.putTimestamp(node, "LastChangedDate", secret.lastChangedDate);
    JsonCall.putTimestamp(node, "LastAccessedDate", secret.lastAccessedDate);
    JsonCall.putTimestamp(node, "CreatedDate", secret.createdDate);
    ArrayNode tags = node.putArray("Tags");
    secret.tags.forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
    ObjectNode versions = node.putObject(versionsMember);
    for (Map.Entry<String, List<String>> version : secret.versionIdsToStages.entrySet()) {
      ArrayNode labels = versions.putArray(version.getKey());
      version.getValue().forEach(labels::add);
    }
    return node;
  }
}
