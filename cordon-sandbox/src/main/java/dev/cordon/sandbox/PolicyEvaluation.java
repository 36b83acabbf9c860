package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Explicit-deny evaluation of a role's identity-based policies: the inline policies and the
 * default version of each attached managed policy. A Deny statement denies the request when its
 * Action (or NotAction), its Resource (or NotResource) and its Condition all match. Allow
 * statements are not evaluated: a call without an explicit deny goes through, whatever the role
 * is allowed. Trust policies, permissions boundaries, session policies, SCPs and resource
 * policies are not evaluated either.
 */
final class PolicyEvaluation {
  private static final Logger log = LoggerFactory.getLogger(PolicyEvaluation.class);

  /** Action AWS serves to any caller, even one whose policies deny it. */
  private static final String GET_CALLER_IDENTITY = "sts:GetCallerIdentity";

  private PolicyEvaluation() {}

  /**
   * Evaluates the request when its access key belongs to a role session or to instance
   * credentials, records the decision and throws the service's access-denied error on an explicit
   * deny. Requests with any other key, such as the scenario's admin key, are not evaluated.
   *
   * @param callerIp the address the request came from, the default {@code aws:SourceIp}
   */
  static void check(AwsService service, SandboxRequest request, RequestContext context, String callerIp) {
    AccountState state = context.state();
    Optional<RequestPrincipal> found = RequestPrincipal.of(state, context.scope().accessKeyId());
    if (found.isEmpty()) {
      return;
    }
    RequestPrincipal principal = found.get();
    String action = PolicyRequests.action(service.signingName(), request);
    if (action.equals(GET_CALLER_IDENTITY)) {
      return;
    }
    List<String> resources = PolicyRequests.resources(service.signingName(), request, state);

    PolicyDecision decision = new PolicyDecision();
    decision.time = state.clockNow().toString();
    decision.accessKeyId = principal.accessKeyId();
    decision.principal = principal.arn();
    decision.action = action;
    decision.resources.addAll(resources);
    decision.decision = PolicyDecision.NOT_DENIED;
    Map<String, List<String>> conditionContext = context(state, principal, callerIp);
    String deniedResource = findDeny(state, principal, action, resources, conditionContext, decision);
    state.policyDecisions.add(decision);
    if (deniedResource == null) {
      return;
    }

    log.info("Denied {} to {} by statement {} of policy {}", action, principal.arn(), decision.statement, decision.policy);
    String onResource = deniedResource.equals("*") ? "" : " on resource: " + deniedResource;
    throw service.accessDenied(
        "User: " + principal.arn() + " is not authorized to perform: " + action + onResource
            + " with an explicit deny in an identity-based policy");
  }

  /**
   * Returns whether the role of {@code instanceId}'s current instance profile explicitly denies
   * {@code action} on {@code *} to credentials issued to that instance, as when the instance's own
   * SSM Agent calls AWS, and records the decision. An instance without a profile role is never
   * denied: the sandbox does not model the credentials an agent keeps cached after a profile swap.
   */
  static boolean deniesInstance(AccountState state, String instanceId, String action) {
    Optional<String> roleName = state.instance(instanceId)
        .filter(instance -> instance.iamInstanceProfile != null)
        .flatMap(instance -> state.instanceProfileByArn(instance.iamInstanceProfile.arn))
        .flatMap(profile -> profile.roleNames.stream().findFirst());
    if (roleName.isEmpty()) {
      return false;
    }
    String sessionArn = "arn:aws:sts::" + state.accountId + ":assumed-role/" + roleName.get() + "/" + instanceId;
    String userId = state.role(roleName.get()).map(role -> role.roleId).orElse(roleName.get()) + ":" + instanceId;
    RequestPrincipal principal = new RequestPrincipal(null, sessionArn, userId, roleName.get(), state.clockNow(),
        PolicyRequests.instanceArn(state, instanceId), null);

    PolicyDecision decision = new PolicyDecision();
    decision.time = state.clockNow().toString();
    decision.principal = sessionArn;
    decision.action = action;
    decision.resources.add("*");
    decision.decision = PolicyDecision.NOT_DENIED;
    String denied = findDeny(state, principal, action, List.of("*"), context(state, principal, null), decision);
    state.policyDecisions.add(decision);
    return denied != null;
  }

  /**
   * Returns the first resource a Deny statement of the role's policies matches, after filling in
   * the policy and statement of {@code decision}; returns null when none does.
   */
  private static String findDeny(
      AccountState state,
      RequestPrincipal principal,
      String action,
      List<String> resources,
      Map<String, List<String>> conditionContext,
      PolicyDecision decision) {
    for (Map.Entry<String, String> policy : policies(state, principal.roleName()).entrySet()) {
      for (JsonNode statement : statements(policy.getKey(), policy.getValue())) {
        if (!"Deny".equals(statement.path("Effect").asText()) || !actionMatches(statement, action)) {
          continue;
        }
        String resource = matchingResource(statement, resources);
        if (resource == null || !conditionHolds(policy.getKey(), statement, conditionContext)) {
          continue;
        }
        decision.decision = PolicyDecision.EXPLICIT_DENY;
        decision.policy = policy.getKey();
        decision.statement = statement;
        return resource;
      }
    }
    return null;
  }

  /** Returns the role's policy documents keyed by inline policy name or managed policy ARN. */
  private static Map<String, String> policies(AccountState state, String roleName) {
    Map<String, String> documents = new LinkedHashMap<>();
    state.role(roleName).ifPresent(role -> {
      documents.putAll(role.inlinePolicies);
      for (String arn : role.attachedPolicyArns) {
        state.managedPolicy(arn).ifPresent(policy -> policy.versions.stream()
            .filter(v -> v.versionId.equals(policy.defaultVersionId))
            .findFirst()
            .ifPresent(v -> documents.put(arn, v.document)));
      }
    });
    return documents;
  }

  /** Returns the statements of a document, whose Statement may be one object or a list. */
  private static List<JsonNode> statements(String policyName, String document) {
    List<JsonNode> statements = new ArrayList<>();
    JsonNode statement;
    try {
      statement = Scenario.MAPPER.readTree(document).path("Statement");
    } catch (IOException e) {
      log.warn("Skipped policy {}: its document is not JSON ({})", policyName, e.getMessage());
      return statements;
    }
    if (statement.isArray()) {
      statement.forEach(statements::add);
    } else if (statement.isObject()) {
      statements.add(statement);
    }
    return statements;
  }

  /** Matches Action or NotAction; IAM action names are case-insensitive. */
  private static boolean actionMatches(JsonNode statement, String action) {
    boolean negated = !statement.has("Action") && statement.has("NotAction");
    List<String> patterns = PolicyConditions.values(statement.get(negated ? "NotAction" : "Action"));
    boolean listed = patterns.stream().anyMatch(p -> PolicyConditions.wildcard(p, true).matcher(action).matches());
    return negated != listed;
  }

  /** Returns the first request resource that Resource (or NotResource) matches, or null. */
  private static String matchingResource(JsonNode statement, List<String> resources) {
    boolean negated = !statement.has("Resource") && statement.has("NotResource");
    List<String> patterns = PolicyConditions.values(statement.get(negated ? "NotResource" : "Resource"));
    for (String resource : resources) {
      boolean listed = patterns.stream().anyMatch(p -> PolicyConditions.wildcard(p, false).matcher(resource).matches());
      if (negated != listed) {
        return resource;
      }
    }
    return null;
  }

  private static boolean conditionHolds(String policyName, JsonNode statement, Map<String, List<String>> conditionContext) {
    try {
      return PolicyConditions.holds(statement.get("Condition"), conditionContext);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Failed to evaluate policy " + policyName + ": " + e.getMessage(), e);
    }
  }

  /**
   * Builds the condition keys of the request, keyed in lower case: the principal's ARN, user id,
   * type and account, the token's issue time, the source address, the region, the current time,
   * {@code aws:SecureTransport} (false, since the sandbox serves plain HTTP), and for instance
   * credentials {@code ec2:SourceInstanceARN}.
   */
  private static Map<String, List<String>> context(AccountState state, RequestPrincipal principal, String callerIp) {
    Map<String, List<String>> context = new LinkedHashMap<>();
    String roleArn = state.role(principal.roleName())
        .map(r -> r.arn(state.accountId))
        .orElse("arn:aws:iam::" + state.accountId + ":role/" + principal.roleName());
    put(context, "aws:PrincipalArn", roleArn);
    put(context, "aws:userid", principal.userId());
    put(context, "aws:PrincipalType", "AssumedRole");
    put(context, "aws:PrincipalAccount", state.accountId);
    put(context, "aws:TokenIssueTime", principal.issuedAt().toString());
    put(context, "aws:SourceIp", principal.sourceIp() != null ? principal.sourceIp() : callerIp);
    put(context, "aws:RequestedRegion", state.region);
    put(context, "aws:CurrentTime", state.clockNow().toString());
    put(context, "aws:SecureTransport", "false");
    put(context, "ec2:SourceInstanceARN", principal.sourceInstanceArn());
    return context;
  }

  private static void put(Map<String, List<String>> context, String key, String value) {
    if (value != null) {
      context.put(key.toLowerCase(Locale.ROOT), List.of(value));
    }
  }
}
