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
  /**
   * Finding-type prefixes whose outbound network connection goes to the attacker's server, so the
   * remote address is a command-and-control or drop point. Other outbound types (denial of
   * service, port scans, brute force by the instance) make the remote a victim instead.
   */
  private static final List<String> C2_TYPE_PREFIXES = List.of(
      "UnauthorizedAccess:EC2/MaliciousIPCaller",
      "Backdoor:EC2/C&CActivity",
      "Trojan:EC2/",
      "CryptoCurrency:EC2/",
      "UnauthorizedAccess:EC2/TorClient");

  /** The part the finding's remote address plays towards the instance. */
  enum RemoteRole {
    /** The instance connected out to it: a command-and-control server or drop point. */
    C2_PEER,
    /** It connected in to the instance or probed it: an attacker's address. */
    ATTACKER,
    /** The instance attacked it (denial of service, scan, brute force): a victim. */
    VICTIM,
    /** An API caller's address, or no remote address at all. */
    OTHER
  }

  private GuardDutyFindings() {}

  static RemoteRole remoteRole(GuardDutyFinding finding) {
    if (finding.remoteIp() == null || finding.instanceId() == null) {
      return RemoteRole.OTHER;
    }
    String type = finding.type() == null ? "" : finding.type();
    if ("PORT_PROBE".equals(finding.actionType()) || "INBOUND".equals(finding.direction())) {
      return RemoteRole.ATTACKER;
    }
    if ("OUTBOUND".equals(finding.direction())) {
      boolean c2 = C2_TYPE_PREFIXES.stream().anyMatch(type::startsWith);
      return c2 ? RemoteRole.C2_PEER : RemoteRole.VICTIM;
    }
    return RemoteRole.OTHER;
  }

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

  /**
   * Maps a GuardDuty finding. The remote address becomes the finding's {@code remoteIp}, which the
   * verdict reads as command and control, only when the instance connected out to it and the
   * finding is about the instance under investigation.
   *
   * @param scopedInstanceId the instance under investigation, or null
   */
  static Finding toFinding(GuardDutyFinding finding, String scopedInstanceId) {
    RemoteRole role = remoteRole(finding);
    boolean otherInstance = finding.instanceId() != null && scopedInstanceId != null
        && !finding.instanceId().equals(scopedInstanceId);
    boolean c2 = role == RemoteRole.C2_PEER && !otherInstance;

    StringBuilder summary = new StringBuilder("GuardDuty ").append(finding.type())
        .append(" (severity ").append(finding.severity()).append(")");
    if (finding.instanceId() != null) {
      summary.append(" on ").append(finding.instanceId());
      if (otherInstance) {
        summary.append(" (another instance than ").append(scopedInstanceId).append(")");
      }
    }
    if (finding.remoteIp() != null) {
      summary.append(", remote ").append(finding.remoteIp());
      if (c2 && finding.remotePort() != null) {
        summary.append(':').append(finding.remotePort());
      }
      summary.append(switch (role) {
        case C2_PEER -> " (the instance connected out to it)";
        case ATTACKER -> " (it connected in or probed the instance)";
        case VICTIM -> " (the instance attacked it)";
        case OTHER -> " (caller address)";
      });
    }
    if (finding.sample()) {
      summary.append(" (GuardDuty sample finding)");
    }
    // A finding about another instance is context for this report, not its verdict or exit code.
    Severity severity = otherInstance ? Severity.LOW : severity(finding.severity());
    return Finding.builder(FindingKind.GUARDDUTY_FINDING, severity, summary.toString())
        .idKey(finding.id() != null ? finding.id() : summary.toString())
        .instanceId(finding.instanceId())
        .remoteIp(c2 ? finding.remoteIp() : null)
        .remotePort(c2 ? finding.remotePort() : null)
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
