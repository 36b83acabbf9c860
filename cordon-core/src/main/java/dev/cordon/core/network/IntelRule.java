package dev.cordon.core.network;

import static dev.cordon.core.network.NetworkText.bytes;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.intel.ThreatIntel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reports the suspect's traffic with addresses in the threat intel or flagged by the scope.
 * Accepted connections the suspect opened are critical; traffic only on connections the remote
 * opened, or only rejected traffic, is high.
 */
final class IntelRule {
  /** RITA raises the threat of an intel hit with at least this many bytes (25 MB). */
  static final long LARGE_TRANSFER_BYTES = 25_000_000L;
  static final String SCOPE_SOURCE = "scope";

  private final ThreatIntel intel;
  private final Set<String> flagged;
  private final String instanceId;

  IntelRule(ThreatIntel intel, Set<String> flagged, String instanceId) {
    this.intel = intel;
    this.flagged = flagged;
    this.instanceId = instanceId;
  }

  /** Returns the match for an address: the threat intel's, else the scope's flag, else empty. */
  Optional<ThreatIntel.Match> match(String address) {
    Optional<ThreatIntel.Match> match = intel == null ? Optional.empty() : intel.match(address);
    if (match.isEmpty() && flagged.contains(address)) {
      return Optional.of(new ThreatIntel.Match(address, SCOPE_SOURCE, "flagged address"));
    }
    return match;
  }

  List<Finding> findings(Collection<PairTotals> pairs) {
    Map<String, List<PairTotals>> byRemote = new LinkedHashMap<>();
    for (PairTotals pair : pairs) {
      byRemote.computeIfAbsent(pair.key.remote(), r -> new ArrayList<>()).add(pair);
    }
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, List<PairTotals>> entry : byRemote.entrySet()) {
      match(entry.getKey()).ifPresent(
          match -> findings.add(finding(entry.getKey(), entry.getValue(), match)));
    }
    return findings;
  }

  private Finding finding(String remote, List<PairTotals> pairs, ThreatIntel.Match match) {
    long bytesOut = 0;
    long bytesIn = 0;
    long packetsOut = 0;
    long packetsIn = 0;
    long accepted = 0;
    long rejected = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    boolean openedBySuspect = false;
    PairTotals main = pairs.get(0);
    Set<String> ports = new TreeSet<>();
    for (PairTotals pair : pairs) {
      bytesOut += pair.bytesOut;
      bytesIn += pair.bytesIn;
      packetsOut += pair.packetsOut;
      packetsIn += pair.packetsIn;
      accepted += pair.acceptedConnections;
      rejected += pair.rejectedConnections;
      first = Math.min(first, pair.firstSeen);
      last = Math.max(last, pair.lastSeen);
      openedBySuspect |= pair.key.outbound() && pair.accepted();
      ports.add((pair.key.outbound() ? "remote " : "local ") + pair.key.servicePort() + "/"
          + NetworkText.protocolName(pair.key.protocol()));
      if (pair.totalBytes() > main.totalBytes()) {
        main = pair;
      }
    }

    Severity severity = openedBySuspect ? Severity.CRITICAL : Severity.HIGH;
    List<String> explanation = new ArrayList<>();
    explanation.add(SCOPE_SOURCE.equals(match.source())
        ? remote + " is flagged by the investigation scope (for example the GuardDuty finding's"
            + " remote address)."
        : remote + " matches indicator " + match.indicator() + " from " + match.source()
            + (match.label() != null ? " (" + match.label() + ")" : "") + ".");
    explanation.add(String.format(Locale.ROOT, "%d accepted and %d rejected connections on %s;"
        + " the suspect sent %s and received %s.", accepted, rejected, ports, bytes(bytesOut),
        bytes(bytesIn)));
    if (openedBySuspect) {
      explanation.add("The suspect opened accepted connections to it, so the traffic left the"
          + " instance: critical.");
    } else if (accepted > 0) {
      explanation.add("Only the remote host opened connections, and the suspect answered: high.");
    } else {
      explanation.add("Every connection was rejected: high, because the suspect or the remote"
          + " host still tried.");
    }
    if (bytesOut + bytesIn >= LARGE_TRANSFER_BYTES) {
      explanation.add("At least " + bytes(LARGE_TRANSFER_BYTES) + " moved, which RITA counts as"
          + " a large transfer to a known-bad address.");
    }
    String summary = String.format(Locale.ROOT, "%s %s %s, %s (%s): %s out, %s in",
        main.key.local(), openedBySuspect ? "connected to" : "exchanged traffic with", remote,
        SCOPE_SOURCE.equals(match.source()) ? "flagged in scope" : "threat intel match",
        match.source(), bytes(bytesOut), bytes(bytesIn));
    return Finding.builder(FindingKind.THREAT_INTEL_MATCH, severity, summary)
        .idKey(remote)
        .instanceId(instanceId)
        .localIp(main.key.local())
        .remoteIp(remote)
        .remotePort(main.key.outbound() ? main.key.servicePort() : null)
        .protocol(NetworkText.protocolName(main.key.protocol()))
        .bytesOut(bytesOut)
        .bytesIn(bytesIn)
        .packetsOut(packetsOut)
        .packetsIn(packetsIn)
        .connections(accepted + rejected)
        .explanation(explanation)
        .intelSource(match.source())
        .firstSeen(Instant.ofEpochSecond(first))
        .lastSeen(Instant.ofEpochSecond(last))
        .build();
  }
}
