package dev.cordon.core.network;

import java.util.Set;
import java.util.TreeSet;

/**
 * Traffic of the suspect with one remote service, counted once: per (local address, remote address,
 * service port, protocol, who opened the connections). The service port is the remote port of
 * connections the suspect opened and the local port of those the remote side opened, so the
 * ephemeral ports of clients do not multiply the pairs. Bytes and packets count accepted traffic
 * only.
 */
final class PairTotals {
  final Key key;
  long bytesOut;
  long bytesIn;
  long packetsOut;
  long packetsIn;
  long acceptedConnections;
  long rejectedConnections;
  long firstSeen = Long.MAX_VALUE;
  long lastSeen = Long.MIN_VALUE;
  long firstAccepted = Long.MAX_VALUE;
  long lastAccepted = Long.MIN_VALUE;
  boolean onlyCopies = true;
  String awsService;
  final Set<String> interfaceIds = new TreeSet<>();

  private static final int MAX_INTERFACES = 8;

  /**
   * @param servicePort the responder's port
   * @param outbound whether the suspect opened the connections
   */
  record Key(String local, String remote, int servicePort, int protocol, boolean outbound) {}

  PairTotals(Key key) {
    this.key = key;
  }

  void add(Connection connection) {
    firstSeen = Math.min(firstSeen, connection.start);
    lastSeen = Math.max(lastSeen, connection.end);
    if (connection.key.accepted()) {
      acceptedConnections++;
      bytesOut += connection.bytesOut();
      bytesIn += connection.bytesIn();
      packetsOut += connection.packetsOut();
      packetsIn += connection.packetsIn();
      firstAccepted = Math.min(firstAccepted, connection.start);
      lastAccepted = Math.max(lastAccepted, connection.end);
    } else {
      rejectedConnections++;
    }
    onlyCopies &= connection.onlyCopies();
    if (awsService == null) {
      awsService = connection.awsService;
    }
    if (connection.interfaceId != null && interfaceIds.size() < MAX_INTERFACES) {
      interfaceIds.add(connection.interfaceId);
    }
  }

  long totalBytes() {
    return bytesOut + bytesIn;
  }

  boolean accepted() {
    return acceptedConnections > 0;
  }
}
