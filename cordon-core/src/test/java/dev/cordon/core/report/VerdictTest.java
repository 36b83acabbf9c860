package dev.cordon.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerdictTest {

  @Test
  void of_noFindings_answersNoToAll() {
    Verdict verdict = Verdict.of(List.of());

    assertThat(verdict.commandAndControl().detected()).isFalse();
    assertThat(verdict.exfiltration().detected()).isFalse();
    assertThat(verdict.credentialTheft().detected()).isFalse();
    assertThat(verdict.persistence().detected()).isFalse();
    assertThat(verdict.highestSeverity()).isNull();
    assertThat(verdict.headline()).isEqualTo(
        "No findings: no command and control, exfiltration, credential theft or persistence in the inputs read.");
  }

  @Test
  void of_fullIncident_headlineAnswersAllFour() {
    Verdict verdict = Verdict.of(ReportFixtures.everyKind());

    assertThat(verdict.highestSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(verdict.headline()).isEqualTo("CRITICAL: Command and control to 203.0.113.100:443 (high confidence);"
        + " 2.1 GB exfiltrated to 198.51.100.77; instance credentials used from 192.0.2.77;"
        + " persistence through svc-backup.");
  }

  @Test
  void commandAndControl_beaconWithIntel_listsEvidence() {
    Verdict.CommandAndControl c2 = Verdict.of(ReportFixtures.everyKind()).commandAndControl();

    assertThat(c2.address()).isEqualTo("203.0.113.100");
    assertThat(c2.port()).isEqualTo(443);
    assertThat(c2.beaconScore()).isEqualTo(0.91);
    // The fixture's intel match is high, not critical (the address was not contacted by the
    // instance on accepted connections), so it is not command-and-control evidence.
    assertThat(c2.evidence()).containsExactly("beacon", "guardduty-finding");
  }

  @Test
  void commandAndControl_criticalIntelMatch_isEvidence() {
    List<Finding> findings = new java.util.ArrayList<>(ReportFixtures.everyKind());
    findings.add(ReportFixtures.intel("203.0.113.100", Severity.CRITICAL));

    assertThat(Verdict.of(findings).commandAndControl().evidence())
        .containsExactly("beacon", "guardduty-finding", "threat-intel-match");
  }

  @ParameterizedTest(name = "beacon {0}, intel {1} -> {2}")
  @CsvSource({
      "0.85, false, high",    // score at or above 0.8
      "0.60, true,  high",    // a flagged address raises a middling beacon
      "0.60, false, medium",  // 0.5 <= score < 0.8
      "0.30, false, low",     // below 0.5 and not flagged
      "-1,   true,  medium",   // a flag without a beacon (-1 means no beacon)
  })
  void commandAndControl_confidence(double score, boolean intel, String expected) {
    List<Finding> findings = new java.util.ArrayList<>();
    if (score >= 0) {
      findings.add(ReportFixtures.beacon(score));
    }
    if (intel) {
      findings.add(ReportFixtures.intel("203.0.113.100", Severity.CRITICAL));
    }

    assertThat(Verdict.of(findings).commandAndControl().confidence()).isEqualTo(expected);
  }

  @Test
  void commandAndControl_inboundOnlyIntelMatch_doesNotCount() {
    // The network analysis rates a match high, not critical, when the listed address only
    // started connections to the instance (a scan or brute force) or was rejected.
    Finding inbound = Finding.builder(FindingKind.THREAT_INTEL_MATCH, Severity.HIGH, "inbound SSH")
        .remoteIp("203.0.113.200").build();

    assertThat(Verdict.of(List.of(inbound)).commandAndControl().detected()).isFalse();
  }

  @Test
  void commandAndControl_otherHostContact_doesNotCount() {
    Finding contact = Finding.builder(FindingKind.IOC_CONTACT, Severity.MEDIUM, "sibling").remoteIp("203.0.113.100").build();

    assertThat(Verdict.of(List.of(contact)).commandAndControl().detected()).isFalse();
  }

  @Test
  void exfiltration_twoDestinations_sumsAndOrdersByBytes() {
    // 1,000,000 + 3,000,000 + 500,000 = 4,500,000 bytes; 198.51.100.9 has 3,500,000 of them.
    Verdict.Exfiltration ex = Verdict.of(List.of(
        ReportFixtures.exfiltration("198.51.100.77", 1_000_000L),
        ReportFixtures.exfiltration("198.51.100.9", 3_000_000L),
        Finding.builder(FindingKind.EXFILTRATION, Severity.HIGH, "second").remoteIp("198.51.100.9")
            .bytesOut(500_000L).build())).exfiltration();

    assertThat(ex.bytes()).isEqualTo(4_500_000L);
    assertThat(ex.destinations()).containsExactly("198.51.100.9", "198.51.100.77");
  }

  @Test
  void exfiltration_headline_countsMoreDestinations() {
    Verdict verdict = Verdict.of(List.of(
        ReportFixtures.exfiltration("198.51.100.77", 2_000_000L),
        ReportFixtures.exfiltration("198.51.100.9", 1_000_000L)));

    assertThat(verdict.headline()).isEqualTo("CRITICAL: 3.0 MB exfiltrated to 198.51.100.77 and 1 more.");
  }

  @Test
  void credentialTheft_keysInOrderOfFirstUse() {
    Verdict.CredentialTheft theft = Verdict.of(List.of(
        ReportFixtures.credentialUse("ASIAKEYSECOND0000002", "192.0.2.78", "x", Instant.parse("2024-01-15T03:00:00Z")),
        ReportFixtures.credentialUse("ASIAKEYFIRST00000001", "192.0.2.77", "x", Instant.parse("2024-01-15T02:00:00Z"))))
        .credentialTheft();

    assertThat(theft.accessKeyIds()).containsExactly("ASIAKEYFIRST00000001", "ASIAKEYSECOND0000002");
    assertThat(theft.sourceIps()).containsExactly("192.0.2.77", "192.0.2.78");
  }

  @Test
  void persistence_apiActivityWithPersistenceTactic_detectedWithoutPrincipals() {
    Finding call = Finding.builder(FindingKind.API_ACTIVITY, Severity.HIGH, "CreateLoginProfile").tactic("persistence").build();

    Verdict.Persistence persistence = Verdict.of(List.of(call)).persistence();

    assertThat(persistence.detected()).isTrue();
    assertThat(persistence.principals()).isEmpty();
  }

  @Test
  void headline_lowFindingsOnly_saysNoneOfTheFour() {
    Finding port = Finding.builder(FindingKind.UNUSUAL_PORT, Severity.LOW, "Port 4444").build();

    assertThat(Verdict.of(List.of(port)).headline())
        .isEqualTo("LOW: 1 finding, but no command and control, exfiltration, credential theft or persistence.");
  }
}
