package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The IAM action and resource ARNs of a routed request, which Resource elements of a policy are
 * matched against. The action is the signing name and the operation, except for S3 and GuardDuty,
 * whose REST operations are named from the method and path. Resources are derived for the
 * parameters listed in {@link #resources}; any other request names {@code *}, so only statements
 * with {@code "Resource": "*"} apply to it.
 */
final class PolicyRequests {
  private PolicyRequests() {}

  /** Returns the IAM action, for example {@code ec2:StopInstances} or {@code s3:GetObject}. */
  static String action(String service, SandboxRequest request) {
    switch (service) {
      case "s3":
        return "s3:" + s3Operation(request);
      case "guardduty":
        return "guardduty:" + guardDutyOperation(request);
      default:
        return service + ":" + request.operationName();
    }
  }

  /**
   * Names S3's action as IAM does: a bucket listing is {@code ListBucket}, a HEAD is {@code GetObject}, and
   * creating, uploading parts of and completing a multipart upload are {@code PutObject}.
   */
  private static String s3Operation(SandboxRequest request) {
    boolean hasKey = s3Key(request.path()) != null;
    if (request.params().has("uploadId")) {
      switch (request.method()) {
        case "GET":
          return "ListMultipartUploadParts";
        case "DELETE":
          return "AbortMultipartUpload";
        default:
          return "PutObject";
      }
    }
    if (request.params().has("uploads")) {
      return "PutObject";
    }
    switch (request.method()) {
      case "GET":
        return hasKey ? "GetObject" : "ListBucket";
      case "HEAD":
        return hasKey ? "GetObject" : "ListBucket";
      case "PUT":
        return "PutObject";
      default:
        return request.method();
    }
  }

  private static String guardDutyOperation(SandboxRequest request) {
    String path = request.path();
    if (path.equals("/detector")) {
      return "ListDetectors";
    }
    return path.endsWith("/findings/get") ? "GetFindings" : "ListFindings";
  }

  /**
   * Returns the ARNs the request acts on: EC2 and SSM instance ids, IAM role and user names,
   * Secrets Manager secret ids, SNS topics and S3 buckets and objects. Returns {@code ["*"]} when
   * none applies.
   */
  static List<String> resources(String service, SandboxRequest request, AccountState state) {
    List<String> arns = new ArrayList<>();
    String prefix = "arn:aws:" + service + ":" + state.region + ":" + state.accountId + ":";
    switch (service) {
      case "ec2":
        addInstances(arns, state, request.params().get("InstanceId"));
        request.params().list("InstanceId").forEach(id -> addInstances(arns, state, id));
        break;
      case "ssm":
        JsonProtocolService.parseBody(request.body()).path("InstanceIds").forEach(id -> addInstances(arns, state, id.asText()));
        break;
      case "iam":
        String role = request.params().get("RoleName");
        if (role != null) {
          arns.add(state.role(role).map(r -> r.arn(state.accountId)).orElse("arn:aws:iam::" + state.accountId + ":role/" + role));
        }
        String user = request.params().get("UserName");
        if (user != null) {
          arns.add(state.user(user).map(u -> u.arn(state.accountId)).orElse("arn:aws:iam::" + state.accountId + ":user/" + user));
        }
        break;
      case "secretsmanager":
        JsonNode secretId = JsonProtocolService.parseBody(request.body()).get("SecretId");
        if (secretId != null) {
          String id = secretId.asText();
          arns.add(state.secrets.stream()
              .filter(s -> s.name.equals(id) || s.arn.equals(id))
              .map(s -> s.arn)
              .findFirst()
              .orElse(id.startsWith("arn:") ? id : prefix + "secret:" + id));
        }
        break;
      case "sns":
        String topic = request.params().get("TopicArn");
        if (topic != null) {
          arns.add(topic);
        }
        break;
      case "s3":
        addS3(arns, request.path());
        break;
      default:
        break;
    }
    return arns.isEmpty() ? List.of("*") : arns;
  }

  private static void addInstances(List<String> arns, AccountState state, String instanceId) {
    if (instanceId != null) {
      arns.add(instanceArn(state, instanceId));
    }
  }

  static String instanceArn(AccountState state, String instanceId) {
    return "arn:aws:ec2:" + state.region + ":" + state.accountId + ":instance/" + instanceId;
  }

  /** Adds {@code arn:aws:s3:::bucket} for a listing or {@code arn:aws:s3:::bucket/key} for an object. */
  private static void addS3(List<String> arns, String path) {
    String[] parts = path.substring(1).split("/", 2);
    if (parts[0].isEmpty()) {
      return;
    }
    String key = s3Key(path);
    arns.add("arn:aws:s3:::" + S3Service.percentDecode(parts[0]) + (key == null ? "" : "/" + key));
  }

  private static String s3Key(String path) {
    int slash = path.indexOf('/', 1);
    return slash < 0 || slash == path.length() - 1 ? null : S3Service.percentDecode(path.substring(slash + 1));
  }
}
