package dev.cordon.core.apiactivity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.cordon.core.apiactivity.FollowOnPrincipal.Kind;
import dev.cordon.core.cloudtrail.CloudTrailEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The principals the attacker created or assumed, learned from the responses of its calls. */
final class FollowOns {
  private final List<FollowOnPrincipal> principals = new ArrayList<>();
  private int version;

  /** Counts additions, so the analyzer can tell whether another pass is needed. */
  int version() {
    return version;
  }

  List<FollowOnPrincipal> principals() {
    return principals;
  }

  /** Returns the first principal an event was made by, or null. */
  FollowOnPrincipal matching(CloudTrailEvent event) {
    for (FollowOnPrincipal principal : principals) {
      if (principal.matches(event)) {
        return principal;
      }
    }
    return null;
  }

  /**
   * Learns the principals one successful attacker call created: the user of CreateUser, the key
   * of CreateAccessKey, the console user of CreateLoginProfile or UpdateLoginProfile, the session
   * and key of AssumeRole, GetFederationToken and GetSessionToken.
   */
  void learnFrom(CloudTrailEvent event, String caller) {
    if (event.failed() || event.eventName() == null) {
      return;
    }
    JsonNode request = orMissing(event.requestParameters());
    JsonNode response = orMissing(event.responseElements());
    switch (CallRules.serviceOf(event) + ":" + event.eventName()) {
      case "iam:CreateUser" -> addUser(Kind.USER,
          text(response.path("user").path("userName"), request.path("userName")),
          text(response.path("user").path("arn")), event, caller);
      case "iam:CreateLoginProfile", "iam:UpdateLoginProfile" -> addUser(Kind.CONSOLE_USER,
          text(request.path("userName"), response.path("loginProfile").path("userName")),
          null, event, caller);
      case "iam:CreateAccessKey" -> addKey(
          text(response.path("accessKey").path("accessKeyId")),
          text(response.path("accessKey").path("userName"), request.path("userName")),
          event, caller);
      case "sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML",
          "sts:GetFederationToken", "sts:GetSessionToken" -> addSession(
          text(response.path("assumedRoleUser").path("arn"),
              response.path("federatedUser").path("arn")),
          text(response.path("credentials").path("accessKeyId")), event, caller);
      default -> { }
    }
  }

  /** Returns every ARN, user and key id the attacker got, for the result. */
  Set<String> identifiers() {
    Set<String> identifiers = new LinkedHashSet<>();
    for (FollowOnPrincipal principal : principals) {
      identifiers.add(principal.label());
      identifiers.addAll(principal.accessKeyIds());
    }
    return identifiers;
  }

  private void addUser(Kind kind, String userName, String arn, CloudTrailEvent origin, String caller) {
    if (userName == null) {
      return;
    }
    // A created user already covers all of its activity, console sessions included.
    for (FollowOnPrincipal existing : principals) {
      boolean covered = existing.kind() == Kind.USER || existing.kind() == kind;
      if (covered && userName.equals(existing.userName())) {
        return;
      }
    }
    principals.add(new FollowOnPrincipal(kind, userName, arn, origin, caller));
    version++;
  }

  private void addKey(String keyId, String userName, CloudTrailEvent origin, String caller) {
    if (keyId == null || knownKey(keyId)) {
      return;
    }
    for (FollowOnPrincipal existing : principals) {
      if (existing.kind() == Kind.USER && userName != null && userName.equals(existing.userName())) {
        existing.accessKeyIds().add(keyId);
        version++;
        return;
      }
    }
    FollowOnPrincipal key = new FollowOnPrincipal(Kind.ACCESS_KEY, userName, null, origin, caller);
    key.accessKeyIds().add(keyId);
    principals.add(key);
    version++;
  }

  private void addSession(String arn, String keyId, CloudTrailEvent origin, String caller) {
    if (arn == null && keyId == null || keyId != null && knownKey(keyId)) {
      return;
    }
    for (FollowOnPrincipal existing : principals) {
      if (arn != null && arn.equals(existing.arn())) {
        if (keyId != null) {
          existing.accessKeyIds().add(keyId);
          version++;
        }
        return;
      }
    }
    FollowOnPrincipal session = new FollowOnPrincipal(Kind.ROLE_SESSION, null, arn, origin, caller);
    if (keyId != null) {
      session.accessKeyIds().add(keyId);
    }
    principals.add(session);
    version++;
  }

  private boolean knownKey(String keyId) {
    return principals.stream().anyMatch(p -> p.accessKeyIds().contains(keyId));
  }

  private static JsonNode orMissing(JsonNode node) {
    return node == null ? MissingNode.getInstance() : node;
  }

  private static String text(JsonNode... candidates) {
    for (JsonNode node : candidates) {
      if (node != null && node.isValueNode() && !node.asText().isEmpty()) {
        return node.asText();
      }
    }
    return null;
  }
}
