package dev.cordon.core.network;

/**
 * One in-scope flow-log record seen from the suspect's side: which end is local, which way the
 * packets went, and whether the suspect's own interface logged it.
 *
 * @param outbound whether the packets went from the local address to the remote one
 * @param own whether the record came from the suspect's own interface; false for a copy logged on
 *     an intermediary such as a NAT gateway interface
 * @param localSyn whether the local side sent a SYN without ACK, so it opened a TCP connection
 * @param remoteSyn whether the remote side sent a SYN without ACK
 * @param awsService the remote address's {@code pkt-*-aws-service} name, or null
 */
record Piece(
    String local,
    int localPort,
    String remote,
    int remotePort,
    int protocol,
    boolean accepted,
    long start,
    long end,
    long bytes,
    long packets,
    boolean outbound,
    boolean own,
    boolean localSyn,
    boolean remoteSyn,
    String awsService,
    String interfaceId) {

  TupleKey tuple() {
    return new TupleKey(local, localPort, remote, remotePort, protocol, accepted);
  }

  boolean opensConnection() {
    return localSyn || remoteSyn;
  }

  /** A 5-tuple seen from the local side, split by action so rejected attempts stay apart. */
  record TupleKey(
      String local, int localPort, String remote, int remotePort, int protocol, boolean accepted) {}
}
