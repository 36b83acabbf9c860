package dev.cordon.core.apiactivity;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports the instance's credentials used from outside its egress addresses: one critical finding
 * per access key and outside address.
 */
final class CredentialExfiltrations {
  private final String instanceId;

  CredentialExfiltrations(String instanceId) {
    this.instanceId = instanceId;
  }

  /**
   * @param basis how the expected addresses were found, for the explanation
   */
  void build(List<CloudTrailEvent> session, OutsideCheck outside, String basis,
      List<Finding> findings, List<TimelineEntry> timeline) {
    Map<String, CallGroup> byKeyAndAddress = new LinkedHashMap<>();
    for (CloudTrailEvent event : session) {
      if (outside.isOutside(event)) {
        String key = event.accessKeyId() + "|" + event.sourceIpAddress();
        byKeyAndAddress.computeIfAbsent(key, k -> new CallGroup()).add(event);
      }
    }

    byKeyAndAddress.forEach((key, group) -> {
      Finding finding = toFinding(key, group, outside, basis);
      findings.add(finding);
      timeline.add(new TimelineEntry(group.firstSeen(), "cloudtrail", finding.summary(),
          Severity.CRITICAL, finding.id()));
    });
  }

  private Finding toFinding(String key, CallGroup group, OutsideCheck outside, String basis) {
    CloudTrailEvent first = group.first();
    String summary = "Instance credentials " + first.accessKeyId() + " of " + first.principalArn()
        + " used from " + first.sourceIpAddress() + ", outside the instance's egress addresses ("
        + group.count() + " calls: " + group.callCounts() + ")";

    List<String> explanation = new ArrayList<>();
    explanation.add("Expected addresses " + outside.expected() + " come from " + basis + ".");
    explanation.add("Calls from " + first.sourceIpAddress() + " between " + group.firstSeen()
        + " and " + group.lastSeen() + ": " + group.callCounts() + ".");
    explanation.add("User agents: " + String.join(" | ", group.userAgents()) + ".");
    if (group.events().stream().anyMatch(CredentialExfiltrations::deliveredByImdsV1)) {
      explanation.add("The credentials were delivered through IMDSv1 (ec2RoleDelivery 1.0),"
          + " which a server-side request forgery can read.");
    }

    return Finding.builder(FindingKind.CREDENTIAL_EXFILTRATION, Severity.CRITICAL, summary)
        .idKey(key)
        .instanceId(instanceId)
        .principal(first.principalArn())
        .accessKeyId(first.accessKeyId())
        .sourceIp(first.sourceIpAddress())
        .remoteIp(SourceAddress.canonicalIp(first.sourceIpAddress()))
        .userAgent(group.mainUserAgent())
        .eventName(first.eventName())
        .eventSource(first.eventSource())
        .region(group.regions())
        .tactic("credential-access")
        .techniques(List.of("T1552.005", "T1078.004"))
        .rule("instance-credentials-outside-egress")
        .eventIds(group.eventIds())
        .explanation(explanation)
        .firstSeen(group.firstSeen())
        .lastSeen(group.lastSeen())
        .build();
  }

  private static boolean deliveredByImdsV1(CloudTrailEvent event) {
    return event.raw() != null && "1.0".equals(event.raw().path("userIdentity")
        .path("sessionContext").path("ec2RoleDelivery").asText(null));
  }
}
