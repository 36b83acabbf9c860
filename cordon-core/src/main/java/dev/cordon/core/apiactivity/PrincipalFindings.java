package dev.cordon.core.apiactivity;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Findings about principals: the attacker's follow-on principals, responders, hand-outs. */
final class PrincipalFindings {
  private final String instanceId;

  PrincipalFindings(String instanceId) {
    this.instanceId = instanceId;
  }

  /**
   * Adds one follow-on-principal finding per principal: critical when it was used, high when it
   * was only created.
   */
  void followOns(List<FollowOnPrincipal> principals, List<Finding> findings,
      List<TimelineEntry> timeline) {
    for (FollowOnPrincipal principal : principals) {
      CloudTrailEvent origin = principal.origin();
      CallGroup use = new CallGroup();
      principal.calls().forEach(use::add);
      boolean used = use.count() > 0;
      String summary = "Attacker " + principal.description() + ": " + principal.label() + " ("
          + origin.eventName() + " by " + principal.creator() + " at " + origin.eventTime() + ")"
          + (used ? "; used for " + use.count() + " calls: " + use.callCounts() : "; no use seen");

      List<String> explanation = new ArrayList<>();
      explanation.add(origin.eventName() + " at " + origin.eventTime() + " by "
          + principal.creator() + " from " + origin.sourceIpAddress() + ".");
      if (!principal.accessKeyIds().isEmpty()) {
        explanation.add("Access keys: " + String.join(", ", principal.accessKeyIds()) + ".");
      }
      if (used) {
        explanation.add("Calls as this principal between " + use.firstSeen() + " and "
            + use.lastSeen() + " from " + sourceAddresses(principal.calls()) + ": "
            + use.callCounts() + ".");
      }

      List<String> eventIds = new ArrayList<>();
      eventIds.add(Evidence.idOf(origin));
      eventIds.addAll(use.eventIds());
      CloudTrailEvent evidenceEvent = used ? use.first() : origin;
      Finding finding = Finding.builder(FindingKind.FOLLOW_ON_PRINCIPAL,
              used ? Severity.CRITICAL : Severity.HIGH, summary)
          .idKey(principal.label())
          .instanceId(instanceId)
          .principal(principal.label())
          .accessKeyId(principal.accessKeyIds().isEmpty() ? null
              : principal.accessKeyIds().iterator().next())
          .sourceIp(evidenceEvent.sourceIpAddress())
          .userAgent(used ? use.mainUserAgent() : origin.userAgent())
          .eventName(origin.eventName())
          .eventSource(origin.eventSource())
          .region(used ? use.regions() : origin.awsRegion())
          .tactic(principal.kind() == FollowOnPrincipal.Kind.ROLE_SESSION
              ? "lateral-movement" : "persistence")
          .techniques(techniquesOf(principal.kind()))
          .rule("follow-on-" + principal.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .eventIds(eventIds)
          .explanation(explanation)
          .firstSeen(origin.eventTime())
          .lastSeen(used ? use.lastSeen() : origin.eventTime())
          .build();
      findings.add(finding);
      timeline.add(new TimelineEntry(origin.eventTime(), "cloudtrail", summary,
          finding.severity(), finding.id()));
      if (used) {
        timeline.add(new TimelineEntry(use.firstSeen(), "cloudtrail",
            "First use of follow-on principal " + principal.label() + ": "
                + use.first().eventName() + " from " + use.first().sourceIpAddress(),
            finding.severity(), finding.id()));
      }
    }
  }

  /** Adds one low response-action finding per responder principal and event name. */
  void responses(List<CloudTrailEvent> responses, List<Finding> findings,
      List<TimelineEntry> timeline) {
    Map<String, CallGroup> groups = new LinkedHashMap<>();
    for (CloudTrailEvent event : responses) {
      groups.computeIfAbsent(event.principalArn() + "|" + event.eventName(), k -> new CallGroup())
          .add(event);
    }
    groups.forEach((key, group) -> {
      CloudTrailEvent first = group.first();
      boolean byCordon = first.userAgent() != null
          && first.userAgent().startsWith(Evidence.CORDON_USER_AGENT);
      String summary = "Response action " + first.eventName() + " x" + group.count() + " by "
          + first.principalArn() + (byCordon ? " (Cordon)" : "");
      Finding finding = Finding.builder(FindingKind.RESPONSE_ACTION, Severity.LOW, summary)
          .idKey(key)
          .instanceId(instanceId)
          .principal(first.principalArn())
          .accessKeyId(first.accessKeyId())
          .sourceIp(first.sourceIpAddress())
          .userAgent(group.mainUserAgent())
          .eventName(first.eventName())
          .eventSource(first.eventSource())
          .region(group.regions())
          .errorCode(first.errorCode())
          .rule(byCordon ? "cordon-user-agent" : "responder-principal")
          .eventIds(group.eventIds())
          .explanation(List.of(byCordon
              ? "The user agent starts with " + Evidence.CORDON_USER_AGENT + ", so Cordon made"
                  + " the call."
              : "The principal is one of the responders given in the scope."))
          .firstSeen(group.firstSeen())
          .lastSeen(group.lastSeen())
          .build();
      findings.add(finding);
      timeline.add(new TimelineEntry(group.firstSeen(), "cloudtrail", summary, Severity.LOW,
          finding.id()));
    });
  }

  /** Adds a timeline entry per credential hand-out by EC2 to the instance. */
  void handOuts(List<CloudTrailEvent> handOuts, List<TimelineEntry> timeline) {
    for (CloudTrailEvent event : handOuts) {
      String key = event.responseElements() == null ? null
          : event.responseElements().path("credentials").path("accessKeyId").asText(null);
      String role = event.requestParameters().path("roleArn").asText(null);
      timeline.add(new TimelineEntry(event.eventTime(), "cloudtrail",
          "EC2 delivered role credentials " + key + " of " + role + " to " + instanceId,
          Severity.LOW, null));
    }
  }

  private static List<String> techniquesOf(FollowOnPrincipal.Kind kind) {
    return switch (kind) {
      case USER -> List.of("T1136.003");
      case CONSOLE_USER, ACCESS_KEY -> List.of("T1098.001");
      case ROLE_SESSION -> List.of("T1550.001");
    };
  }

  private static String sourceAddresses(List<CloudTrailEvent> calls) {
    return String.join(", ", calls.stream().map(CloudTrailEvent::sourceIpAddress)
        .map(String::valueOf).distinct().toList());
  }
}
