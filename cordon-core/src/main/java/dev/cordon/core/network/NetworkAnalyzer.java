package dev.cordon.core.network;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import dev.cordon.core.flowlogs.FlowRecord;
import dev.cordon.core.intel.ThreatIntel;
import dev.cordon.core.scope.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network analysis of one suspect instance over VPC Flow Logs, in two passes over the records.
 *
 * <p>Pass 1 ({@link #accept}) keeps the records in scope and in the window, drops duplicate
 * deliveries, joins records into connections and counts each connection once per (local address,
 * remote address, service port, protocol). After it, {@link #flaggedRemoteAddresses} lists the
 * addresses to look for elsewhere, and pass 2 ({@link #acceptForPivot}) finds other hosts that
 * talked to them. {@link #findings} and {@link #timeline} can be read after either pass; reading
 * them ends pass 1.
 *
 * <p>A record is in scope when its {@code instance-id} is the suspect, its {@code interface-id} is
 * one of the scope's ENIs, or any of {@code srcaddr}, {@code dstaddr}, {@code pkt-srcaddr} and
 * {@code pkt-dstaddr} is a local address. The direction comes from the packet addresses against the
 * local addresses, because on an intermediary's interface {@code flow-direction} describes that
 * interface, not the suspect; on the suspect's own interface a disagreeing {@code flow-direction}
 * is counted and logged.
 *
 * <p>Memory is bounded by the in-scope pairs and the 5-tuples active within {@link
 * NetworkOptions#reorderToleranceSeconds}. Pairs are tracked one by one up to {@link
 * #MAX_TRACKED_PAIRS} (rejected attempts) and {@link #MAX_TRACKED_ACCEPTED_PAIRS} (any); beyond
 * that, connections to new pairs are only counted per local address, so a host that sweeps
 * millions of addresses is reported as a {@code network-scan} without exhausting the heap.
 * {@link #limits} lists what was counted without detail or left out. Not thread-safe.
 */
public final class NetworkAnalyzer {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkAnalyzer.class);
  private static final int SYN = 2;
  private static final int ACK = 16;

  /**
   * Distinct pairs tracked before rejected attempts to new pairs are only counted. Each pair costs
   * about 0.5 KB with its beacon series (an estimate from a heap histogram), so this is about 25 MB.
   */
  static final int MAX_TRACKED_PAIRS = 50_000;

  /** Distinct pairs tracked before any connection to a new pair is only counted: about 100 MB. */
  static final int MAX_TRACKED_ACCEPTED_PAIRS = 200_000;

  private final Scope scope;
  private final NetworkOptions options;
  private final IntelRule intelRule;
  private final RecordDeduplicator deduplicator;
  private final RecordDeduplicator pivotDeduplicator;
  private final ConnectionStitcher stitcher;
  private final Map<PairTotals.Key, PairTotals> pairs = new HashMap<>();
  private final Map<BeaconSeries.Key, BeaconSeries> series = new HashMap<>();
  private final PriorityQueue<Connection> longConnections =
      new PriorityQueue<>(Comparator.comparingLong(Connection::durationSeconds));
  private final Set<String> intermediaryAddresses = new LinkedHashSet<>();
  private final PivotTracker pivots = new PivotTracker();
  private final ScanTracker scans;
  private final List<String> cappedRules = new ArrayList<>();
  private long untrackedInbound;

  private long firstSeen = Long.MAX_VALUE;
  private long lastSeen = Long.MIN_VALUE;
  private long skippedData;
  private long withoutAddresses;
  private long withoutDirection;
  private long directionMismatches;

  private List<Finding> passOneFindings;
  private Set<String> flagged;

  public NetworkAnalyzer(Scope scope, ThreatIntel intel, NetworkOptions options) {
    this.scope = Objects.requireNonNull(scope, "scope");
    this.options = Objects.requireNonNull(options, "options");
    this.intelRule = new IntelRule(intel, scope.flaggedAddresses(), scope.instanceId());
    this.deduplicator = new RecordDeduplicator(options.reorderToleranceSeconds());
    this.pivotDeduplicator = new RecordDeduplicator(options.reorderToleranceSeconds());
    this.stitcher = new ConnectionStitcher(
        options.connectionGapSeconds(), options.reorderToleranceSeconds(), this::record);
    this.scans = new ScanTracker(options);
  }

  /**
   * Pass 1: takes every record; keeps what is in scope and in the window.
   *
   * @throws IllegalStateException after pass 1 has ended
   */
  public void accept(FlowRecord record) {
    if (passOneFindings != null) {
      throw new IllegalStateException("pass 1 has ended: findings or flagged addresses were"
          + " already read, so records can no longer be added");
    }
    if (record == null || !inScope(record)) {
      return;
    }
    if (!record.isOk()) {
      if ("SKIPDATA".equals(record.logStatus())) {
        skippedData++;
      }
      return;
    }
    if (record.start() == FlowRecord.ABSENT || !inWindow(record)) {
      return;
    }
    if (record.packetSrcAddr() == null || record.packetDstAddr() == null) {
      withoutAddresses++;
      return;
    }
    Piece piece = toPiece(record);
    if (piece == null) {
      withoutDirection++;
      return;
    }
    if (!deduplicator.firstSeen(record)) {
      return;
    }
    firstSeen = Math.min(firstSeen, record.start());
    lastSeen = Math.max(lastSeen, Math.max(record.start(), record.end()));
    stitcher.add(piece);
  }

  /** Returns the remote addresses to look for in other hosts' traffic; ends pass 1. */
  public Set<String> flaggedRemoteAddresses() {
    finishPassOne();
    return flagged;
  }

  /** Pass 2: takes every record again; keeps other hosts' traffic with a flagged address. */
  public void acceptForPivot(FlowRecord record) {
    finishPassOne();
    if (record == null || !record.isOk() || record.start() == FlowRecord.ABSENT
        || inScope(record) || !inWindow(record)) {
      return;
    }
    String source = record.packetSrcAddr();
    String destination = record.packetDstAddr();
    if (source == null || destination == null) {
      return;
    }
    boolean toFlagged = flagged.contains(destination);
    boolean fromFlagged = flagged.contains(source);
    if (toFlagged == fromFlagged) {
      return;
    }
    rememberIntermediaries(record);
    String host = toFlagged ? source : destination;
    if (scope.localAddresses().contains(host)) {
      return;
    }
    if (pivotDeduplicator.firstSeen(record)) {
      pivots.add(host, toFlagged ? destination : source, toFlagged, record);
    }
  }

  /** Returns the findings, most severe first; ends pass 1. */
  public List<Finding> findings() {
    finishPassOne();
    List<Finding> all = new ArrayList<>(passOneFindings);
    all.addAll(limit(pivots.findings(intermediaryAddresses)));
    all.sort(FINDING_ORDER);
    return all;
  }

  /** Returns the first and last contact of every finding of medium severity or more. */
  public List<TimelineEntry> timeline() {
    List<TimelineEntry> entries = new ArrayList<>();
    for (Finding finding : findings()) {
      if (FindingKind.TRAFFIC_SUMMARY.equals(finding.kind())
          || !finding.severity().atLeast(Severity.MEDIUM) || finding.firstSeen() == null) {
        continue;
      }
      entries.add(new TimelineEntry(finding.firstSeen(), "flowlogs",
          "First contact: " + finding.summary(), finding.severity(), finding.id()));
      if (finding.lastSeen() != null && !finding.lastSeen().equals(finding.firstSeen())) {
        entries.add(new TimelineEntry(finding.lastSeen(), "flowlogs",
            "Last contact: " + finding.summary(), finding.severity(), finding.id()));
      }
    }
    entries.sort(Comparator.comparing(TimelineEntry::time)
        .thenComparing(TimelineEntry::findingId));
    return entries;
  }

  /**
   * Remembers a plain address that replaces a flagged packet address: the interface of a NAT
   * gateway or transit gateway, which forwards other hosts' traffic and is no host itself. A
   * difference on the host's side is a secondary address of that host, not an intermediary.
   */
  private void rememberIntermediaries(FlowRecord record) {
    if (record.srcAddr() != null && flagged.contains(record.packetSrcAddr())
        && !record.srcAddr().equals(record.packetSrcAddr())) {
      intermediaryAddresses.add(record.srcAddr());
    }
    if (record.dstAddr() != null && flagged.contains(record.packetDstAddr())
        && !record.dstAddr().equals(record.packetDstAddr())) {
      intermediaryAddresses.add(record.dstAddr());
    }
  }

  private boolean inScope(FlowRecord record) {
    if (scope.instanceId() != null && scope.instanceId().equals(record.instanceId())) {
      return true;
    }
    if (record.interfaceId() != null
        && scope.networkInterfaceIds().contains(record.interfaceId())) {
      return true;
    }
    Set<String> local = scope.localAddresses();
    return isLocal(local, record.srcAddr()) || isLocal(local, record.dstAddr())
        || isLocal(local, record.pktSrcAddr()) || isLocal(local, record.pktDstAddr());
  }

  private static boolean isLocal(Set<String> local, String address) {
    return address != null && local.contains(address);
  }

  private boolean inWindow(FlowRecord record) {
    long end = Math.max(record.start(), record.end());
    if (scope.since() != null && end < scope.since().getEpochSecond()) {
      return false;
    }
    return scope.until() == null || record.start() < scope.until().getEpochSecond();
  }

  private boolean ownInterface(FlowRecord record) {
    return (scope.instanceId() != null && scope.instanceId().equals(record.instanceId()))
        || (record.interfaceId() != null
            && scope.networkInterfaceIds().contains(record.interfaceId()));
  }

  /** Returns the record seen from the suspect's side, or null when no side is local. */
  private Piece toPiece(FlowRecord record) {
    Set<String> local = scope.localAddresses();
    String source = record.packetSrcAddr();
    String destination = record.packetDstAddr();
    boolean ownInterface = ownInterface(record);
    String direction = record.flowDirection();

    Boolean outbound = null;
    boolean sourceLocal = local.contains(source);
    boolean destinationLocal = local.contains(destination);
    if (sourceLocal != destinationLocal) {
      outbound = sourceLocal;
    } else if (ownInterface && direction != null) {
      outbound = "egress".equals(direction);
    } else if (sourceLocal) {
      outbound = true;
    } else if (isLocal(local, record.srcAddr()) != isLocal(local, record.dstAddr())) {
      // A secondary address missing from the scope: flow logs show the primary one in srcaddr
      // or dstaddr, and the packet address is the instance's too.
      outbound = isLocal(local, record.srcAddr());
    }
    if (outbound == null) {
      return null;
    }
    if (ownInterface && direction != null && outbound != "egress".equals(direction)) {
      directionMismatches++;
    }

    String remotePlain = outbound ? record.dstAddr() : record.srcAddr();
    String remote = outbound ? destination : source;
    boolean own = ownInterface || Objects.equals(remotePlain, remote);
    if (!own && remotePlain != null) {
      intermediaryAddresses.add(remotePlain);
    }

    int flags = record.tcpFlags();
    boolean opening = flags != FlowRecord.ABSENT && (flags & SYN) != 0 && (flags & ACK) == 0;
    return new Piece(
        outbound ? source : destination,
        outbound ? record.srcPort() : record.dstPort(),
        remote,
        outbound ? record.dstPort() : record.srcPort(),
        record.protocol(),
        !"REJECT".equals(record.action()),
        record.start(),
        Math.max(record.start(), record.end()),
        record.bytes(),
        record.packets(),
        outbound,
        own,
        opening && outbound,
        opening && !outbound,
        outbound ? record.pktDstAwsService() : record.pktSrcAwsService(),
        record.interfaceId());
  }

  /** Takes one closed connection into the totals, the beacon series and the long connections. */
  private void record(Connection connection) {
    Piece.TupleKey tuple = connection.key;
    boolean outbound = connection.openedLocally();
    int servicePort = outbound ? tuple.remotePort() : tuple.localPort();
    PairTotals.Key key = new PairTotals.Key(
        tuple.local(), tuple.remote(), servicePort, tuple.protocol(), outbound);
    PairTotals totals = pairs.get(key);
    if (totals == null && !roomForPair(tuple.accepted())) {
      if (outbound) {
        scans.countUntracked(connection, servicePort);
      } else {
        untrackedInbound++;
      }
      return;
    }
    if (totals == null) {
      totals = new PairTotals(key);
      pairs.put(key, totals);
    }
    totals.add(connection);

    if (outbound) {
      BeaconSeries.Key seriesKey =
          new BeaconSeries.Key(tuple.local(), tuple.remote(), tuple.remotePort());
      series.computeIfAbsent(seriesKey, BeaconSeries::new)
          .add(connection, options.maxConnectionsPerPair());
    }
    if (tuple.accepted() && connection.durationSeconds() >= options.longConnectionSeconds()) {
      longConnections.add(connection);
      if (longConnections.size() > options.maxFindingsPerRule()) {
        longConnections.poll();
      }
    }
  }

  private boolean roomForPair(boolean accepted) {
    int limit = accepted ? MAX_TRACKED_ACCEPTED_PAIRS : MAX_TRACKED_PAIRS;
    return pairs.size() < limit;
  }

  /**
   * Returns one sentence per limit that cut what the findings show: rules whose findings were
   * capped, connections counted without per-pair detail, connections closed early to bound memory.
   * Ends pass 1.
   */
  public List<String> limits() {
    findings();
    List<String> sentences = new ArrayList<>(cappedRules);
    if (scans.untrackedConnections() > 0 || untrackedInbound > 0) {
      sentences.add(String.format(Locale.ROOT, "The suspect's traffic reached more than %,d"
          + " distinct peers and ports, so %,d outbound and %,d inbound connections with further"
          + " peers were only counted. Outbound ones, except those to AWS service endpoints,"
          + " appear in the network-scan finding, and neither kind is in the beacon,"
          + " exfiltration, port or new-destination findings.",
          MAX_TRACKED_PAIRS, scans.untrackedConnections(), untrackedInbound));
    }
    if (stitcher.closedEarly() > 0) {
      sentences.add(String.format(Locale.ROOT, "More than %,d connections were open at once, so"
          + " %,d were closed before the reorder tolerance ran out; a connection whose records"
          + " arrived out of order may be counted more than once.",
          ConnectionStitcher.MAX_OPEN_TUPLES, stitcher.closedEarly()));
    }
    return sentences;
  }

  private void finishPassOne() {
    if (passOneFindings != null) {
      return;
    }
    stitcher.finish();
    logInputCounts();

    TrafficRules traffic = new TrafficRules(options, scope.instanceId());
    Collection<PairTotals> allPairs = pairs.values();
    Map<String, TrafficRules.RemoteTotals> remotes = TrafficRules.byRemote(allPairs);

    List<Finding> found = new ArrayList<>();
    List<Finding> intelMatches = intelRule.findings(allPairs);
    found.addAll(limit(intelMatches));
    List<Finding> beacons = limit(new BeaconRule(options, scope.instanceId())
        .findings(series.values(), skippedData));
    found.addAll(beacons);
    List<Finding> exfiltration = limit(traffic.exfiltration(remotes));
    found.addAll(exfiltration);
    found.addAll(limitRanked(FindingKind.UNUSUAL_PORT, traffic.unusualPorts(allPairs)));
    found.addAll(limitRanked(FindingKind.NEW_DESTINATION, newDestinations(traffic, remotes)));
    for (Connection connection : longConnections) {
      found.add(traffic.longConnection(connection));
    }
    found.addAll(traffic.summaries(allPairs));
    found.addAll(scans.findings(allPairs, scope.instanceId()));
    found.sort(FINDING_ORDER);
    passOneFindings = found;

    // Every intel match is flagged, listed or not, so pass 2 still finds other hosts that
    // contacted an address cut by the cap.
    Set<String> addresses = new LinkedHashSet<>(scope.flaggedAddresses());
    List<Finding> flaggable = new ArrayList<>(found);
    flaggable.addAll(intelMatches);
    for (Finding finding : flaggable) {
      boolean flaggedKind = FindingKind.THREAT_INTEL_MATCH.equals(finding.kind())
          || FindingKind.EXFILTRATION.equals(finding.kind())
          || (FindingKind.BEACON.equals(finding.kind())
              && finding.severity().atLeast(Severity.MEDIUM));
      if (flaggedKind && finding.remoteIp() != null) {
        addresses.add(finding.remoteIp());
      }
    }
    flagged = Set.copyOf(addresses);
  }

  private List<TrafficRules.Ranked> newDestinations(
      TrafficRules traffic, Map<String, TrafficRules.RemoteTotals> remotes) {
    if (firstSeen == Long.MAX_VALUE) {
      return List.of();
    }
    long baselineEnd;
    String reason;
    if (options.baselineEnd() != null) {
      baselineEnd = options.baselineEnd().getEpochSecond();
      reason = "the configured end of the baseline";
    } else {
      baselineEnd = firstSeen
          + (long) ((lastSeen - firstSeen) * options.newDestinationBaselineShare());
      reason = String.format("the end of the first %.0f%% of the observed traffic (%s to %s)",
          options.newDestinationBaselineShare() * 100, Instant.ofEpochSecond(firstSeen),
          Instant.ofEpochSecond(lastSeen));
    }
    return traffic.newDestinations(remotes, baselineEnd, reason);
  }

  private List<Finding> limit(List<Finding> unsorted) {
    List<Finding> findings = new ArrayList<>(unsorted);
    findings.sort(FINDING_ORDER);
    if (findings.size() <= options.maxFindingsPerRule()) {
      return findings;
    }
    noteCap(findings.get(0).kind(), findings.size());
    return new ArrayList<>(findings.subList(0, options.maxFindingsPerRule()));
  }

  /** Records that a rule found {@code total} findings of {@code kind}, more than the report lists. */
  private void noteCap(String kind, int total) {
    String sentence = String.format(Locale.ROOT, "Only the %d most severe of %,d %s findings are"
        + " listed.", options.maxFindingsPerRule(), total, kind);
    LOG.info(sentence);
    cappedRules.add(sentence);
  }

  /**
   * Returns the findings that {@link #limit} keeps of one rule's ranked findings, in the same
   * order, building only those.
   */
  private List<Finding> limitRanked(String kind, List<TrafficRules.Ranked> unsorted) {
    List<TrafficRules.Ranked> ranked = new ArrayList<>(unsorted);
    ranked.sort(RANKED_ORDER);
    if (ranked.size() > options.maxFindingsPerRule()) {
      noteCap(kind, ranked.size());
      ranked = ranked.subList(0, options.maxFindingsPerRule());
    }
    List<Finding> findings = new ArrayList<>(ranked.size());
    for (TrafficRules.Ranked finding : ranked) {
      findings.add(finding.finding().get());
    }
    return findings;
  }

  private void logInputCounts() {
    if (deduplicator.duplicates() > 0) {
      LOG.info("Dropped {} duplicate flow-log records delivered by more than one subscription",
          deduplicator.duplicates());
    }
    if (deduplicator.late() > 0) {
      LOG.warn("{} flow-log records arrived more than {} s behind newer ones, so they may be"
          + " counted twice and joined into the wrong connections; give the files in time order"
          + " or raise the reorder tolerance", deduplicator.late(),
          options.reorderToleranceSeconds());
    }
    if (withoutAddresses > 0 || withoutDirection > 0) {
      LOG.warn("Skipped {} in-scope records without addresses and {} whose local side could not be"
          + " told; add the instance's addresses to the scope", withoutAddresses, withoutDirection);
    }
    if (directionMismatches > 0) {
      LOG.warn("{} records of the suspect's own interfaces have a flow-direction that disagrees"
          + " with their addresses; the addresses were trusted", directionMismatches);
    }
    if (skippedData > 0) {
      LOG.warn("{} SKIPDATA records on the suspect's interfaces: flow logs lost records there",
          skippedData);
    }
  }

  private static final Comparator<Finding> FINDING_ORDER = Comparator
      .comparing(Finding::severity).reversed()
      .thenComparing(Finding::kind)
      .thenComparing(Finding::id);

  /** {@link #FINDING_ORDER} within one rule, where every finding has the same kind. */
  private static final Comparator<TrafficRules.Ranked> RANKED_ORDER = Comparator
      .comparing(TrafficRules.Ranked::severity).reversed()
      .thenComparing(TrafficRules.Ranked::id);
}
