package dev.cordon.core.network;

import java.time.Instant;
import java.util.Set;

/**
 * Thresholds of the network analysis. {@link #defaults()} gives each value below with its reason.
 *
 * @param connectionGapSeconds largest gap between the end of one flow-log record and the start of
 *     the next record of the same 5-tuple that still counts as one connection. Default 660: the
 *     longest aggregation window (600 s) plus the up-to-60 s delay of the recorded start time.
 * @param reorderToleranceSeconds how far, in record start time, input may arrive out of order
 *     (across files) and still be de-duplicated and joined into connections. Default 1800: three
 *     600 s windows, more than the 5-minute span of one S3 object plus its delivery lag. Memory
 *     grows with the records inside this span.
 * @param beaconWindowSeconds length of the window scored for beacons, ending at the last outbound
 *     connection seen. Default 86400: RITA scores the last 24 hours, so its 24 histogram bins are
 *     hours and its duration constants (6 and 12 hours) keep their meaning.
 * @param beaconMinScore lowest beacon score reported. Default 0.7: RITA reports from 0.5, but
 *     between 0.5 and 0.7 it rates the threat "low", and on 60 s flow-log windows ordinary
 *     polling clients land there.
 * @param beaconHighScore score from which a beacon to a public address is high severity. Default
 *     0.8.
 * @param beaconMinTimestampScore lowest timestamp sub-score of a reported beacon. Default 0.7:
 *     the histogram and duration parts reward any host that is busy every hour, so random traffic
 *     (exponential intervals score about 0.57 here) can pass the total alone, while a beacon's
 *     defining trait is regular intervals.
 * @param maxConnectionsPerPair connection start times kept per (local address, remote address,
 *     remote port) for beacon scoring. Default 100000: more than the 86400 that make a 24 h strobe,
 *     so a strobe is still recognised, while one noisy pair cannot exhaust memory.
 * @param longConnectionSeconds duration from which one connection is a long connection. Default
 *     3600, RITA's lowest long-connection threshold.
 * @param exfiltrationMinBytes outbound bytes to one public address below which no exfiltration is
 *     reported. Default 100 MB (10^8 bytes): less is within the noise of updates and uploads.
 * @param exfiltrationCriticalBytes outbound bytes from which exfiltration is critical. Default 1 GB.
 * @param exfiltrationMinRatio minimum ratio of bytes out to bytes in. Default 2: an upload sends
 *     much more than it receives, a download or a chatty API does not.
 * @param exfiltrationOutlierFactor how many times the median outbound volume of the instance's
 *     other public destinations a destination must exceed. Default 10, so a server that sends a lot
 *     everywhere does not flag each destination.
 * @param newDestinationBaselineShare share of the observed time span taken as the baseline when
 *     {@code baselineEnd} is null. Default 0.25: public destinations first contacted in the last
 *     three quarters are new.
 * @param baselineEnd end of the baseline period, or null to use {@code newDestinationBaselineShare}
 * @param commonPorts remote ports of outbound traffic that are not unusual. Default DNS 53, HTTP 80,
 *     NTP 123 and HTTPS 443: C2 over those is found by the beacon and intel rules instead.
 * @param notablePorts remote ports that stand out outbound to a public address: SSH 22, Telnet 23,
 *     SMTP 25/465/587, SMB 139/445, SOCKS 1080, RDP 3389, Metasploit's default 4444, VNC 5900, IRC
 *     6667/6697 and Tor 9001
 * @param hostedAwsServices {@code pkt-dst-aws-service} names that anyone can rent addresses in.
 *     Default AMAZON and EC2: an attacker's server on EC2 carries those names, so traffic there is
 *     analysed like any public destination. Other names (S3, DYNAMODB...) are AWS service endpoints
 *     and are left out of the beacon, exfiltration, port and new-destination rules.
 * @param maxTrafficSummaries traffic-summary findings emitted, the largest pairs first. Default 20.
 * @param maxFindingsPerRule findings emitted per other rule, threat-intel matches included, the
 *     most severe first, so a busy host cannot bury the report. Default 50.
 */
public record NetworkOptions(
    long connectionGapSeconds,
    long reorderToleranceSeconds,
    long beaconWindowSeconds,
    double beaconMinScore,
    double beaconHighScore,
    double beaconMinTimestampScore,
    int maxConnectionsPerPair,
    long longConnectionSeconds,
    long exfiltrationMinBytes,
    long exfiltrationCriticalBytes,
    double exfiltrationMinRatio,
    double exfiltrationOutlierFactor,
    double newDestinationBaselineShare,
    Instant baselineEnd,
    Set<Integer> commonPorts,
    Set<Integer> notablePorts,
    Set<String> hostedAwsServices,
    int maxTrafficSummaries,
    int maxFindingsPerRule) {

  public NetworkOptions {
    commonPorts = Set.copyOf(commonPorts);
    notablePorts = Set.copyOf(notablePorts);
    hostedAwsServices = Set.copyOf(hostedAwsServices);
    if (connectionGapSeconds < 0 || reorderToleranceSeconds < 0 || beaconWindowSeconds <= 0
        || longConnectionSeconds <= 0 || maxConnectionsPerPair < 1) {
      throw new IllegalArgumentException("network options need non-negative gaps and positive"
          + " windows, durations and limits");
    }
  }

  /**
   * Returns whether a {@code pkt-*-aws-service} name marks an AWS service endpoint (S3,
   * DYNAMODB...) rather than no service or one whose addresses anyone can rent.
   */
  public boolean isServiceEndpoint(String awsService) {
    return awsService != null && !hostedAwsServices.contains(awsService);
  }

  public static NetworkOptions defaults() {
    return new NetworkOptions(
        660,
        1800,
        86_400,
        0.7,
        0.8,
        0.7,
        100_000,
        3600,
        100_000_000L,
        1_000_000_000L,
        2.0,
        10.0,
        0.25,
        null,
        Set.of(53, 80, 123, 443),
        Set.of(22, 23, 25, 139, 445, 465, 587, 1080, 3389, 4444, 5900, 6667, 6697, 9001),
        Set.of("AMAZON", "EC2"),
        20,
        50);
  }

  /** Returns a copy with an explicit baseline end for the new-destination rule. */
  public NetworkOptions withBaselineEnd(Instant end) {
    return new NetworkOptions(connectionGapSeconds, reorderToleranceSeconds, beaconWindowSeconds,
        beaconMinScore, beaconHighScore, beaconMinTimestampScore, maxConnectionsPerPair,
        longConnectionSeconds, exfiltrationMinBytes, exfiltrationCriticalBytes, exfiltrationMinRatio,
        exfiltrationOutlierFactor, newDestinationBaselineShare, end, commonPorts, notablePorts,
        hostedAwsServices, maxTrafficSummaries, maxFindingsPerRule);
  }
}
