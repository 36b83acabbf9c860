package dev.cordon.core.network;

import static dev.cordon.core.network.Flow.LOCAL;
import static dev.cordon.core.network.Flow.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A suspect that sweeps many addresses: bounded per-pair state and the network-scan finding. */
class NetworkScanTest {
  private static final String C2 = "198.51.100.7";

  @ParameterizedTest
  @CsvSource({"999, 0", "1000, 1"})
  void scan_targetsAroundThreshold_reportedFromThousand(int targets, int expected) {
    NetworkAnalyzer analyzer = analyzer();

    sweep(analyzer, targets);

    assertThat(ofKind(analyzer.findings(), FindingKind.NETWORK_SCAN)).hasSize(expected);
    assertThat(analyzer.limits()).noneMatch(sentence -> sentence.contains("only counted"));
  }

  @ParameterizedTest
  @CsvSource({"S3, 0", "DYNAMODB, 0", "EC2, 1", "AMAZON, 1"})
  void scan_toAwsService_countedByName(String service, int expected) {
    NetworkAnalyzer analyzer = analyzer();

    for (int i = 0; i < 1500; i++) {
      String address = "52.216." + (i >> 8) + "." + (i & 0xff);
      analyzer.accept(Flow.of(LOCAL, 40000 + i, address, 443, T0 + 60L * i, 2_000)
          .toService(service).build());
    }

    assertThat(ofKind(analyzer.findings(), FindingKind.NETWORK_SCAN)).hasSize(expected);
  }

  @Test
  void scan_untrackedToS3_notCounted() {
    NetworkAnalyzer analyzer = analyzer();
    int targets = NetworkAnalyzer.MAX_TRACKED_PAIRS + 2_000;

    for (int i = 0; i < targets; i++) {
      String address = "52." + (216 + (i >> 16)) + "." + (i >> 8 & 0xff) + "." + (i & 0xff);
      analyzer.accept(Flow.of(LOCAL, 40000 + i % 20000, address, 443, T0 + i % 60, 44)
          .rejected().toService("S3").build());
    }

    assertThat(ofKind(analyzer.findings(), FindingKind.NETWORK_SCAN)).isEmpty();
    assertThat(analyzer.limits()).anyMatch(sentence -> sentence.contains("2,000 outbound"));
  }

  @Test
  void scan_beyondTrackedPairs_countedOnly() {
    NetworkAnalyzer analyzer = analyzer();
    int targets = 150_000;

    sweep(analyzer, targets);
    analyzer.accept(Flow.of(LOCAL, 50000, C2, 443, T0 + 30, 4_000).build());
    List<Finding> findings = analyzer.findings();

    Finding scan = ofKind(findings, FindingKind.NETWORK_SCAN).get(0);
    // The sweep plus the one accepted connection to the C2 server, all opened by the suspect.
    assertThat(scan.connections()).isEqualTo(targets + 1);
    assertThat(scan.localIp()).isEqualTo(LOCAL);
    // 150,000 targets - 50,000 tracked pairs = 100,000 counted only per local address.
    assertThat(scan.explanation()).anyMatch(line -> line.startsWith("100,000 further"));
    assertThat(analyzer.limits()).anyMatch(sentence -> sentence.contains("100,000 outbound"));
    assertThat(analyzer.limits()).anyMatch(sentence -> sentence.startsWith("Only the 50 most"));
    assertThat(ofKind(findings, FindingKind.UNUSUAL_PORT)).hasSize(50);
    // An accepted connection after the sweep still has room and is matched against the intel.
    assertThat(ofKind(findings, FindingKind.THREAT_INTEL_MATCH)).hasSize(1);
  }

  @Test
  void scan_manyOpenAttempts_closedEarlyAndReported() {
    NetworkAnalyzer analyzer = analyzer();

    sweep(analyzer, ConnectionStitcher.MAX_OPEN_TUPLES + 1);

    assertThat(analyzer.limits()).anyMatch(sentence -> sentence.contains("closed before"));
  }

  /** Rejected SSH attempts from the suspect to distinct addresses, all in the same minute. */
  private static void sweep(NetworkAnalyzer analyzer, int targets) {
    for (int i = 0; i < targets; i++) {
      String target = "172.16." + (i >> 8 & 0xff) + "." + (i & 0xff);
      String address = i < 65_536 ? target : "172." + (17 + (i >> 16)) + "." + (i >> 8 & 0xff)
          + "." + (i & 0xff);
      analyzer.accept(Flow.of(LOCAL, 40000 + i % 20000, address, 22, T0 + i % 60, 44)
          .rejected().build());
    }
  }

  private static NetworkAnalyzer analyzer() {
    return new NetworkAnalyzer(Flow.scope(Set.of()), Flow.intel(C2, "test list"),
        NetworkOptions.defaults());
  }

  private static List<Finding> ofKind(List<Finding> findings, String kind) {
    return findings.stream().filter(f -> kind.equals(f.kind())).toList();
  }
}
