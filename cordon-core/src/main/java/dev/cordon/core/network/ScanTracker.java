package dev.cordon.core.network;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Outbound attempts of each local address to many destinations: a port scan or an address sweep.
 * Connections to pairs beyond {@link NetworkAnalyzer}'s tracked-pair limit are counted here per
 * local address, without per-pair state, so memory stays bounded however many destinations a
 * scanner tries. {@link #findings} adds them to the tracked pairs and reports each local address
 * that reached {@link #MIN_TARGETS} distinct (address, port, protocol) targets.
 *
 * <p>Destinations that the flow record marks as an AWS service endpoint ({@code
 * pkt-dst-aws-service} S3, DYNAMODB and the like) are not counted. AWS sets that field from its own
 * address ranges, so an attacker cannot put it on a host of theirs. A client of S3 or DynamoDB
 * often reaches a new front-end address per call, which looks like a sweep but is not one.
 * Names of services whose addresses anyone can rent (AMAZON, EC2 by default) are still counted.
 * NOTE: a sweep aimed only at AWS service front ends is therefore not reported as a scan.
 */
final class ScanTracker {
  /**
   * Distinct outbound targets from which one local address is reported as scanning. Ordinary
   * clients reach tens or hundreds of services in a day; a thousand distinct targets is a sweep.
   */
  static final int MIN_TARGETS = 1000;

  /** Ports named in a finding's explanation, the most tried first. */
  private static final int PORTS_SHOWN = 5;

  private final NetworkOptions options;
  private final Map<String, Untracked> untracked = new HashMap<>();
  private long untrackedTotal;

  ScanTracker(NetworkOptions options) {
    this.options = options;
  }

  /** Connection attempts of one local address to pairs that were not tracked one by one. */
  private static final class Untracked {
    long connections;
    long rejected;
    long bytesOut;
    long bytesIn;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    final Map<Integer, Long> ports = new TreeMap<>();
  }

  /**
   * Counts one connection whose pair is not tracked, and unless it went to an AWS service endpoint
   * also against its local address. Bytes count accepted traffic only, as in {@link PairTotals};
   * ports are counted for the first 1000 distinct ports seen.
   */
  void countUntracked(Connection connection, int servicePort) {
    untrackedTotal++;
    if (options.isServiceEndpoint(connection.awsService)) {
      return;
    }
    Untracked counts = untracked.computeIfAbsent(connection.key.local(), local -> new Untracked());
    counts.connections++;
    if (connection.key.accepted()) {
      counts.bytesOut += connection.bytesOut();
      counts.bytesIn += connection.bytesIn();
    } else {
      counts.rejected++;
    }
    counts.first = Math.min(counts.first, connection.start);
    counts.last = Math.max(counts.last, connection.end);
    if (counts.ports.size() < 1000 || counts.ports.containsKey(servicePort)) {
      counts.ports.merge(servicePort, 1L, Long::sum);
    }
  }

  /** Returns the connections counted without per-pair state, over every local address. */
  long untrackedConnections() {
    return untrackedTotal;
  }

  /** Returns one finding per local address that tried at least {@link #MIN_TARGETS} targets. */
  List<Finding> findings(Collection<PairTotals> pairs, String instanceId) {
    Map<String, List<PairTotals>> byLocal = pairs.stream()
        .filter(pair -> pair.key.outbound() && !options.isServiceEndpoint(pair.awsService))
        .collect(Collectors.groupingBy(pair -> pair.key.local()));
    Set<String> locals = new HashSet<>(byLocal.keySet());
    locals.addAll(untracked.keySet());

    List<Finding> findings = new ArrayList<>();
    for (String local : locals) {
      List<PairTotals> tracked = byLocal.getOrDefault(local, List.of());
      Untracked rest = untracked.getOrDefault(local, new Untracked());
      if (tracked.size() + rest.connections >= MIN_TARGETS) {
        findings.add(finding(local, tracked, rest, instanceId));
      }
    }
    return findings;
  }

  private static Finding finding(String local, List<PairTotals> tracked, Untracked rest,
      String instanceId) {
    Set<String> addresses = new HashSet<>();
    Map<Integer, Long> ports = new TreeMap<>(rest.ports);
    long attempts = rest.connections;
    long rejected = rest.rejected;
    long bytesOut = rest.bytesOut;
    long bytesIn = rest.bytesIn;
    long first = rest.first;
    long last = rest.last;
    for (PairTotals pair : tracked) {
      addresses.add(pair.key.remote());
      ports.merge(pair.key.servicePort(), 1L, Long::sum);
      attempts += pair.acceptedConnections + pair.rejectedConnections;
      rejected += pair.rejectedConnections;
      bytesOut += pair.bytesOut;
      bytesIn += pair.bytesIn;
      first = Math.min(first, pair.firstSeen);
      last = Math.max(last, pair.lastSeen);
    }

    String summary = String.format(Locale.ROOT, "%s tried %,d outbound connections to %,d"
        + " distinct addresses or more, %d%% rejected: a network scan or sweep", local, attempts,
        addresses.size(), percent(rejected, attempts));
    List<String> explanation = new ArrayList<>();
    explanation.add(String.format(Locale.ROOT, "%,d distinct (address, port, protocol) targets"
        + " were tracked one by one, at least the %,d from which one source is a scanner.",
        tracked.size(), MIN_TARGETS));
    if (rest.connections > 0) {
      explanation.add(String.format(Locale.ROOT, "%,d further connections went to targets beyond"
          + " the %,d tracked, so they were counted without per-target detail and are not in"
          + " the other network findings.", rest.connections, NetworkAnalyzer.MAX_TRACKED_PAIRS));
    }
    explanation.add("Most tried ports (targets per port): " + topPorts(ports) + ".");
    explanation.add("A compromised host that sweeps addresses or ports is looking for its next"
        + " target, so this is high.");
    return Finding.builder(FindingKind.NETWORK_SCAN, Severity.HIGH, summary)
        .idKey(local)
        .instanceId(instanceId)
        .localIp(local)
        .bytesOut(bytesOut)
        .bytesIn(bytesIn)
        .connections(attempts)
        .explanation(explanation)
        .firstSeen(first == Long.MAX_VALUE ? null : Instant.ofEpochSecond(first))
        .lastSeen(last == Long.MIN_VALUE ? null : Instant.ofEpochSecond(last))
        .build();
  }

  private static long percent(long part, long whole) {
    return whole == 0 ? 0 : part * 100 / whole;
  }

  private static String topPorts(Map<Integer, Long> ports) {
    return ports.entrySet().stream()
        .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed())
        .limit(PORTS_SHOWN)
        .map(entry -> String.format(Locale.ROOT, "%d (%,d)", entry.getKey(), entry.getValue()))
        .collect(Collectors.joining(", "));
  }
}
