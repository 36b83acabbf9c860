package dev.cordon.core.network;

import static dev.cordon.core.network.NetworkText.bytes;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.flowlogs.FlowRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Pass 2: other hosts that exchanged traffic with a flagged address. A record is the host's own
 * when its plain and packet addresses agree. A copy on an intermediary (a NAT gateway interface)
 * counts only when no own record of that host and address exists, as in pass 1.
 */
final class PivotTracker {
  private final Map<Key, Contact> contacts = new LinkedHashMap<>();

  record Key(String host, String flagged) {}

  private static final class Contact {
    final long[] own = new long[2];
    final long[] copies = new long[2];
    long accepted;
    long rejected;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    String instanceId;
    String interfaceId;

    long[] counts() {
      return own[0] + own[1] > 0 ? own : copies;
    }
  }

  void add(String host, String flagged, boolean hostSent, FlowRecord record) {
    Contact contact = contacts.computeIfAbsent(new Key(host, flagged), k -> new Contact());
    boolean own = Objects.equals(record.srcAddr(), record.packetSrcAddr())
        && Objects.equals(record.dstAddr(), record.packetDstAddr());
    if ("REJECT".equals(record.action())) {
      contact.rejected++;
    } else {
      contact.accepted++;
      long[] counts = own ? contact.own : contact.copies;
      counts[hostSent ? 0 : 1] += Math.max(0, record.bytes());
    }
    contact.first = Math.min(contact.first, record.start());
    contact.last = Math.max(contact.last, record.end());
    if (contact.instanceId == null && own) {
      contact.instanceId = record.instanceId();
    }
    if (contact.interfaceId == null && own) {
      contact.interfaceId = record.interfaceId();
    }
  }

  /**
   * Returns one finding per host and flagged address, leaving out hosts that are intermediaries
   * (such as a NAT gateway's private address), whose traffic belongs to the hosts behind them.
   */
  List<Finding> findings(Set<String> intermediaries) {
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<Key, Contact> entry : contacts.entrySet()) {
      if (intermediaries.contains(entry.getKey().host())) {
        continue;
      }
      findings.add(finding(entry.getKey(), entry.getValue()));
    }
    return findings;
  }

  private static Finding finding(Key key, Contact contact) {
    long[] counts = contact.counts();
    Severity severity = contact.accepted > 0 ? Severity.HIGH : Severity.MEDIUM;
    String summary = String.format(Locale.ROOT, "%s%s also contacted flagged address %s: %s out,"
            + " %s in", key.host(), contact.instanceId != null ? " (" + contact.instanceId + ")" : "",
        key.flagged(), bytes(counts[0]), bytes(counts[1]));
    List<String> explanation = new ArrayList<>();
    explanation.add(key.flagged() + " is flagged by the analysis of the suspect (threat intel,"
        + " scope, beacon or exfiltration), and this other host exchanged traffic with it.");
    explanation.add(contact.accepted + " accepted and " + contact.rejected + " rejected flow-log"
        + " records between " + Instant.ofEpochSecond(contact.first) + " and "
        + Instant.ofEpochSecond(contact.last) + ".");
    explanation.add(contact.accepted > 0
        ? "Accepted traffic means the host may be compromised too: high."
        : "All of it was rejected: medium.");
    if (counts == contact.copies && counts[0] + counts[1] > 0) {
      explanation.add("Only an intermediary interface (such as a NAT gateway's) logged it.");
    }
    return Finding.builder(FindingKind.IOC_CONTACT, severity, summary)
        .idKey(key.host() + "|" + key.flagged())
        .instanceId(contact.instanceId)
        .localIp(key.host())
        .remoteIp(key.flagged())
        .bytesOut(counts[0])
        .bytesIn(counts[1])
        .explanation(explanation)
        .firstSeen(Instant.ofEpochSecond(contact.first))
        .lastSeen(Instant.ofEpochSecond(contact.last))
        .build();
  }
}
