package dev.cordon.core.network;

import static dev.cordon.core.network.Flow.ENI;
import static dev.cordon.core.network.Flow.INSTANCE;
import static dev.cordon.core.network.Flow.LOCAL;
import static dev.cordon.core.network.Flow.NAT_ENI;
import static dev.cordon.core.network.Flow.NAT_PRIVATE;
import static dev.cordon.core.network.Flow.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import dev.cordon.core.flowlogs.FlowRecord;
import dev.cordon.core.intel.ThreatIntel;
import dev.cordon.core.intel.ThreatIntelSet;
import dev.cordon.core.scope.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkAnalyzerTest {
  private static final int SYN_FIN = 3;
  private static final int SYN_ACK_FIN = 19;
  private static final long MB = 1_000_000L;

  // ---- traffic totals

  @Test
  void traffic_twoSubscriptions_countedOnce() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    List<FlowRecord> records = connection(40000, "198.51.100.7", 443, T0, 5_000, 20_000, true);

    records.forEach(analyzer::accept);
    records.forEach(analyzer::accept);

    Finding summary = only(analyzer.findings(), FindingKind.TRAFFIC_SUMMARY);
    assertThat(summary.bytesOut()).isEqualTo(5_000);
    assertThat(summary.bytesIn()).isEqualTo(20_000);
    assertThat(summary.connections()).isEqualTo(1);
    assertThat(summary.remotePort()).isEqualTo(443);
  }

  @Test
  void traffic_natGatewayCopy_notDoubleCounted() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    String internet = "203.0.113.5";
    // the instance's own interface: all four addresses agree
    connection(40000, internet, 443, T0, 7_000, 90_000, true).forEach(analyzer::accept);
    // the NAT gateway interface: instance -> NAT leg and NAT -> instance leg, same bytes
    analyzer.accept(Flow.of(LOCAL, 40000, NAT_PRIVATE, 443, T0 + 1, 7_000).on(NAT_ENI)
        .packet(LOCAL, internet).build());
    analyzer.accept(Flow.of(NAT_PRIVATE, 443, LOCAL, 40000, T0 + 1, 90_000).on(NAT_ENI)
        .packet(internet, LOCAL).build());
    // NAT gateway -> internet legs carry the NAT address only, so they are out of scope
    analyzer.accept(Flow.of(NAT_PRIVATE, 40000, internet, 443, T0 + 1, 7_000).on(NAT_ENI)
        .build());

    Finding summary = only(analyzer.findings(), FindingKind.TRAFFIC_SUMMARY);
    assertThat(summary.bytesOut()).isEqualTo(7_000);
    assertThat(summary.bytesIn()).isEqualTo(90_000);
    assertThat(summary.remoteIp()).isEqualTo(internet);
  }

  @Test
  void traffic_onlyNatGatewayLogged_countedFromCopy() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    analyzer.accept(Flow.of(LOCAL, 40000, NAT_PRIVATE, 443, T0, 7_000).on(NAT_ENI)
        .packet(LOCAL, "203.0.113.5").build());

    Finding summary = only(analyzer.findings(), FindingKind.TRAFFIC_SUMMARY);
    assertThat(summary.bytesOut()).isEqualTo(7_000);
    assertThat(summary.explanation()).anyMatch(line -> line.contains("intermediary"));
  }

  @Test
  void traffic_secondaryAddress_countedUnderPacketAddress() {
    Scope scope = new Scope(INSTANCE, null, Set.of(ENI), Set.of(LOCAL, "10.0.1.9"), Set.of(),
        Set.of(), null, Set.of(), null, null);
    NetworkAnalyzer analyzer = new NetworkAnalyzer(scope, Flow.noIntel(), NetworkOptions.defaults());
    analyzer.accept(Flow.of(LOCAL, 40000, "198.51.100.7", 443, T0, 800)
        .packet("10.0.1.9", "198.51.100.7").build());

    Finding summary = only(analyzer.findings(), FindingKind.TRAFFIC_SUMMARY);
    assertThat(summary.localIp()).isEqualTo("10.0.1.9");
  }

  @Test
  void traffic_outsideWindow_ignored() {
    Scope scope = new Scope(INSTANCE, null, Set.of(ENI), Set.of(LOCAL), Set.of(), Set.of(), null,
        Set.of(), Instant.ofEpochSecond(T0 + 1000), Instant.ofEpochSecond(T0 + 2000));
    NetworkAnalyzer analyzer = new NetworkAnalyzer(scope, Flow.noIntel(), NetworkOptions.defaults());
    connection(40000, "198.51.100.7", 443, T0, 5_000, 1, true).forEach(analyzer::accept);
    connection(40001, "198.51.100.7", 443, T0 + 1500, 6_000, 1, true).forEach(analyzer::accept);
    connection(40002, "198.51.100.7", 443, T0 + 2500, 7_000, 1, true).forEach(analyzer::accept);

    assertThat(only(analyzer.findings(), FindingKind.TRAFFIC_SUMMARY).bytesOut()).isEqualTo(6_000);
  }

  @Test
  void traffic_otherHostRecords_ignored() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    analyzer.accept(Flow.of("10.0.2.9", 40000, "198.51.100.7", 443, T0, 5_000)
        .on("eni-other").build());

    assertThat(analyzer.findings()).isEmpty();
  }

  // ---- exfiltration

  @Test
  void exfiltration_largeUpload_highWithHumanUnits() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    // 150 MB out, 1 MB in: ratio 150 >= 2; the other destinations' median is 2 MB and
    // 150 >= 10 x 2, so it is an outlier; 150 MB < 1 GB -> high
    connection(40000, "198.51.100.7", 443, T0, 150 * MB, MB, true).forEach(analyzer::accept);
    connection(40001, "203.0.113.10", 443, T0 + 10, MB, 5 * MB, true).forEach(analyzer::accept);
    connection(40002, "203.0.113.11", 443, T0 + 20, 3 * MB, 5 * MB, true).forEach(analyzer::accept);

    Finding finding = only(analyzer.findings(), FindingKind.EXFILTRATION);
    assertThat(finding.severity()).isEqualTo(Severity.HIGH);
    assertThat(finding.remoteIp()).isEqualTo("198.51.100.7");
    assertThat(finding.bytesOut()).isEqualTo(150 * MB);
    assertThat(finding.summary()).contains("150.0 MB (150,000,000 bytes)");
    assertThat(analyzer.flaggedRemoteAddresses()).contains("198.51.100.7");
  }

  @Test
  void exfiltration_overOneGigabyte_critical() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    connection(40000, "198.51.100.7", 443, T0, 1_200 * MB, MB, true).forEach(analyzer::accept);

    Finding finding = only(analyzer.findings(), FindingKind.EXFILTRATION);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.summary()).contains("1.2 GB");
  }

  @Test
  void exfiltration_toS3_skipped() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    analyzer.accept(Flow.of(LOCAL, 40000, "52.216.1.1", 443, T0, 500 * MB).toService("S3")
        .flags(SYN_FIN).build());

    assertThat(kinds(analyzer.findings())).doesNotContain(FindingKind.EXFILTRATION);
  }

  @Test
  void exfiltration_downloadOrOrdinaryVolume_notReported() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    // ratio 200 MB / 150 MB = 1.33 < 2: not an upload
    connection(40000, "198.51.100.7", 443, T0, 200 * MB, 150 * MB, true).forEach(analyzer::accept);
    // 120 MB is not 10 x the others' median of 100 MB
    connection(40001, "198.51.100.8", 443, T0, 120 * MB, MB, true).forEach(analyzer::accept);
    connection(40002, "198.51.100.9", 443, T0, 100 * MB, MB, true).forEach(analyzer::accept);

    assertThat(kinds(analyzer.findings())).doesNotContain(FindingKind.EXFILTRATION);
  }

  // ---- unusual ports

  @Test
  void unusualPort_severityByPortAndDestination() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    connection(40000, "198.51.100.7", 4444, T0, 900, 900, true).forEach(analyzer::accept);
    connection(40001, "198.51.100.8", 8081, T0, 900, 900, true).forEach(analyzer::accept);
    connection(40002, "10.0.2.7", 22, T0, 900, 900, true).forEach(analyzer::accept);
    connection(40003, "198.51.100.9", 443, T0, 900, 900, true).forEach(analyzer::accept);
    // a client of the instance's SSH server: inbound, its port 51000 is not a destination
    analyzer.accept(Flow.of("203.0.113.9", 51000, LOCAL, 22, T0, 900).flags(2).build());
    analyzer.accept(Flow.of(LOCAL, 22, "203.0.113.9", 51000, T0, 900).flags(18).build());

    List<Finding> ports = ofKind(analyzer.findings(), FindingKind.UNUSUAL_PORT);
    assertThat(ports).extracting(Finding::remotePort).containsExactlyInAnyOrder(4444, 8081, 22);
    assertThat(byPort(ports, 4444).severity()).isEqualTo(Severity.HIGH);
    assertThat(byPort(ports, 8081).severity()).isEqualTo(Severity.MEDIUM);
    assertThat(byPort(ports, 22).severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void unusualPort_onlyRejected_oneLevelLower() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    analyzer.accept(Flow.of(LOCAL, 40000, "198.51.100.7", 6667, T0, 60).flags(2).rejected()
        .build());

    Finding finding = only(analyzer.findings(), FindingKind.UNUSUAL_PORT);
    assertThat(finding.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(finding.summary()).contains("all rejected");
  }

  @Test
  void unusualPort_overLimit_keepsMostSevere() {
    NetworkOptions defaults = NetworkOptions.defaults();
    NetworkOptions limitTwo = new NetworkOptions(defaults.connectionGapSeconds(),
        defaults.reorderToleranceSeconds(), defaults.beaconWindowSeconds(),
        defaults.beaconMinScore(), defaults.beaconHighScore(), defaults.beaconMinTimestampScore(),
        defaults.maxConnectionsPerPair(), defaults.longConnectionSeconds(),
        defaults.exfiltrationMinBytes(), defaults.exfiltrationCriticalBytes(),
        defaults.exfiltrationMinRatio(), defaults.exfiltrationOutlierFactor(),
        defaults.newDestinationBaselineShare(), defaults.baselineEnd(), defaults.commonPorts(),
        defaults.notablePorts(), defaults.hostedAwsServices(), defaults.maxTrafficSummaries(), 2);
    NetworkAnalyzer all = analyzer(Set.of(), Flow.noIntel());
    NetworkAnalyzer limited = new NetworkAnalyzer(Flow.scope(Set.of()), Flow.noIntel(), limitTwo);
    for (NetworkAnalyzer analyzer : List.of(all, limited)) {
      connection(40000, "198.51.100.7", 4444, T0, 900, 900, true).forEach(analyzer::accept);
      connection(40001, "198.51.100.8", 8081, T0, 900, 900, true).forEach(analyzer::accept);
      connection(40002, "198.51.100.9", 8082, T0, 900, 900, true).forEach(analyzer::accept);
      connection(40003, "10.0.2.7", 8083, T0, 900, 900, true).forEach(analyzer::accept);
    }

    // Of HIGH 4444, MEDIUM 8081 and 8082 and LOW 8083, the limit of 2 keeps 4444 and the MEDIUM
    // finding with the smaller id, as the most severe first, then by id.
    List<Finding> expected = ofKind(all.findings(), FindingKind.UNUSUAL_PORT).stream()
        .sorted(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::id))
        .limit(2)
        .toList();
    List<Finding> reported = ofKind(limited.findings(), FindingKind.UNUSUAL_PORT);
    assertThat(expected).hasSize(2);
    assertThat(expected.get(0).remotePort()).isEqualTo(4444);
    assertThat(reported).isEqualTo(expected);
  }

  // ---- beacons

  @ParameterizedTest(name = "tcp flags logged: {0}")
  @ValueSource(booleans = {true, false})
  void beacon_jitterAndDelayOn600sWindows_high(boolean withFlags) {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    // 289 connections, one every 300 s: the beacon's own jitter alternates +10/-10 s and the
    // flow-log start delay alternates 0/60 s, the worst mix, so recorded offsets alternate 10/50
    // and intervals alternate 340/260 (144 each). Each connection is one 600 s window record per
    // direction on a new source port.
    for (int k = 0; k <= 288; k++) {
      long recorded = T0 + 300L * k + (k % 2 == 0 ? 10 : 50);
      connection(33000 + k, "198.51.100.77", 8443, recorded, 1_200, 3_400, withFlags)
          .forEach(analyzer::accept);
    }

    Finding beacon = only(analyzer.findings(), FindingKind.BEACON);
    // ts: Q1 260, Q2 300, Q3 340, skew 0 -> 1; MAD 40 -> 1 - 40/300 = 0.8667; mean 0.933
    assertThat(beacon.subScores()).containsEntry("timestamp", 0.933);
    // ds: every connection sent 1200 bytes -> 1
    assertThat(beacon.subScores()).containsEntry("dataSize", 1.0);
    // hist: window T0+10 .. T0+86410, 23 bins of 12 and the last of 13 (the final start is the
    // window end); mean 12.042, std 0.1998, CV 0.0166 -> 0.983; bimodal (23 + 1) / 23 -> 1
    assertThat(beacon.subScores()).containsEntry("histogram", 1.0);
    // dur: coverage 86400 / 86400 = 1
    assertThat(beacon.subScores()).containsEntry("duration", 1.0);
    // 0.25 x (0.933 + 1 + 1 + 1) = 0.98325 -> 0.983
    assertThat(beacon.score()).isEqualTo(0.983);
    assertThat(beacon.severity()).isEqualTo(Severity.HIGH);
    assertThat(beacon.periodSeconds()).isEqualTo(300.0);
    assertThat(beacon.connections()).isEqualTo(289);
    assertThat(beacon.explanation()).anyMatch(line -> line.startsWith("Timestamp score 0.933"));
    assertThat(beacon.explanation()).anyMatch(line -> line.startsWith("Histogram score 1.000"));
    assertThat(analyzer.flaggedRemoteAddresses()).contains("198.51.100.77");
  }

  @ParameterizedTest(name = "tcp flags logged: {0}")
  @ValueSource(booleans = {true, false})
  void beacon_longConnectionEvery60s_isOneConnection(boolean withFlags) {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    // one 5-tuple logged in every 60 s window for 2 hours, both directions
    for (int k = 0; k < 120; k++) {
      long start = T0 + 60L * k;
      int outFlags = FlowRecord.ABSENT;
      int inFlags = FlowRecord.ABSENT;
      if (withFlags) {
        outFlags = k == 0 ? 2 : 0;
        inFlags = k == 0 ? 18 : 0;
      }
      analyzer.accept(Flow.of(LOCAL, 45000, "198.51.100.30", 443, start, 300).end(start + 59)
          .flags(outFlags).build());
      analyzer.accept(Flow.of("198.51.100.30", 443, LOCAL, 45000, start, 900).end(start + 59)
          .flags(inFlags).build());
    }

    List<Finding> findings = analyzer.findings();
    assertThat(kinds(findings)).doesNotContain(FindingKind.BEACON);
    Finding longConnection = only(findings, FindingKind.LONG_CONNECTION);
    // T0 .. T0 + 119 * 60 + 59 = 7199 s >= 3600 s; public, under 4 h -> medium
    assertThat(longConnection.lastSeen().getEpochSecond() - longConnection.firstSeen()
        .getEpochSecond()).isEqualTo(7199);
    assertThat(longConnection.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(longConnection.bytesOut()).isEqualTo(120 * 300);
    assertThat(only(findings, FindingKind.TRAFFIC_SUMMARY).connections()).isEqualTo(1);
  }

  @Test
  void beacon_randomTrafficAllDay_notBeacon() {
    // Connections at exponential intervals (mean 1 hour, a Poisson process) with random sizes to
    // ten addresses over 30 hours. Every hour tends to be busy, so the histogram and duration parts
    // score near 1 and the total can pass 0.7; the timestamp part of exponential intervals is
    // about 0.57 (dispersion 1 - MAD/median ~ 0.4, symmetry 1 - 0.26 ~ 0.74), below the 0.7 gate.
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    SplittableRandom random = new SplittableRandom(7);
    for (int host = 0; host < 10; host++) {
      String remote = "198.51.100." + (100 + host);
      double time = T0;
      int port = 40000 + host * 1000;
      while (time < T0 + 30 * 3600) {
        time += -Math.log(1 - random.nextDouble()) * 3600;
        long bytes = 500 + random.nextInt(20_000);
        connection(port++, remote, 443, (long) time, bytes, bytes * 3, true).forEach(analyzer::accept);
      }
    }

    assertThat(ofKind(analyzer.findings(), FindingKind.BEACON)).isEmpty();
  }

  @Test
  void beacon_elbHealthChecksEvery30s_notBeacon() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    // 10.0.0.12 (the load balancer) opens a connection to port 80 every 30 s for a day
    for (int k = 0; k < 2880; k++) {
      long start = T0 + 30L * k;
      int port = 20000 + k % 40000;
      analyzer.accept(Flow.of("10.0.0.12", port, LOCAL, 80, start, 120).flags(SYN_FIN).build());
      analyzer.accept(Flow.of(LOCAL, 80, "10.0.0.12", port, start, 350).flags(SYN_ACK_FIN)
          .build());
    }

    List<Finding> findings = analyzer.findings();
    assertThat(kinds(findings)).doesNotContain(FindingKind.BEACON);
    Finding summary = only(findings, FindingKind.TRAFFIC_SUMMARY);
    assertThat(summary.connections()).isEqualTo(2880);
    assertThat(summary.summary()).contains("to local port 80");
  }

  @Test
  void beacon_periodicS3Calls_notBeacon() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    for (int k = 0; k < 288; k++) {
      long start = T0 + 300L * k;
      analyzer.accept(Flow.of(LOCAL, 33000 + k, "52.216.8.10", 443, start, 2_000).flags(SYN_FIN)
          .toService("S3").build());
      analyzer.accept(Flow.of("52.216.8.10", 443, LOCAL, 33000 + k, start, 6_000)
          .flags(SYN_ACK_FIN).fromService("S3").build());
    }

    List<Finding> findings = analyzer.findings();
    assertThat(kinds(findings)).doesNotContain(FindingKind.BEACON, FindingKind.NEW_DESTINATION);
  }

  @Test
  void beacon_internalChatter_atMostLow() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    for (int k = 0; k < 288; k++) {
      connection(33000 + k, "10.0.2.40", 2379, T0 + 300L * k, 400, 400, true)
          .forEach(analyzer::accept);
    }

    Finding beacon = only(analyzer.findings(), FindingKind.BEACON);
    // every interval 300, every size 400, flat bins: 1.0, but the destination is private
    assertThat(beacon.score()).isEqualTo(1.0);
    assertThat(beacon.severity()).isEqualTo(Severity.LOW);
    assertThat(analyzer.flaggedRemoteAddresses()).doesNotContain("10.0.2.40");
  }

  @Test
  void beacon_connectionsSpanningTwo60sWindows_scoredPerConnection() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    // A 600 s beacon whose connections last 70 s, so 60 s windows log each one twice per
    // direction. The start delay cycles 0, 20, 40, 60 s. 145 connections over 24 h.
    for (int k = 0; k <= 144; k++) {
      long start = T0 + 600L * k + 20L * (k % 4);
      int port = 33000 + k;
      analyzer.accept(Flow.of(LOCAL, port, "198.51.100.90", 443, start, 700).end(start + 59)
          .flags(2).build());
      analyzer.accept(Flow.of(LOCAL, port, "198.51.100.90", 443, start + 60, 500)
          .end(start + 70).flags(1).build());
      analyzer.accept(Flow.of("198.51.100.90", 443, LOCAL, port, start, 900).end(start + 59)
          .flags(18).build());
      analyzer.accept(Flow.of("198.51.100.90", 443, LOCAL, port, start + 60, 300)
          .end(start + 70).flags(1).build());
    }

    Finding beacon = only(analyzer.findings(), FindingKind.BEACON);
    // offsets 0 20 40 60 repeating give intervals 620 620 620 540: 108 x 620 and 36 x 540.
    // Q1 = (540 + 620) / 2 = 580, Q2 = Q3 = 620, so skew is unreliable and set to 0 -> 1;
    // deviations from 620 are 0 x108 and 80 x36, MAD 0 -> 1; ts = 1.
    // Every connection sent 700 + 500 bytes: its two outbound records are one connection.
    assertThat(beacon.subScores()).containsEntry("timestamp", 1.0);
    assertThat(beacon.periodSeconds()).isEqualTo(620.0);
    assertThat(beacon.subScores()).containsEntry("dataSize", 1.0);
    assertThat(beacon.connections()).isEqualTo(145);
    assertThat(beacon.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void unusualPort_icmp_notReported() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    analyzer.accept(Flow.of(LOCAL, 0, "198.51.100.7", 0, T0, 84).protocol(1).build());

    assertThat(kinds(analyzer.findings())).doesNotContain(FindingKind.UNUSUAL_PORT);
  }

  // ---- new destinations

  @Test
  void newDestination_afterFirstQuarter_reported() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    // observed span T0 .. T0 + 4002; baseline ends at T0 + 0.25 * 4002 = T0 + 1000
    connection(40000, "198.51.100.1", 443, T0, 100, 100, true).forEach(analyzer::accept);
    connection(40001, "198.51.100.2", 443, T0 + 900, 100, 100, true).forEach(analyzer::accept);
    connection(40002, "198.51.100.3", 443, T0 + 3000, 100, 100, true).forEach(analyzer::accept);
    connection(40003, "10.0.9.9", 443, T0 + 3100, 100, 100, true).forEach(analyzer::accept);
    connection(40004, "198.51.100.1", 443, T0 + 4000, 100, 100, true).forEach(analyzer::accept);

    Finding finding = only(analyzer.findings(), FindingKind.NEW_DESTINATION);
    assertThat(finding.remoteIp()).isEqualTo("198.51.100.3");
    assertThat(finding.firstSeen()).isEqualTo(Instant.ofEpochSecond(T0 + 3000));
  }

  @Test
  void newDestination_configuredBaseline_used() {
    NetworkOptions options = NetworkOptions.defaults().withBaselineEnd(Instant.ofEpochSecond(T0 + 50));
    NetworkAnalyzer analyzer = new NetworkAnalyzer(Flow.scope(Set.of()), Flow.noIntel(), options);
    connection(40000, "198.51.100.1", 443, T0, 100, 100, true).forEach(analyzer::accept);
    connection(40001, "198.51.100.2", 443, T0 + 100, 100, 100, true).forEach(analyzer::accept);

    Finding finding = only(analyzer.findings(), FindingKind.NEW_DESTINATION);
    assertThat(finding.remoteIp()).isEqualTo("198.51.100.2");
  }

  // ---- threat intel

  @Test
  void intel_acceptedOutbound_critical() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.intel("198.51.100.66", "feodo"));
    connection(40000, "198.51.100.66", 443, T0, 2_000, 9_000, true).forEach(analyzer::accept);
    connection(40001, "198.51.100.66", 443, T0 + 600, 2_000, 9_000, true)
        .forEach(analyzer::accept);

    Finding finding = only(analyzer.findings(), FindingKind.THREAT_INTEL_MATCH);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.intelSource()).isEqualTo("feodo");
    assertThat(finding.bytesOut()).isEqualTo(4_000);
    assertThat(finding.connections()).isEqualTo(2);
    assertThat(finding.firstSeen()).isEqualTo(Instant.ofEpochSecond(T0));
    assertThat(finding.lastSeen()).isEqualTo(Instant.ofEpochSecond(T0 + 602));
  }

  @Test
  void intel_onlyRejected_high() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.intel("198.51.100.66", "feodo"));
    analyzer.accept(Flow.of(LOCAL, 40000, "198.51.100.66", 443, T0, 60).flags(2).rejected()
        .build());

    Finding finding = only(analyzer.findings(), FindingKind.THREAT_INTEL_MATCH);
    assertThat(finding.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void intel_overLimit_cappedAndNoted() {
    ThreatIntel everyPeer = ThreatIntelSet.builder().add("198.51.100.0/24", "broad", "list").build();
    NetworkAnalyzer analyzer = analyzer(Set.of(), everyPeer);
    int peers = NetworkOptions.defaults().maxFindingsPerRule() + 10;
    for (int i = 0; i < peers; i++) {
      connection(40000 + i, "198.51.100." + i, 443, T0 + i, 500, 500, true).forEach(analyzer::accept);
    }

    assertThat(ofKind(analyzer.findings(), FindingKind.THREAT_INTEL_MATCH))
        .hasSize(NetworkOptions.defaults().maxFindingsPerRule());
    assertThat(analyzer.limits()).anySatisfy(limit -> assertThat(limit)
        .contains("Only the 50 most severe of 60 threat-intel-match findings"));
    assertThat(analyzer.flaggedRemoteAddresses()).contains("198.51.100.59").hasSize(peers);
  }

  @Test
  void intel_scopeFlaggedAddress_matched() {
    NetworkAnalyzer analyzer = analyzer(Set.of("203.0.113.200"), Flow.noIntel());
    connection(40000, "203.0.113.200", 80, T0, 500, 500, true).forEach(analyzer::accept);

    Finding finding = only(analyzer.findings(), FindingKind.THREAT_INTEL_MATCH);
    assertThat(finding.intelSource()).isEqualTo("scope");
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void timeline_intelMatch_firstAndLastContact() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.intel("198.51.100.66", "feodo"));
    connection(40000, "198.51.100.66", 443, T0, 2_000, 9_000, true).forEach(analyzer::accept);
    connection(40001, "198.51.100.66", 443, T0 + 600, 2_000, 9_000, true)
        .forEach(analyzer::accept);

    Finding finding = only(analyzer.findings(), FindingKind.THREAT_INTEL_MATCH);
    List<TimelineEntry> entries = analyzer.timeline().stream()
        .filter(entry -> finding.id().equals(entry.findingId())).toList();
    assertThat(entries).extracting(TimelineEntry::time)
        .containsExactly(Instant.ofEpochSecond(T0), Instant.ofEpochSecond(T0 + 602));
    assertThat(entries.get(0).source()).isEqualTo("flowlogs");
  }

  // ---- pivot

  @Test
  void pivot_secondHostContactsFlagged_reported() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.intel("198.51.100.66", "feodo"));
    List<FlowRecord> suspect = connection(40000, "198.51.100.66", 443, T0, 2_000, 9_000, true);
    FlowRecord otherOut = Flow.of("10.0.3.8", 41000, "198.51.100.66", 443, T0 + 50, 3_000)
        .on("eni-other").instance("i-0other").build();
    FlowRecord otherIn = Flow.of("198.51.100.66", 443, "10.0.3.8", 41000, T0 + 50, 8_000)
        .on("eni-other").instance("i-0other").build();
    // the NAT gateway's copy of the other host's outbound leg must not add to it
    FlowRecord natCopy = Flow.of("10.0.3.8", 41000, NAT_PRIVATE, 443, T0 + 51, 3_000)
        .on(NAT_ENI).packet("10.0.3.8", "198.51.100.66").build();
    // the NAT gateway's public leg names only the NAT address
    FlowRecord natLeg = Flow.of(NAT_PRIVATE, 41000, "198.51.100.66", 443, T0 + 51, 3_000)
        .on(NAT_ENI).build();
    List<FlowRecord> all = new ArrayList<>(suspect);
    all.addAll(List.of(otherOut, otherIn, natCopy, natLeg));
    all.forEach(analyzer::accept);

    assertThat(analyzer.flaggedRemoteAddresses()).contains("198.51.100.66");
    all.forEach(analyzer::acceptForPivot);

    List<Finding> contacts = ofKind(analyzer.findings(), FindingKind.IOC_CONTACT);
    // neither the suspect nor the NAT gateway's private address is another host
    assertThat(contacts).extracting(Finding::localIp).containsExactly("10.0.3.8");
    Finding contact = contacts.get(0);
    assertThat(contact.severity()).isEqualTo(Severity.HIGH);
    assertThat(contact.instanceId()).isEqualTo("i-0other");
    assertThat(contact.bytesOut()).isEqualTo(3_000);
    assertThat(contact.bytesIn()).isEqualTo(8_000);
    assertThat(contact.remoteIp()).isEqualTo("198.51.100.66");
  }

  @Test
  void accept_afterPassOne_rejected() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    analyzer.findings();

    assertThatThrownBy(() -> analyzer.accept(Flow.of(LOCAL, 1, "198.51.100.1", 2, T0, 1).build()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void traffic_outOfOrderWithinTolerance_oneConnection() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    // one 5-tuple in 60 s windows for 2 hours, delivered in files of 5 minutes read newest first
    // within each half hour, as when S3 objects are listed out of order
    List<FlowRecord> records = new ArrayList<>();
    for (int k = 0; k < 120; k++) {
      long start = T0 + 60L * k;
      records.add(Flow.of(LOCAL, 45000, "198.51.100.30", 443, start, 300).end(start + 59).build());
    }
    for (int block = 0; block < 4; block++) {
      List<FlowRecord> halfHour = new ArrayList<>(records.subList(block * 30, block * 30 + 30));
      Collections.reverse(halfHour);
      halfHour.forEach(analyzer::accept);
      // and each record of the block a second time, as a second subscription delivers it
      halfHour.forEach(analyzer::accept);
    }

    List<Finding> findings = analyzer.findings();
    Finding summary = only(findings, FindingKind.TRAFFIC_SUMMARY);
    assertThat(summary.connections()).isEqualTo(1);
    assertThat(summary.bytesOut()).isEqualTo(120 * 300);
    assertThat(only(findings, FindingKind.LONG_CONNECTION).connections()).isEqualTo(1);
  }

  @Test
  void traffic_newSynOnSameTuple_newConnection() {
    NetworkAnalyzer analyzer = analyzer(Set.of(), Flow.noIntel());
    // the same source port reused 100 s later: the second SYN starts a second connection
    analyzer.accept(Flow.of(LOCAL, 45000, "198.51.100.30", 443, T0, 300).flags(SYN_FIN).build());
    analyzer.accept(Flow.of(LOCAL, 45000, "198.51.100.30", 443, T0 + 100, 300).flags(SYN_FIN)
        .build());

    assertThat(only(analyzer.findings(), FindingKind.TRAFFIC_SUMMARY).connections()).isEqualTo(2);
  }

  @Test
  void scopeDiscovery_widensScope_forAnalyzer() {
    ScopeDiscovery discovery = new ScopeDiscovery(INSTANCE);
    // the scope knew only the instance id; its address comes from the flow logs
    Scope narrow = new Scope(INSTANCE, null, Set.of(), Set.of(), Set.of(), Set.of(), null,
        Set.of(), null, null);
    FlowRecord own = Flow.of("10.0.1.77", 40000, "198.51.100.7", 443, T0, 900)
        .on("eni-0new").instance(INSTANCE).direction("egress").build();
    // the NAT gateway copy carries no instance id, only the address
    FlowRecord natCopy = Flow.of("10.0.1.77", 40001, NAT_PRIVATE, 443, T0 + 5, 400).on(NAT_ENI)
        .packet("10.0.1.77", "198.51.100.8").build();
    discovery.accept(own);
    discovery.accept(natCopy);
    Scope wide = narrow.withDiscovered(discovery.interfaceIds(), discovery.addresses());

    NetworkAnalyzer analyzer = new NetworkAnalyzer(wide, Flow.noIntel(), NetworkOptions.defaults());
    analyzer.accept(own);
    analyzer.accept(natCopy);

    assertThat(ofKind(analyzer.findings(), FindingKind.TRAFFIC_SUMMARY))
        .extracting(Finding::remoteIp).containsExactlyInAnyOrder("198.51.100.7", "198.51.100.8");
  }

  // ---- helpers

  private static NetworkAnalyzer analyzer(Set<String> flagged, ThreatIntel intel) {
    return new NetworkAnalyzer(Flow.scope(flagged), intel, NetworkOptions.defaults());
  }

  /** Both records of one short connection the suspect opened, as its own interface logs them. */
  private static List<FlowRecord> connection(int localPort, String remote, int remotePort,
      long start, long bytesOut, long bytesIn, boolean withFlags) {
    return List.of(
        Flow.of(LOCAL, localPort, remote, remotePort, start, bytesOut)
            .flags(withFlags ? SYN_FIN : FlowRecord.ABSENT).build(),
        Flow.of(remote, remotePort, LOCAL, localPort, start, bytesIn)
            .flags(withFlags ? SYN_ACK_FIN : FlowRecord.ABSENT).build());
  }

  private static Finding only(List<Finding> findings, String kind) {
    List<Finding> matching = ofKind(findings, kind);
    assertThat(matching).as("findings of kind %s in %s", kind, kinds(findings)).hasSize(1);
    return matching.get(0);
  }

  private static List<Finding> ofKind(List<Finding> findings, String kind) {
    return findings.stream().filter(finding -> finding.kind().equals(kind)).toList();
  }

  private static List<String> kinds(List<Finding> findings) {
    return findings.stream().map(Finding::kind).toList();
  }

  private static Finding byPort(List<Finding> findings, int port) {
    return findings.stream().filter(f -> f.remotePort() == port).findFirst().orElseThrow();
  }
}
