package dev.cordon.core.network;

import static dev.cordon.core.network.NetworkText.bytes;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The volume, port, destination and duration rules, over the per-pair totals of the suspect's
 * traffic.
 */
final class TrafficRules {
  private final NetworkOptions options;
  private final String instanceId;

  TrafficRules(NetworkOptions options, String instanceId) {
    this.options = options;
    this.instanceId = instanceId;
  }

  /** Traffic of the suspect with one remote address, over all its pairs. */
  static final class RemoteTotals {
    final String remote;
    long bytesOut;
    long bytesIn;
    long packetsOut;
    long packetsIn;
    long connections;
    long firstSeen = Long.MAX_VALUE;
    long lastSeen = Long.MIN_VALUE;
    long firstOutbound = Long.MAX_VALUE;
    PairTotals largest;
    String awsService;

    RemoteTotals(String remote) {
      this.remote = remote;
    }

    void add(PairTotals pair) {
      bytesOut += pair.bytesOut;
      bytesIn += pair.bytesIn;
      packetsOut += pair.packetsOut;
      packetsIn += pair.packetsIn;
      connections += pair.acceptedConnections + pair.rejectedConnections;
      firstSeen = Math.min(firstSeen, pair.firstSeen);
      lastSeen = Math.max(lastSeen, pair.lastSeen);
      if (pair.key.outbound()) {
        firstOutbound = Math.min(firstOutbound, pair.firstSeen);
      }
      if (largest == null || pair.bytesOut > largest.bytesOut) {
        largest = pair;
      }
      if (awsService == null) {
        awsService = pair.awsService;
      }
    }
  }

  static Map<String, RemoteTotals> byRemote(Collection<PairTotals> pairs) {
    Map<String, RemoteTotals> remotes = new LinkedHashMap<>();
    for (PairTotals pair : pairs) {
      remotes.computeIfAbsent(pair.key.remote(), RemoteTotals::new).add(pair);
    }
    return remotes;
  }

  /**
   * A finding with its severity and id, built only on demand. A rule can match thousands of pairs,
   * and formatting the text of the ones that the per-rule limit drops costs more than finding them.
   */
  record Ranked(Severity severity, String id, Supplier<Finding> finding) {}

  /**
   * Reports public destinations that received at least the floor, at least the minimum ratio of
   * bytes out to bytes in, and at least the outlier factor times the median of the suspect's other
   * public destinations.
   */
  List<Finding> exfiltration(Map<String, RemoteTotals> remotes) {
    List<RemoteTotals> candidates = new ArrayList<>();
    for (RemoteTotals remote : remotes.values()) {
      if (NetworkText.isPublic(remote.remote) && !options.isServiceEndpoint(remote.awsService)) {
        candidates.add(remote);
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (RemoteTotals remote : candidates) {
      if (remote.bytesOut < options.exfiltrationMinBytes()) {
        continue;
      }
      double ratio = (double) remote.bytesOut / Math.max(remote.bytesIn, 1);
      if (ratio < options.exfiltrationMinRatio()) {
        continue;
      }
      double othersMedian = medianOutboundOfOthers(candidates, remote);
      if (!Double.isNaN(othersMedian)
          && remote.bytesOut < options.exfiltrationOutlierFactor() * othersMedian) {
        continue;
      }
      findings.add(exfiltrationFinding(remote, ratio, othersMedian));
    }
    return findings;
  }

  private Finding exfiltrationFinding(RemoteTotals remote, double ratio, double othersMedian) {
    Severity severity = remote.bytesOut >= options.exfiltrationCriticalBytes()
        ? Severity.CRITICAL : Severity.HIGH;
    PairTotals largest = remote.largest;
    String summary = String.format(Locale.ROOT, "%s sent %s to %s and received %s",
        largest.key.local(), bytes(remote.bytesOut), remote.remote, bytes(remote.bytesIn));
    List<String> explanation = new ArrayList<>();
    explanation.add(String.format(Locale.ROOT, "The suspect sent %s to the public address %s in"
        + " accepted traffic, at least the floor of %s.", bytes(remote.bytesOut), remote.remote,
        bytes(options.exfiltrationMinBytes())));
    explanation.add(String.format(Locale.ROOT, "It sent %.1f times what it received (%s), and"
        + " the rule asks for at least %.1f, so this is an upload rather than a download.", ratio,
        bytes(remote.bytesIn), options.exfiltrationMinRatio()));
    if (Double.isNaN(othersMedian)) {
      explanation.add("The suspect talked to no other public destination to compare with.");
    } else {
      explanation.add(String.format(Locale.ROOT, "The median of the suspect's other public"
          + " destinations is %s, and this one received %.0f times that.",
          bytes((long) othersMedian), remote.bytesOut / Math.max(othersMedian, 1)));
    }
    explanation.add("Most of it went to port " + largest.key.servicePort() + "/"
        + NetworkText.protocolName(largest.key.protocol()) + " on connections opened by "
        + (largest.key.outbound() ? "the suspect." : "the remote host."));
    explanation.add(severity == Severity.CRITICAL
        ? "At least " + bytes(options.exfiltrationCriticalBytes()) + " is critical."
        : "Below " + bytes(options.exfiltrationCriticalBytes()) + " is high severity.");
    return remoteFinding(FindingKind.EXFILTRATION, severity, summary, remote)
        .packetsOut(remote.packetsOut)
        .packetsIn(remote.packetsIn)
        .explanation(explanation)
        .firstSeen(Instant.ofEpochSecond(remote.firstSeen))
        .build();
  }

  /**
   * Starts a finding about all the suspect's traffic with one remote address, described by its
   * largest pair (local address, port and protocol) and its totals.
   */
  private Finding.Builder remoteFinding(String kind, Severity severity, String summary, RemoteTotals remote) {
    PairTotals largest = remote.largest;
    return Finding.builder(kind, severity, summary)
        .idKey(remote.remote)
        .instanceId(instanceId)
        .localIp(largest.key.local())
        .remoteIp(remote.remote)
        .remotePort(largest.key.outbound() ? largest.key.servicePort() : null)
        .protocol(NetworkText.protocolName(largest.key.protocol()))
        .bytesOut(remote.bytesOut)
        .bytesIn(remote.bytesIn)
        .connections(remote.connections)
        .lastSeen(Instant.ofEpochSecond(remote.lastSeen));
  }

  private static double medianOutboundOfOthers(List<RemoteTotals> candidates, RemoteTotals self) {
    long[] others = candidates.stream()
        .filter(other -> other != self)
        .mapToLong(other -> other.bytesOut)
        .sorted()
        .toArray();
    if (others.length == 0) {
      return Double.NaN;
    }
    int middle = others.length / 2;
    return others.length % 2 == 1 ? others[middle] : (others[middle - 1] + others[middle]) / 2.0;
  }

  /**
   * Reports connections the suspect opened to remote ports outside the common set. Notable ports to
   * public addresses are high, other ports to public addresses medium, private destinations low;
   * attempts that were only rejected are one level lower.
   */
  List<Ranked> unusualPorts(Collection<PairTotals> pairs) {
    List<Ranked> findings = new ArrayList<>();
    for (PairTotals pair : pairs) {
      PairTotals.Key key = pair.key;
      if (!key.outbound() || !NetworkText.hasPorts(key.protocol())
          || options.commonPorts().contains(key.servicePort())
          || options.isServiceEndpoint(pair.awsService)) {
        continue;
      }
      Severity severity = unusualPortSeverity(pair);
      String id = idOf(FindingKind.UNUSUAL_PORT, unusualPortKey(key));
      findings.add(new Ranked(severity, id, () -> unusualPortFinding(pair)));
    }
    return findings;
  }

  private Severity unusualPortSeverity(PairTotals pair) {
    Severity severity = Severity.MEDIUM;
    if (!NetworkText.isPublic(pair.key.remote())) {
      severity = Severity.LOW;
    } else if (options.notablePorts().contains(pair.key.servicePort())) {
      severity = Severity.HIGH;
    }
    return pair.accepted() ? severity : lower(severity);
  }

  private static String unusualPortKey(PairTotals.Key key) {
    return key.local() + "|" + key.remote() + "|" + key.servicePort() + "|" + key.protocol();
  }

  /** Returns the id that {@link Finding.Builder#build} gives a finding of this kind and key. */
  private static String idOf(String kind, String idKey) {
    return Finding.builder(kind, Severity.LOW, idKey).idKey(idKey).build().id();
  }

  private Finding unusualPortFinding(PairTotals pair) {
    PairTotals.Key key = pair.key;
    boolean isPublic = NetworkText.isPublic(key.remote());
    boolean notable = options.notablePorts().contains(key.servicePort());
    List<String> explanation = new ArrayList<>();
    explanation.add("Port " + key.servicePort() + " is not one of the common outbound ports "
        + new TreeSet<>(options.commonPorts()) + ".");
    if (!isPublic) {
      explanation.add("The destination is a private address, so this is internal traffic and is"
          + " reported as low.");
    } else if (notable) {
      explanation.add("Port " + key.servicePort() + " to a public address is a known sign of"
          + " remote access, mail relaying, file sharing, a reverse shell or IRC/Tor C2.");
    } else {
      explanation.add("The destination is a public address.");
    }
    if (!pair.accepted()) {
      explanation.add("Every attempt was rejected, so the severity is one level lower.");
    }
    String summary = String.format(Locale.ROOT, "%s opened %d connections to %s on port %d/%s%s",
        key.local(), pair.acceptedConnections + pair.rejectedConnections, key.remote(),
        key.servicePort(), NetworkText.protocolName(key.protocol()),
        pair.accepted() ? ", sent " + bytes(pair.bytesOut) : ", all rejected");
    return Finding.builder(FindingKind.UNUSUAL_PORT, unusualPortSeverity(pair), summary)
        .idKey(unusualPortKey(key))
        .instanceId(instanceId)
        .localIp(key.local())
        .remoteIp(key.remote())
        .remotePort(key.servicePort())
        .protocol(NetworkText.protocolName(key.protocol()))
        .bytesOut(pair.bytesOut)
        .bytesIn(pair.bytesIn)
        .packetsOut(pair.packetsOut)
        .packetsIn(pair.packetsIn)
        .connections(pair.acceptedConnections + pair.rejectedConnections)
        .explanation(explanation)
        .firstSeen(Instant.ofEpochSecond(pair.firstSeen))
        .lastSeen(Instant.ofEpochSecond(pair.lastSeen))
        .build();
  }

  /** Reports public destinations the suspect first contacted after the baseline end. */
  List<Ranked> newDestinations(Map<String, RemoteTotals> remotes, long baselineEnd,
      String baselineReason) {
    List<Ranked> findings = new ArrayList<>();
    for (RemoteTotals remote : remotes.values()) {
      if (remote.firstOutbound == Long.MAX_VALUE || remote.firstOutbound <= baselineEnd
          || !NetworkText.isPublic(remote.remote) || options.isServiceEndpoint(remote.awsService)) {
        continue;
      }
      String id = idOf(FindingKind.NEW_DESTINATION, remote.remote);
      findings.add(new Ranked(Severity.LOW, id,
          () -> newDestinationFinding(remote, baselineEnd, baselineReason)));
    }
    return findings;
  }

  private Finding newDestinationFinding(RemoteTotals remote, long baselineEnd,
      String baselineReason) {
    PairTotals largest = remote.largest;
    String summary = String.format(Locale.ROOT, "%s first contacted %s at %s, after the"
            + " baseline; sent %s, received %s", largest.key.local(), remote.remote,
        Instant.ofEpochSecond(remote.firstOutbound), bytes(remote.bytesOut),
        bytes(remote.bytesIn));
    List<String> explanation = List.of(
        "The suspect opened no connection to this public address before "
            + Instant.ofEpochSecond(baselineEnd) + ", " + baselineReason + ".",
        "The first connection it opened there started at "
            + Instant.ofEpochSecond(remote.firstOutbound) + ".");
    return remoteFinding(FindingKind.NEW_DESTINATION, Severity.LOW, summary, remote)
        .explanation(explanation)
        .firstSeen(Instant.ofEpochSecond(remote.firstOutbound))
        .build();
  }

  /** Reports one connection that lasted at least the long-connection threshold. */
  Finding longConnection(Connection connection) {
    Piece.TupleKey key = connection.key;
    boolean outbound = connection.openedLocally();
    boolean isPublic = NetworkText.isPublic(key.remote());
    long duration = connection.durationSeconds();
    boolean veryLong = duration >= 4 * options.longConnectionSeconds();
    Severity severity = Severity.MEDIUM;
    if (!isPublic) {
      severity = Severity.LOW;
    } else if (veryLong) {
      severity = Severity.HIGH;
    }
    String summary = String.format(Locale.ROOT, "%s:%d and %s:%d/%s kept one connection open"
            + " for %s", key.local(), key.localPort(), key.remote(), key.remotePort(),
        NetworkText.protocolName(key.protocol()), NetworkText.duration(duration));
    List<String> explanation = new ArrayList<>();
    explanation.add("Flow-log records of this 5-tuple follow each other with gaps of at most "
        + options.connectionGapSeconds() + " s and no new SYN, so they are one connection"
        + " lasting " + duration + " s, at least the threshold of "
        + options.longConnectionSeconds() + " s.");
    explanation.add("It was opened by " + (outbound ? "the suspect" : "the remote host") + ".");
    if (!isPublic) {
      explanation.add("The remote end is a private address, so it is reported as low.");
    } else if (veryLong) {
      explanation.add("The remote end is public and the connection lasted at least 4 times the"
          + " threshold, so it is high.");
    } else {
      explanation.add("The remote end is public.");
    }
    return Finding.builder(FindingKind.LONG_CONNECTION, severity, summary)
        .idKey(key.local() + "|" + key.localPort() + "|" + key.remote() + "|" + key.remotePort()
            + "|" + key.protocol() + "|" + connection.start)
        .instanceId(instanceId)
        .localIp(key.local())
        .remoteIp(key.remote())
        .remotePort(outbound ? key.remotePort() : null)
        .protocol(NetworkText.protocolName(key.protocol()))
        .bytesOut(connection.bytesOut())
        .bytesIn(connection.bytesIn())
        .packetsOut(connection.packetsOut())
        .packetsIn(connection.packetsIn())
        .connections(1L)
        .explanation(explanation)
        .firstSeen(Instant.ofEpochSecond(connection.start))
        .lastSeen(Instant.ofEpochSecond(connection.end))
        .build();
  }

  /** Reports the largest pairs by bytes in both directions, for context. */
  List<Finding> summaries(Collection<PairTotals> pairs) {
    List<PairTotals> sorted = new ArrayList<>(pairs);
    sorted.removeIf(pair -> !pair.accepted());
    sorted.sort(Comparator.comparingLong(PairTotals::totalBytes).reversed()
        .thenComparing(pair -> pair.key.toString()));
    List<Finding> findings = new ArrayList<>();
    for (PairTotals pair : sorted.subList(0, Math.min(sorted.size(), options.maxTrafficSummaries()))) {
      findings.add(summary(pair));
    }
    return findings;
  }

  private Finding summary(PairTotals pair) {
    PairTotals.Key key = pair.key;
    String protocol = NetworkText.protocolName(key.protocol());
    String text = key.outbound()
        ? String.format(Locale.ROOT, "%s to %s:%d/%s: %s out, %s in, %d connections", key.local(),
            key.remote(), key.servicePort(), protocol, bytes(pair.bytesOut), bytes(pair.bytesIn),
            pair.acceptedConnections)
        : String.format(Locale.ROOT, "%s from %s to local port %d/%s: %s out, %s in,"
            + " %d connections", key.local(), key.remote(), key.servicePort(), protocol,
            bytes(pair.bytesOut), bytes(pair.bytesIn), pair.acceptedConnections);
    List<String> explanation = new ArrayList<>();
    explanation.add("Accepted traffic, each record counted once: duplicate deliveries are dropped"
        + " and NAT gateway copies are ignored where the suspect's own interface logged the"
        + " connection.");
    if (pair.onlyCopies) {
      explanation.add("Only an intermediary interface (such as a NAT gateway's) logged this"
          + " traffic.");
    }
    if (pair.rejectedConnections > 0) {
      explanation.add(pair.rejectedConnections + " rejected connection attempts are not in the"
          + " byte counts.");
    }
    if (pair.awsService != null) {
      explanation.add("Flow logs name the remote address as part of AWS " + pair.awsService + ".");
    }
    return Finding.builder(FindingKind.TRAFFIC_SUMMARY, Severity.LOW, text)
        .idKey(key.local() + "|" + key.remote() + "|" + key.servicePort() + "|" + key.protocol()
            + "|" + (key.outbound() ? "out" : "in"))
        .instanceId(instanceId)
        .localIp(key.local())
        .remoteIp(key.remote())
        .remotePort(key.outbound() ? key.servicePort() : null)
        .protocol(protocol)
        .bytesOut(pair.bytesOut)
        .bytesIn(pair.bytesIn)
        .packetsOut(pair.packetsOut)
        .packetsIn(pair.packetsIn)
        .connections(pair.acceptedConnections)
        .explanation(explanation)
        .firstSeen(Instant.ofEpochSecond(pair.firstAccepted))
        .lastSeen(Instant.ofEpochSecond(pair.lastAccepted))
        .build();
  }

  static Severity lower(Severity severity) {
    Severity[] levels = Severity.values();
    return levels[Math.max(0, severity.ordinal() - 1)];
  }
}
