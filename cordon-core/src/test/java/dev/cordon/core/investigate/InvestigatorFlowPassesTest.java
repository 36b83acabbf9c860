package dev.cordon.core.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow-log passes of {@link Investigator}: the discovery pass also analyses the given scope,
 * and the pass keeps that analysis only when discovery widened nothing.
 */
class InvestigatorFlowPassesTest {
  private static final String V2_HEADER = "version account-id interface-id srcaddr dstaddr srcport"
      + " dstport protocol packets bytes start end action log-status";
  private static final String V5_HEADER = "version account-id interface-id srcaddr dstaddr srcport"
      + " dstport protocol packets bytes start end action log-status instance-id pkt-srcaddr"
      + " pkt-dstaddr flow-direction";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T00:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void investigate_noInstanceIdField_countsRecordsOnce() throws IOException {
    Path log = write("v2.log", V2_HEADER,
        "2 123456789012 eni-1 10.0.1.55 10.0.2.9 40000 5432 6 10 1000 1705190400 1705190459 ACCEPT OK",
        "2 123456789012 eni-1 10.0.1.55 10.0.2.9 40001 5432 6 10 2000 1705190500 1705190559 ACCEPT OK");

    Report report = investigate(log, List.of("10.0.1.55"));

    // One pair, 10.0.1.55 to 10.0.2.9:5432, with 1000 + 2000 = 3000 bytes out in 2 connections.
    Finding summary = summaryWith(report, "10.0.2.9");
    assertThat(summary.bytesOut()).isEqualTo(3000L);
    assertThat(summary.connections()).isEqualTo(2L);
  }

  @Test
  void investigate_secondaryAddress_findsPeerRecords() throws IOException {
    // The suspect's own record shows its secondary address 10.0.1.56 in pkt-srcaddr. The peer's
    // record names only 10.0.1.56, so only the widened scope finds it.
    Path log = write("v5.log", V5_HEADER,
        "5 123456789012 eni-1 10.0.1.55 10.0.2.9 40000 5432 6 10 1000 1705190400 1705190459 ACCEPT OK"
            + " i-0abc123def456 10.0.1.56 10.0.2.9 egress",
        "5 123456789012 eni-7 10.0.3.7 10.0.1.56 41000 22 6 4 700 1705190600 1705190659 ACCEPT OK"
            + " i-0peer0000000 10.0.3.7 10.0.1.56 egress");

    Report report = investigate(log, List.of("10.0.1.55"));

    assertThat(report.scope().localAddresses()).containsExactlyInAnyOrder("10.0.1.55", "10.0.1.56");
    assertThat(report.scope().networkInterfaceIds()).containsExactly("eni-1");
    assertThat(summaryWith(report, "10.0.3.7").bytesIn()).isEqualTo(700L);
  }

  private Report investigate(Path log, List<String> addresses) {
    InvestigationRequest request = new InvestigationRequest(null, "i-0abc123def456", addresses,
        List.of(), List.of(), List.of(log), null, List.of(), List.of(), null, null);
    return new Investigator(CLOCK, "test").investigate(request);
  }

  private static Finding summaryWith(Report report, String remote) {
    return report.findings().stream()
        .filter(f -> FindingKind.TRAFFIC_SUMMARY.equals(f.kind()) && remote.equals(f.remoteIp()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no traffic summary with " + remote + " in "
            + report.findings()));
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }
}
