package dev.cordon.core.apiactivity;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds bursts of denied calls by one principal across several operations: tools that enumerate
 * permissions try many calls to learn what stolen credentials may do, while an application
 * repeats the few calls it was built for. Sigma cannot express this because it needs a count over
 * a time window.
 */
final class AccessDeniedBursts {
  /**
   * Minimum number of denied calls in a burst. By estimate, an application with a missing permission retries
   * one operation, and enumeration tools make dozens of denied calls per minute.
   */
  static final int MIN_CALLS = 10;
  /** Minimum number of distinct operations in a burst, so that one failing call retried is not a burst. */
  static final int MIN_OPERATIONS = 3;
  static final Duration WINDOW = Duration.ofMinutes(5);

  private final String instanceId;

  AccessDeniedBursts(String instanceId) {
    this.instanceId = instanceId;
  }

  void build(List<ApiCallFindings.Call> calls, List<Finding> findings, List<TimelineEntry> timeline) {
    Map<String, List<CloudTrailEvent>> deniedByPrincipal = new LinkedHashMap<>();
    for (ApiCallFindings.Call call : calls) {
      if (isDenied(call.event())) {
        deniedByPrincipal.computeIfAbsent(call.principal(), k -> new ArrayList<>())
            .add(call.event());
      }
    }

    deniedByPrincipal.forEach((principal, denied) -> {
      denied.sort(Comparator.comparing(CloudTrailEvent::eventTime));
      for (List<CloudTrailEvent> burst : bursts(denied)) {
        Finding finding = toFinding(principal, burst);
        findings.add(finding);
        timeline.add(new TimelineEntry(finding.firstSeen(), "cloudtrail", finding.summary(),
            finding.severity(), finding.id()));
      }
    });
  }

  /** Returns whether the call was refused for lack of permission. */
  static boolean isDenied(CloudTrailEvent event) {
    if (!event.failed()) {
      return false;
    }
    String code = event.errorCode().toLowerCase(Locale.ROOT);
    return code.contains("accessdenied") || code.contains("unauthorized")
        || code.contains("forbidden");
  }

  /**
   * Returns the bursts in calls sorted by time: from each call, the calls within {@link #WINDOW}
   * form a burst when they reach both minimums, and the burst then grows while the next denied
   * call comes within {@link #WINDOW} of the last one.
   */
  private static List<List<CloudTrailEvent>> bursts(List<CloudTrailEvent> denied) {
    List<List<CloudTrailEvent>> bursts = new ArrayList<>();
    int start = 0;
    while (start < denied.size()) {
      int end = start;
      while (end + 1 < denied.size() && withinWindow(denied.get(start), denied.get(end + 1))) {
        end++;
      }
      List<CloudTrailEvent> window = denied.subList(start, end + 1);
      if (window.size() < MIN_CALLS || operations(window).size() < MIN_OPERATIONS) {
        start++;
        continue;
      }
      while (end + 1 < denied.size() && withinWindow(denied.get(end), denied.get(end + 1))) {
        end++;
      }
      bursts.add(List.copyOf(denied.subList(start, end + 1)));
      start = end + 1;
    }
    return bursts;
  }

  private static boolean withinWindow(CloudTrailEvent first, CloudTrailEvent later) {
    return Duration.between(first.eventTime(), later.eventTime()).compareTo(WINDOW) <= 0;
  }

  private static Set<String> operations(List<CloudTrailEvent> events) {
    Set<String> operations = new LinkedHashSet<>();
    for (CloudTrailEvent event : events) {
      operations.add(CallRules.serviceOf(event) + ":" + event.eventName());
    }
    return operations;
  }

  private Finding toFinding(String principal, List<CloudTrailEvent> burst) {
    CallGroup group = new CallGroup();
    burst.forEach(group::add);
    CloudTrailEvent first = group.first();
    Set<String> operations = operations(burst);
    String summary = burst.size() + " denied calls to " + operations.size() + " operations by "
        + principal + " within " + Duration.between(group.firstSeen(), group.lastSeen())
            .toSeconds() + " s: permission enumeration";

    List<String> explanation = List.of(
        burst.size() + " calls between " + group.firstSeen() + " and " + group.lastSeen()
            + " were denied: " + group.callCounts() + ".",
        "A burst is at least " + MIN_CALLS + " denied calls to at least " + MIN_OPERATIONS
            + " operations, each within " + WINDOW.toMinutes() + " minutes of the burst's first"
            + " call. Enumeration tools try many calls to learn what the credentials may do; an"
            + " application repeats the few calls it was built for.",
        "Error codes: " + String.join(", ", errorCodes(burst)) + ".");

    return Finding.builder(FindingKind.API_ACTIVITY, Severity.MEDIUM, summary)
        .idKey("access-denied-burst|" + principal + "|" + group.firstSeen())
        .instanceId(instanceId)
        .principal(principal)
        .accessKeyId(first.accessKeyId())
        .sourceIp(first.sourceIpAddress())
        .userAgent(group.mainUserAgent())
        .eventSource(first.eventSource())
        .eventName(first.eventName())
        .region(group.regions())
        .errorCode(first.errorCode())
        .tactic("discovery")
        .techniques(List.of("T1526", "T1087.004"))
        .rule("access-denied-burst")
        .eventIds(group.eventIds())
        .explanation(explanation)
        .firstSeen(group.firstSeen())
        .lastSeen(group.lastSeen())
        .build();
  }

  private static Set<String> errorCodes(List<CloudTrailEvent> events) {
    Set<String> codes = new LinkedHashSet<>();
    events.forEach(event -> codes.add(event.errorCode()));
    return codes;
  }
}
