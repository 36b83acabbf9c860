package dev.cordon.core.investigate;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import dev.cordon.core.guardduty.GuardDutyFinding;
import java.time.Instant;
import java.util.List;

/** Turns the GuardDuty findings read into report findings and timeline entries. */
final class GuardDutyFindings {
  private GuardDutyFindings() {}

  /**
   * Maps GuardDuty's decimal severity to Cordon's levels. GuardDuty calls 7.0 to 8.9 high, 4.0 to
   * 6.9 medium and below 4.0 low; 9.0 and above (attack sequences) is critical.
   */
  static Severity severity(double guardDutySeverity) {
    if (guardDutySeverity >= 9.0) {
      return Severity.CRITICAL;
    }
    if (guardDutySeverity >= 7.0) {
      return Severity.HIGH;
    }
    if (guardDutySeverity >= 4.0) {
      return Severity.MEDIUM;
    }
    return Severity.LOW;
  }

  static Finding toFinding(GuardDutyFinding finding) {
    String sample = finding.sample() ? " (GuardDuty sample finding)" : "";
    String summary = "GuardDuty " + finding.type() + " (severity " + finding.severity() + ")"
        + (finding.instanceId() != null ? " on " + finding.instanceId() : "")
        + (finding.remoteIp() != null ? ", remote " + finding.remoteIp()
            + (finding.remotePort() != null ? ":" + finding.remotePort() : "") : "")
        + sample;
    return Finding.builder(FindingKind.GUARDDUTY_FINDING, severity(finding.severity()), summary)
        .idKey(finding.id() != null ? finding.id() : summary)
        .instanceId(finding.instanceId())
        .remoteIp(finding.remoteIp())
        .remotePort(finding.remotePort())
        .region(finding.region())
        .rule(finding.type())
        .explanation(finding.title() != null ? List.of(finding.title()) : null)
        .eventIds(finding.id() != null ? List.of(finding.id()) : null)
        .firstSeen(first(finding.firstSeen(), finding.createdAt()))
        .lastSeen(first(finding.lastSeen(), finding.updatedAt()))
        .build();
  }

  static TimelineEntry toTimelineEntry(GuardDutyFinding finding, Finding reported) {
    Instant time = first(finding.createdAt(), finding.firstSeen());
    return new TimelineEntry(time, "guardduty", reported.summary(), reported.severity(), reported.id());
  }

  private static Instant first(Instant preferred, Instant fallback) {
    return preferred != null ? preferred : fallback;
  }
}
