package dev.cordon.core.report;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.scope.Scope;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Findings and reports shared by the report tests: one finding of every kind, and hostile strings. */
final class ReportFixtures {
  static final Instant GENERATED = Instant.parse("2024-01-15T04:00:00Z");
  static final String TITLE_SEQUENCE_AGENT = "Boto3/1.34.0 \u001b]0;pwned\u0007 Python/3.11";
  static final String PIPE_PRINCIPAL = "arn:aws:iam::123456789012:user/a|b`c`";
  static final String SCRIPT_VALUE = "GetObject key=<script>alert(1)</script>";
  static final String LONG_AGENT = "A".repeat(10_000);

  private ReportFixtures() {}

  static Scope scope() {
    return new Scope("i-0abc123def456", "order-service-instance-role",
        Set.of("eni-0a1b2c3d4e5f60001", "eni-0a1b2c3d4e5f60002"),
        Set.of("10.0.1.55", "10.0.1.56", "198.51.100.20"), Set.of("198.51.100.20"),
        Set.of("203.0.113.100"), 443, Set.of("arn:aws:sts::123456789012:assumed-role/SecurityResponder/alice"),
        Instant.parse("2024-01-14T03:00:00Z"), Instant.parse("2024-01-15T04:00:00Z"));
  }

  static Finding beacon(double score) {
    Map<String, Double> subScores = new LinkedHashMap<>();
    subScores.put("interval", 0.95);
    subScores.put("size", 0.9);
    return Finding.builder(FindingKind.BEACON, Severity.HIGH, "Beacon from 10.0.1.55 to 203.0.113.100:443 every 300 s")
        .idKey("10.0.1.55>203.0.113.100:443")
        .instanceId("i-0abc123def456").localIp("10.0.1.55").remoteIp("203.0.113.100").remotePort(443)
        .protocol("tcp").bytesOut(345_600L).bytesIn(864_000L).packetsOut(2_880L).packetsIn(2_880L)
        .connections(288L).periodSeconds(300.0).score(score).subScores(subScores)
        .explanation(List.of("288 connections over 24 h.", "Intervals cluster at 300 s."))
        .tactic("command-and-control").techniques(List.of("T1071.001"))
        .firstSeen(Instant.parse("2024-01-14T03:00:12Z")).lastSeen(Instant.parse("2024-01-15T03:55:08Z"))
        .build();
  }

  static Finding exfiltration(String remote, long bytes) {
    return Finding.builder(FindingKind.EXFILTRATION, Severity.CRITICAL, "Bulk upload to " + remote)
        .idKey(remote).localIp("10.0.1.55").remoteIp(remote).remotePort(443).protocol("tcp")
        .bytesOut(bytes).bytesIn(1_048_576L).firstSeen(Instant.parse("2024-01-15T02:51:00Z"))
        .lastSeen(Instant.parse("2024-01-15T03:03:00Z")).tactic("exfiltration").build();
  }

  static Finding intel(String remote) {
    return intel(remote, Severity.HIGH);
  }

  /** An intel match; critical means the instance opened accepted connections to the address. */
  static Finding intel(String remote, Severity severity) {
    return Finding.builder(FindingKind.THREAT_INTEL_MATCH, severity, "Contact with listed address " + remote)
        .idKey(remote).remoteIp(remote).remotePort(443).intelSource("c2-blocklist.txt")
        .firstSeen(Instant.parse("2024-01-14T03:00:12Z")).build();
  }

  static Finding guardDuty(String remote) {
    return Finding.builder(FindingKind.GUARDDUTY_FINDING, Severity.MEDIUM,
            "UnauthorizedAccess:EC2/MaliciousIPCaller.Custom")
        .idKey(remote).instanceId("i-0abc123def456").remoteIp(remote).remotePort(443)
        .rule("UnauthorizedAccess:EC2/MaliciousIPCaller.Custom")
        .firstSeen(Instant.parse("2024-01-15T03:15:22Z")).build();
  }

  static Finding credentialUse(String key, String source, String agent, Instant when) {
    return Finding.builder(FindingKind.CREDENTIAL_EXFILTRATION, Severity.CRITICAL,
            "Instance credentials used from " + source)
        .idKey(key + source).accessKeyId(key).sourceIp(source).userAgent(agent)
        .principal("arn:aws:sts::123456789012:assumed-role/order-service-instance-role/i-0abc123def456")
        .eventIds(List.of("e1", "e2", "e3", "e4")).firstSeen(when).lastSeen(when).build();
  }

  static Finding followOn(String principal) {
    return Finding.builder(FindingKind.FOLLOW_ON_PRINCIPAL, Severity.CRITICAL, "New principal " + principal)
        .idKey(principal).principal(principal).accessKeyId("AKIAEXAMPLEKEY000001")
        .tactic("persistence").techniques(List.of("T1136.003"))
        .firstSeen(Instant.parse("2024-01-15T02:41:00Z")).build();
  }

  /** One finding of every kind, with the hostile strings in attacker-controlled fields. */
  static List<Finding> everyKind() {
    List<Finding> all = new ArrayList<>();
    all.add(beacon(0.91));
    all.add(exfiltration("198.51.100.77", 2_147_483_648L));
    all.add(intel("203.0.113.100"));
    all.add(Finding.builder(FindingKind.UNUSUAL_PORT, Severity.LOW, "Port 4444").remoteIp("203.0.113.9")
        .remotePort(4444).build());
    all.add(Finding.builder(FindingKind.NEW_DESTINATION, Severity.LOW, "First contact with 198.51.100.77")
        .remoteIp("198.51.100.77").build());
    all.add(Finding.builder(FindingKind.LONG_CONNECTION, Severity.LOW, "Connection open 23 h")
        .remoteIp("10.0.3.20").remotePort(5432).build());
    all.add(Finding.builder(FindingKind.NETWORK_SCAN, Severity.HIGH, "10.0.1.55 tried 2,000,000 outbound connections")
        .localIp("10.0.1.55").connections(2_000_000L).build());
    all.add(Finding.builder(FindingKind.IOC_CONTACT, Severity.MEDIUM, "10.0.1.77 contacted 203.0.113.100")
        .instanceId("i-0abc123def789").localIp("10.0.1.77").remoteIp("203.0.113.100").build());
    all.add(Finding.builder(FindingKind.API_ACTIVITY, Severity.HIGH, SCRIPT_VALUE)
        .principal(PIPE_PRINCIPAL).eventName("GetObject").eventSource("s3.amazonaws.com")
        .userAgent(LONG_AGENT).region("us-east-1").errorCode("AccessDenied")
        .tactic("collection").rule("s3-bulk-read").firstSeen(Instant.parse("2024-01-15T02:30:00Z")).build());
    all.add(credentialUse("ASIAEXAMPLEKEY000001", "192.0.2.77", TITLE_SEQUENCE_AGENT,
        Instant.parse("2024-01-15T02:35:00Z")));
    all.add(followOn("svc-backup"));
    all.add(guardDuty("203.0.113.100"));
    all.add(Finding.builder(FindingKind.RESPONSE_ACTION, Severity.LOW, "Responder described instances")
        .principal("arn:aws:sts::123456789012:assumed-role/SecurityResponder/alice").build());
    all.add(Finding.builder(FindingKind.TRAFFIC_SUMMARY, Severity.LOW, "Traffic to 10.0.3.20:5432")
        .remoteIp("10.0.3.20").bytesOut(1_000L).bytesIn(2_000L).build());
    return all;
  }

  static List<TimelineEntry> timeline() {
    return List.of(
        new TimelineEntry(Instant.parse("2024-01-15T03:15:22Z"), "guardduty", "GuardDuty finding", Severity.MEDIUM, null),
        new TimelineEntry(Instant.parse("2024-01-15T02:30:00Z"), "cloudtrail", SCRIPT_VALUE, Severity.HIGH, null),
        new TimelineEntry(Instant.parse("2024-01-15T02:20:00Z"), "cloudtrail", "GetCallerIdentity", null, null));
  }

  static InputStats stats() {
    InputStats stats = new InputStats();
    stats.file("flow/a.log.gz", "flowlogs", 1_000, 2, null);
    stats.file("trail/b.json.gz", "cloudtrail", 500, 0, "Unexpected end of gzip stream after 500 records");
    stats.skip("flow/a.log.gz", 7, "invalid port", "flow/a.log.gz line 7: invalid port '99999'");
    stats.skip("flow/a.log.gz", 9, "invalid port", "flow/a.log.gz line 9: invalid port '-1'");
    stats.blindSpot(new InputStats.BlindSpot("flowlogs", "SKIPDATA on eni-0a1b2c3d4e5f60002", 1705287600L, 1705287660L));
    return stats;
  }

  /** Error of a flow-log file that failed half way, which the reader records as a blind spot too. */
  static final String CUT_FILE_ERROR = "flow/cut.log.gz: reading stopped after line 36 (the gzip data ends early,"
      + " so the file is truncated); the 35 records before that point were kept and the rest of the file is"
      + " missing. The file may be truncated or damaged; copy it again from its source";

  /** Returns a report on {@link #stats()} and a file whose read failure is both an error and a blind spot. */
  static Report reportWithCutFile() {
    InputStats stats = stats();
    stats.file("flow/cut.log.gz", "flowlogs", 35, 1, CUT_FILE_ERROR);
    stats.blindSpot(new InputStats.BlindSpot("flow/cut.log.gz", CUT_FILE_ERROR, 1705287600L, null));
    return Report.of(scope(), List.of(), List.of(), stats, GENERATED, "0.1.0");
  }

  static Report report(List<Finding> findings) {
    return Report.of(scope(), findings, timeline(), stats(), GENERATED, "0.1.0");
  }

  static String render(ReportFormat format, boolean color, Report report) {
    StringWriter out = new StringWriter();
    try {
      ReportRenderer.of(format, color).render(report, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
