package dev.cordon.core.apiactivity;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the instance session's calls after the baseline with its history before it: a user
 * agent the session never used, a private source address it never called from, and operations it
 * never called. Each needs the session's history, which a single Sigma rule cannot see.
 *
 * <p>Public source addresses are judged by the credential-exfiltration finding, against the
 * scope's egress addresses or the addresses seen before the incident. NOTE: addresses are not
 * grouped by autonomous system (ASN), because Cordon has no ASN data. A new address in the same
 * network as a known one is still reported.
 */
final class FirstSeenFindings {
  private final ApiActivityOptions options;
  private final String instanceId;

  FirstSeenFindings(ApiActivityOptions options, String instanceId) {
    this.options = options;
    this.instanceId = instanceId;
  }

  /**
   * Adds the findings. Nothing is reported unless the history before {@code baselineEnd} spans at
   * least {@link ApiActivityOptions#minBaselineSpan()}, because a short history makes every call
   * look new.
   */
  void build(List<CloudTrailEvent> session, Instant baselineEnd, String principal,
      List<Finding> findings, List<TimelineEntry> timeline) {
    if (baselineEnd == null) {
      return;
    }
    List<CloudTrailEvent> history = new ArrayList<>();
    List<CloudTrailEvent> later = new ArrayList<>();
    for (CloudTrailEvent event : session) {
      (event.eventTime().isBefore(baselineEnd) ? history : later).add(event);
    }
    if (history.isEmpty() || later.isEmpty() || Duration.between(history.get(0).eventTime(),
        history.get(history.size() - 1).eventTime()).compareTo(options.minBaselineSpan()) < 0) {
      return;
    }

    Set<String> knownAgents = new HashSet<>();
    Set<String> knownAddresses = new HashSet<>();
    Set<String> knownOperations = new HashSet<>();
    for (CloudTrailEvent event : history) {
      knownAgents.add(String.valueOf(event.userAgent()));
      knownAddresses.add(String.valueOf(SourceAddress.canonicalIp(event.sourceIpAddress())));
      knownOperations.add(operation(event));
    }

    Map<String, CallGroup> newAgents = new LinkedHashMap<>();
    Map<String, CallGroup> newAddresses = new LinkedHashMap<>();
    CallGroup newOperations = new CallGroup();
    Set<String> operationsSeen = new HashSet<>(knownOperations);
    for (CloudTrailEvent event : later) {
      if (!knownAgents.contains(String.valueOf(event.userAgent()))) {
        newAgents.computeIfAbsent(String.valueOf(event.userAgent()), k -> new CallGroup()).add(event);
      }
      String ip = SourceAddress.canonicalIp(event.sourceIpAddress());
      if (ip != null && SourceAddress.isPrivate(ip) && !knownAddresses.contains(ip)) {
        newAddresses.computeIfAbsent(ip, k -> new CallGroup()).add(event);
      }
      if (operationsSeen.add(operation(event))) {
        newOperations.add(event);
      }
    }

    String basis = history.size() + " calls of the session between " + history.get(0).eventTime()
        + " and " + baselineEnd;
    newAgents.forEach((agent, group) -> add(findings, timeline, newAgent(agent, group, basis,
        knownAgents, principal)));
    newAddresses.forEach((ip, group) -> add(findings, timeline, newAddress(ip, group, basis,
        principal)));
    if (newOperations.count() > 0) {
      findings.add(newOperations(newOperations, basis, principal));
    }
  }

  private Finding newAgent(String agent, CallGroup group, String basis, Set<String> knownAgents,
      String principal) {
    String summary = "Instance credentials used with a new user agent: " + agent + " ("
        + group.count() + " calls: " + group.callCounts() + ")";
    List<String> explanation = List.of(
        "The session's earlier calls used " + knownAgents.size() + " user agent(s), and this one"
            + " was not among them (history: " + basis + ").",
        "A new tool signing with the instance role's credentials suggests someone other than the"
            + " application is using them, on the instance or elsewhere.",
        "Calls: " + group.callCounts() + ".");
    return base(Severity.MEDIUM, summary, "first-seen-user-agent|" + agent, group, principal)
        .userAgent(agent)
        .tactic("initial-access")
        .techniques(List.of("T1078.004"))
        .rule("first-seen-user-agent")
        .explanation(explanation)
        .build();
  }

  private Finding newAddress(String ip, CallGroup group, String basis, String principal) {
    String summary = "Instance credentials used from a new private address " + ip + " ("
        + group.count() + " calls: " + group.callCounts() + ")";
    List<String> explanation = List.of(
        "No earlier call of the session came from " + ip + " (history: " + basis + ").",
        "A private source address means the call came through the VPC; a different one than"
            + " before suggests another host in the VPC holds the instance role's credentials.",
        "The address is compared as a whole; autonomous systems are not compared because no ASN"
            + " data is available.");
    return base(Severity.MEDIUM, summary, "first-seen-source-address|" + ip, group, principal)
        .sourceIp(ip)
        .tactic("lateral-movement")
        .techniques(List.of("T1550.001"))
        .rule("first-seen-source-address")
        .explanation(explanation)
        .build();
  }

  private Finding newOperations(CallGroup group, String basis, String principal) {
    String summary = group.count() + " operations the instance role had not called before: "
        + group.callCounts();
    List<String> explanation = new ArrayList<>();
    explanation.add("Each operation listed is the first call of that service and operation by"
        + " the session after its history (" + basis + ").");
    for (CloudTrailEvent event : group.events()) {
      explanation.add(operation(event) + " first at " + event.eventTime() + " from "
          + event.sourceIpAddress() + ".");
    }
    explanation.add("New operations are context for the classified findings, so this finding"
        + " is low severity.");
    return base(Severity.LOW, summary, "first-seen-operations|" + principal, group, principal)
        .rule("first-seen-operations")
        .explanation(explanation)
        .build();
  }

  private Finding.Builder base(Severity severity, String summary, String idKey, CallGroup group,
      String principal) {
    CloudTrailEvent first = group.first();
    return Finding.builder(FindingKind.API_ACTIVITY, severity, summary)
        .idKey(idKey)
        .instanceId(instanceId)
        .principal(principal)
        .accessKeyId(first.accessKeyId())
        .sourceIp(first.sourceIpAddress())
        .userAgent(group.mainUserAgent())
        .eventSource(first.eventSource())
        .eventName(first.eventName())
        .region(group.regions())
        .eventIds(group.eventIds())
        .firstSeen(group.firstSeen())
        .lastSeen(group.lastSeen());
  }

  private static void add(List<Finding> findings, List<TimelineEntry> timeline, Finding finding) {
    findings.add(finding);
    timeline.add(new TimelineEntry(finding.firstSeen(), "cloudtrail", finding.summary(),
        finding.severity(), finding.id()));
  }

  private static String operation(CloudTrailEvent event) {
    return CallRules.serviceOf(event) + ":" + event.eventName();
  }
}
