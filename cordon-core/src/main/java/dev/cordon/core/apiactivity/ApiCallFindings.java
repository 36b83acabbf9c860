package dev.cordon.core.apiactivity;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups the attacker's classified calls into api-activity findings: one per principal, event
 * name, tactic, source address, denied or not, and routine or not.
 */
final class ApiCallFindings {
  /**
   * One call to report, with who made it, whether it matched the role's routine calls and whether
   * it came from outside the instance's egress addresses.
   */
  record Call(CloudTrailEvent event, String principal, boolean routine, boolean outside) {}

  private record Key(String principal, String eventName, String tactic, String sourceIp,
      boolean denied, boolean routine, String rule) {}

  private final CallRules rules;
  private final String instanceId;

  ApiCallFindings(CallRules rules, String instanceId) {
    this.rules = rules;
    this.instanceId = instanceId;
  }

  /** Adds one finding per group of calls to {@code findings}, and its entry to {@code timeline}. */
  void build(List<Call> calls, List<Finding> findings, List<TimelineEntry> timeline) {
    Map<Key, CallGroup> groups = new LinkedHashMap<>();
    Map<Key, CallRule> groupRules = new LinkedHashMap<>();
    Set<Key> fromOutside = new HashSet<>();
    for (Call call : calls) {
      CloudTrailEvent event = call.event();
      for (CallRule rule : rules.classifyAll(event)) {
        Key key = new Key(call.principal(), event.eventName(), rule.tactic(),
            event.sourceIpAddress(), event.failed(), call.routine(), rule.id());
        groups.computeIfAbsent(key, k -> new CallGroup()).add(event);
        groupRules.put(key, rule);
        if (call.outside()) {
          fromOutside.add(key);
        }
      }
    }

    groups.forEach((key, group) -> {
      Finding finding = toFinding(key, groupRules.get(key), group, fromOutside.contains(key));
      findings.add(finding);
      if (!key.routine()) {
        timeline.add(new TimelineEntry(group.firstSeen(), "cloudtrail", finding.summary(),
            finding.severity(), finding.id()));
      }
    });
  }

  /** Returns the severity one level lower, but not below low. */
  static Severity lower(Severity severity) {
    return Severity.values()[Math.max(0, severity.ordinal() - 1)];
  }

  /** Returns the severity one level higher, but not above critical. */
  static Severity raise(Severity severity) {
    return Severity.values()[Math.min(Severity.values().length - 1, severity.ordinal() + 1)];
  }

  private Finding toFinding(Key key, CallRule rule, CallGroup group, boolean outside) {
    CloudTrailEvent first = group.first();
    Severity severity = key.routine() ? Severity.LOW
        : key.denied() ? lower(rule.severity()) : rule.severity();
    if (outside && !key.denied()) {
      severity = raise(severity);
    }
    String outcome = key.denied() ? " (denied: " + first.errorCode() + ")" : "";
    String summary = key.eventName() + " x" + group.count() + " by " + key.principal()
        + " from " + key.sourceIp() + outcome + ": " + rule.tactic() + " "
        + String.join("/", rule.techniques());

    List<String> explanation = new ArrayList<>();
    explanation.add("Rule " + rule.id() + " classifies " + CallRules.serviceOf(first) + ":"
        + key.eventName() + " as " + rule.tactic() + " (" + String.join(", ", rule.techniques())
        + ").");
    explanation.add("Sigma rule '" + rule.sigma().title() + "' (" + rule.sigma().source() + ", level "
        + rule.sigma().level() + "): " + rule.sigma().description());
    for (String note : rule.sigma().notes()) {
      explanation.add("Rule note: " + note);
    }
    String calls = group.count() == 1
        ? "1 call at " + group.firstSeen()
        : group.count() + " calls between " + group.firstSeen() + " and " + group.lastSeen();
    String regions = group.regionCount() == 1 ? "region" : group.regionCount() + " regions";
    explanation.add(calls + " in " + regions + ": " + group.regions() + ".");
    if (key.denied()) {
      explanation.add("The calls were denied (" + first.errorCode()
          + "), so severity is one level lower than for a successful call.");
    }
    if (outside && !key.denied()) {
      explanation.add("The calls came from outside the instance's egress addresses, so severity"
          + " is one level higher.");
    }
    if (!group.resources().isEmpty()) {
      explanation.add("Resources named: " + String.join(", ", group.resources()) + ".");
    }
    if (group.bytesOut() != null) {
      explanation.add("S3 reported " + group.bytesOut() + " bytes transferred out.");
    }
    if (key.routine()) {
      explanation.add("The role made the same call before the incident, so it is reported as"
          + " routine traffic at low severity.");
    }
    if (group.userAgents().size() > 1) {
      explanation.add(group.userAgents().size() + " distinct user agents; the most frequent is"
          + " reported.");
    }

    return Finding.builder(FindingKind.API_ACTIVITY, severity, summary)
        .idKey(key.toString())
        .instanceId(instanceId)
        .principal(key.principal())
        .accessKeyId(first.accessKeyId())
        .sourceIp(key.sourceIp())
        .userAgent(group.mainUserAgent())
        .bytesOut(group.bytesOut())
        .eventName(key.eventName())
        .eventSource(first.eventSource())
        .region(group.regions())
        .errorCode(key.denied() ? first.errorCode() : null)
        .tactic(rule.tactic())
        .techniques(rule.techniques())
        .rule(rule.id())
        .eventIds(group.eventIds())
        .explanation(explanation)
        .firstSeen(group.firstSeen())
        .lastSeen(group.lastSeen())
        .build();
  }
}
