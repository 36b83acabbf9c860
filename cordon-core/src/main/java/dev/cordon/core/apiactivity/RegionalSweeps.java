package dev.cordon.core.apiactivity;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds one principal making the same Describe, List or Get call in many regions within minutes,
 * which enumeration tools do and applications rarely do.
 */
final class RegionalSweeps {
  private final ApiActivityOptions options;
  private final String instanceId;

  RegionalSweeps(ApiActivityOptions options, String instanceId) {
    this.options = options;
    this.instanceId = instanceId;
  }

  void build(List<ApiCallFindings.Call> calls, List<Finding> findings, List<TimelineEntry> timeline) {
    Map<String, List<CloudTrailEvent>> byPrincipalAndName = new LinkedHashMap<>();
    Map<String, String> principals = new HashMap<>();
    for (ApiCallFindings.Call call : calls) {
      CloudTrailEvent event = call.event();
      if (event.eventName() == null || event.awsRegion() == null || !CallRules.isReadCall(event)) {
        continue;
      }
      String key = call.principal() + "|" + event.eventSource() + "|" + event.eventName();
      byPrincipalAndName.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
      principals.put(key, call.principal());
    }

    byPrincipalAndName.forEach((key, events) -> {
      List<CloudTrailEvent> sweep = widestSweep(events);
      if (sweep != null) {
        Finding finding = toFinding(key, principals.get(key), sweep);
        findings.add(finding);
        timeline.add(new TimelineEntry(finding.firstSeen(), "cloudtrail", finding.summary(),
            finding.severity(), finding.id()));
      }
    });
  }

  /**
   * Returns the calls of the window of {@code sweepWindow} that reaches the most regions, when it
   * reaches at least {@code sweepMinRegions}, else null. Two pointers over the calls in time
   * order, with a count per region inside the window.
   */
  private List<CloudTrailEvent> widestSweep(List<CloudTrailEvent> events) {
    events.sort(Comparator.comparing(CloudTrailEvent::eventTime));
    Map<String, Integer> inWindow = new HashMap<>();
    int start = 0;
    int bestStart = 0;
    int bestEnd = -1;
    int bestRegions = 0;
    for (int end = 0; end < events.size(); end++) {
      inWindow.merge(events.get(end).awsRegion(), 1, Integer::sum);
      while (Duration.between(events.get(start).eventTime(), events.get(end).eventTime())
          .compareTo(options.sweepWindow()) > 0) {
        inWindow.computeIfPresent(events.get(start).awsRegion(), (r, n) -> n == 1 ? null : n - 1);
        start++;
      }
      if (inWindow.size() > bestRegions) {
        bestRegions = inWindow.size();
        bestStart = start;
        bestEnd = end;
      }
    }
    return bestRegions >= options.sweepMinRegions() ? events.subList(bestStart, bestEnd + 1) : null;
  }

  private Finding toFinding(String key, String principal, List<CloudTrailEvent> sweep) {
    CallGroup group = new CallGroup();
    sweep.forEach(group::add);
    CloudTrailEvent first = group.first();
    boolean anySucceeded = sweep.stream().anyMatch(e -> !e.failed());
    Severity severity = anySucceeded ? Severity.HIGH : Severity.MEDIUM;
    long minutes = Math.max(1, Duration.between(group.firstSeen(), group.lastSeen()).toMinutes());
    String technique = CallRules.serviceOf(first).equals("ec2") ? "T1580" : "T1526";
    String summary = first.eventName() + " called in " + group.regionCount() + " regions within "
        + minutes + " minute(s) by " + principal + ": discovery " + technique;

    List<String> explanation = List.of(
        group.count() + " calls reached " + group.regionCount() + " regions (" + group.regions()
            + ") between " + group.firstSeen() + " and " + group.lastSeen() + ".",
        "A sweep needs " + options.sweepMinRegions() + " regions within "
            + options.sweepWindow().toMinutes() + " minutes; applications work in one or two.",
        anySucceeded ? "At least one call succeeded." : "Every call was denied.");

    return Finding.builder(FindingKind.API_ACTIVITY, severity, summary)
        .idKey("sweep|" + key)
        .instanceId(instanceId)
        .principal(principal)
        .accessKeyId(first.accessKeyId())
        .sourceIp(first.sourceIpAddress())
        .userAgent(group.mainUserAgent())
        .eventName(first.eventName())
        .eventSource(first.eventSource())
        .region(group.regions())
        .tactic("discovery")
        .techniques(List.of(technique))
        .rule("regional-sweep")
        .eventIds(group.eventIds())
        .explanation(explanation)
        .firstSeen(group.firstSeen())
        .lastSeen(group.lastSeen())
        .build();
  }
}
