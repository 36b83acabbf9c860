package dev.cordon.core.network;

/**
 * Flow-log records of one 5-tuple joined over time into one connection. Counts from the suspect's
 * own interface and from intermediary copies are kept apart. When the own interface logged any part
 * of the connection the copies are ignored, so NAT gateway records never add to the totals.
 */
final class Connection {
  final Piece.TupleKey key;
  long start;
  long end;
  private final long[] ownCounts = new long[4];
  private final long[] copyCounts = new long[4];
  private boolean sawOwn;
  boolean localSyn;
  boolean remoteSyn;
  private long firstOutbound = Long.MAX_VALUE;
  private long firstInbound = Long.MAX_VALUE;
  private long ownSynStart = Long.MIN_VALUE;
  private long copySynStart = Long.MIN_VALUE;
  String awsService;
  String interfaceId;

  private static final int BYTES_OUT = 0;
  private static final int BYTES_IN = 1;
  private static final int PACKETS_OUT = 2;
  private static final int PACKETS_IN = 3;

  Connection(Piece first) {
    this.key = first.tuple();
    this.start = first.start();
    this.end = first.end();
    add(first);
  }

  /**
   * Returns whether {@code piece} continues this connection: it starts within {@code gapSeconds} of
   * this connection's last record, and it is not a new SYN after a SYN already seen on the same
   * interface class (a reused 5-tuple).
   */
  boolean continuedBy(Piece piece, long gapSeconds) {
    if (piece.start() > end + gapSeconds) {
      return false;
    }
    if (!piece.opensConnection()) {
      return true;
    }
    long previousSyn = piece.own() ? ownSynStart : copySynStart;
    return previousSyn == Long.MIN_VALUE || piece.start() <= previousSyn;
  }

  void add(Piece piece) {
    start = Math.min(start, piece.start());
    end = Math.max(end, piece.end());
    long[] counts = piece.own() ? ownCounts : copyCounts;
    sawOwn |= piece.own();
    counts[piece.outbound() ? BYTES_OUT : BYTES_IN] += Math.max(0, piece.bytes());
    counts[piece.outbound() ? PACKETS_OUT : PACKETS_IN] += Math.max(0, piece.packets());

    if (piece.outbound()) {
      firstOutbound = Math.min(firstOutbound, piece.start());
    } else {
      firstInbound = Math.min(firstInbound, piece.start());
    }
    if (piece.opensConnection()) {
      if (piece.own()) {
        ownSynStart = Math.max(ownSynStart, piece.start());
      } else {
        copySynStart = Math.max(copySynStart, piece.start());
      }
    }
    localSyn |= piece.localSyn();
    remoteSyn |= piece.remoteSyn();
    if (awsService == null) {
      awsService = piece.awsService();
    }
    if (interfaceId == null || piece.own()) {
      interfaceId = piece.interfaceId();
    }
  }

  long bytesOut() {
    return counts()[BYTES_OUT];
  }

  long bytesIn() {
    return counts()[BYTES_IN];
  }

  long packetsOut() {
    return counts()[PACKETS_OUT];
  }

  long packetsIn() {
    return counts()[PACKETS_IN];
  }

  /** Returns whether only intermediary copies (such as a NAT gateway's) logged this connection. */
  boolean onlyCopies() {
    return !sawOwn;
  }

  long durationSeconds() {
    return end - start;
  }

  /**
   * Returns whether the local side opened the connection. TCP flags decide when only one side sent
   * a SYN. Otherwise ports decide when exactly one side uses a well-known port (below 1024) or an
   * ephemeral one (32768 and up). Then the side whose packets were logged first opened it, and on a
   * tie the side with the higher port.
   */
  boolean openedLocally() {
    if (localSyn != remoteSyn) {
      return localSyn;
    }
    int localPort = key.localPort();
    int remotePort = key.remotePort();
    if ((remotePort < 1024) != (localPort < 1024)) {
      return remotePort < 1024;
    }
    if ((localPort >= 32768) != (remotePort >= 32768)) {
      return localPort >= 32768;
    }
    if (firstOutbound != firstInbound) {
      return firstOutbound < firstInbound;
    }
    return localPort >= remotePort;
  }

  private long[] counts() {
    return sawOwn ? ownCounts : copyCounts;
  }
}
