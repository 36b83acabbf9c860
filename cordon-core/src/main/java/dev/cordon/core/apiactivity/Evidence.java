package dev.cordon.core.apiactivity;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.scope.Scope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events kept from the passes over the input: the instance session's calls, EC2's credential
 * hand-outs to the instance, follow-on principals' calls and response actions. Everything else is
 * dropped as it streams by, so memory grows with these events only.
 *
 * <p>The session is matched by its role session name, which EC2 sets to the instance id: the last
 * part of {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/i-...} or of the {@code principalId}
 * {@code AROA...:i-...}, and by every access key id the session held. It is never matched on
 * {@code resources[]}, which names what a call acted on, not who made it.
 */
final class Evidence {
  static final String CORDON_USER_AGENT = "cordon/";
  private static final Comparator<CloudTrailEvent> BY_TIME = Comparator
      .comparing(CloudTrailEvent::eventTime)
      .thenComparing(e -> String.valueOf(e.eventId()));

  private final Scope scope;
  private final Set<String> principalArns;
  private final Set<String> keptIds = new HashSet<>();
  private final List<CloudTrailEvent> session = new ArrayList<>();
  private final List<CloudTrailEvent> handOuts = new ArrayList<>();
  private final List<CloudTrailEvent> responses = new ArrayList<>();
  private final Set<String> sessionKeys = new LinkedHashSet<>();
  private final Map<String, Integer> roleCounts = new LinkedHashMap<>();
  private final FollowOns followOns = new FollowOns();

  Evidence(Scope scope, Set<String> principalArns) {
    this.scope = scope;
    this.principalArns = principalArns;
  }

  /** Reads one event of pass 1: hand-outs, session calls and response actions. */
  void offerFirstPass(CloudTrailEvent event) {
    if (event.eventTime() == null || keptIds.contains(idOf(event))) {
      return;
    }
    if (isHandOut(event)) {
      takeHandOut(event);
      return;
    }
    if (!scope.inWindow(event.eventTime())) {
      return;
    }
    if (isResponseAction(event)) {
      keep(event, responses);
      return;
    }
    if (isSession(event)) {
      takeSession(event);
    }
  }

  /** Reads one event of a later pass: calls by the session's keys and by follow-on principals. */
  void offerLaterPass(CloudTrailEvent event) {
    if (event.eventTime() == null || !scope.inWindow(event.eventTime())
        || keptIds.contains(idOf(event)) || isHandOut(event) || isResponseAction(event)) {
      return;
    }
    if (isSession(event)) {
      takeSession(event);
      return;
    }
    FollowOnPrincipal principal = followOns.matching(event);
    if (principal != null) {
      keptIds.add(idOf(event));
      principal.calls().add(event);
    }
  }

  /** Returns whether the event is EC2 handing the instance a new set of role credentials. */
  boolean isHandOut(CloudTrailEvent event) {
    return scope.instanceId() != null
        && "AssumeRole".equals(event.eventName())
        && "AWSService".equals(event.identityType())
        && "ec2.amazonaws.com".equals(invokedBy(event))
        && event.requestParameters() != null
        && scope.instanceId().equals(event.requestParameters().path("roleSessionName").asText());
  }

  boolean isResponseAction(CloudTrailEvent event) {
    String agent = event.userAgent();
    if (agent != null && agent.startsWith(CORDON_USER_AGENT)) {
      return true;
    }
    return scope.responderArns().stream().anyMatch(arn -> isPrincipal(event, arn));
  }

  boolean isSession(CloudTrailEvent event) {
    if (event.accessKeyId() != null && sessionKeys.contains(event.accessKeyId())) {
      return true;
    }
    String instanceId = scope.instanceId();
    if (instanceId != null && "AssumedRole".equals(event.identityType())) {
      String arn = event.principalArn();
      String principalId = event.principalId();
      boolean byArn = arn != null && arn.contains(":assumed-role/")
          && arn.endsWith("/" + instanceId) && roleAllowed(roleOf(arn));
      boolean byPrincipalId = principalId != null && principalId.endsWith(":" + instanceId)
          && (arn == null || roleAllowed(roleOf(arn)));
      if (byArn || byPrincipalId) {
        return true;
      }
    }
    return principalArns.stream().anyMatch(arn -> matchesArn(event.principalArn(), arn));
  }

  /** Returns the session's role name: the scope's, else the one seen most in the session's ARNs. */
  String roleName() {
    if (scope.roleName() != null) {
      return scope.roleName();
    }
    return roleCounts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  List<CloudTrailEvent> session() {
    session.sort(BY_TIME);
    return session;
  }

  List<CloudTrailEvent> handOuts() {
    handOuts.sort(BY_TIME);
    return handOuts;
  }

  List<CloudTrailEvent> responses() {
    responses.sort(BY_TIME);
    return responses;
  }

  Set<String> sessionKeys() {
    return sessionKeys;
  }

  FollowOns followOns() {
    return followOns;
  }

  long attributedCount() {
    long followOnCalls = followOns.principals().stream().mapToLong(p -> p.calls().size()).sum();
    return session.size() + handOuts.size() + followOnCalls;
  }

  static String idOf(CloudTrailEvent event) {
    return event.eventId() != null ? event.eventId() : event.source() + "@" + event.eventTime();
  }

  static String invokedBy(CloudTrailEvent event) {
    return event.raw() == null ? null : event.raw().path("userIdentity").path("invokedBy").asText(null);
  }

  private void takeHandOut(CloudTrailEvent event) {
    String key = event.responseElements() == null ? null
        : event.responseElements().path("credentials").path("accessKeyId").asText(null);
    if (key != null) {
      sessionKeys.add(key);
    }
    // Keys handed out before the window still sign calls inside it, so only the record is windowed.
    if (scope.inWindow(event.eventTime())) {
      keep(event, handOuts);
    }
  }

  private void takeSession(CloudTrailEvent event) {
    keep(event, session);
    if (event.accessKeyId() != null) {
      sessionKeys.add(event.accessKeyId());
    }
    String role = roleOf(event.principalArn());
    if (role != null) {
      roleCounts.merge(role, 1, Integer::sum);
    }
  }

  private void keep(CloudTrailEvent event, List<CloudTrailEvent> list) {
    keptIds.add(idOf(event));
    list.add(event);
  }

  /**
   * Returns whether the role may be the instance's: any role when the scope names none, else the
   * scope's role or an AWS-managed instance identity role ({@code aws:ec2-instance}), which the
   * SSM agent and EC2 features use with the same session name.
   */
  private boolean roleAllowed(String role) {
    return scope.roleName() == null || role == null
        || scope.roleName().equals(role) || role.startsWith("aws:");
  }

  /** Returns ROLE from {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}, or null. */
  static String roleOf(String arn) {
    if (arn == null) {
      return null;
    }
    int start = arn.indexOf(":assumed-role/");
    if (start < 0) {
      return null;
    }
    int roleStart = start + ":assumed-role/".length();
    int end = arn.indexOf('/', roleStart);
    return end < 0 ? null : arn.substring(roleStart, end);
  }

  /**
   * Returns whether the event's principal is {@code arn}: the same ARN, a session under it, or a
   * session of the IAM role it names ({@code arn:aws:iam::A:role/R} is called as {@code
   * arn:aws:sts::A:assumed-role/R/SESSION}).
   */
  private static boolean isPrincipal(CloudTrailEvent event, String arn) {
    if (matchesArn(event.principalArn(), arn) || arn.equals(event.sessionIssuerArn())) {
      return true;
    }
    String assumedPrefix = assumedRolePrefix(arn);
    return assumedPrefix != null && matchesArn(event.principalArn(), assumedPrefix);
  }

  private static boolean matchesArn(String candidate, String arn) {
    return candidate != null && (candidate.equals(arn) || candidate.startsWith(arn + "/"));
  }

  static String assumedRolePrefix(String roleArn) {
    int marker = roleArn.indexOf(":role/");
    if (!roleArn.startsWith("arn:") || marker < 0) {
      return null;
    }
    String[] parts = roleArn.split(":", 6);
    if (parts.length < 6) {
      return null;
    }
    String path = roleArn.substring(marker + ":role/".length());
    String name = path.substring(path.lastIndexOf('/') + 1);
    return "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + name;
  }
}
