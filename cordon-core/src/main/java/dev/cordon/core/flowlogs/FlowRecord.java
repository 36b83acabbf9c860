package dev.cordon.core.flowlogs;

import java.util.Map;

/**
 * One VPC Flow Logs record: one flow on one network interface within one aggregation window. A
 * record is not a connection, because both directions are separate records and a long flow repeats
 * every window.
 *
 * <p>Absent values ({@code -} in the log, or a field the format does not carry) are {@code null}
 * for text and {@link #ABSENT} for numbers. Addresses are canonical text ({@link
 * dev.cordon.core.net.IpAddresses#canonical}). Times are epoch seconds UTC; a reader converts epoch
 * milliseconds. Fields this class does not name are kept in {@code otherFields} by their AWS name.
 *
 * @param source the file (and line) the record came from, for messages
 */
public record FlowRecord(
    int version,
    String accountId,
    String interfaceId,
    String srcAddr,
    String dstAddr,
    int srcPort,
    int dstPort,
    int protocol,
    long packets,
    long bytes,
    long start,
    long end,
    String action,
    String logStatus,
    String vpcId,
    String subnetId,
    String instanceId,
    int tcpFlags,
    String type,
    String pktSrcAddr,
    String pktDstAddr,
    String region,
    String azId,
    String pktSrcAwsService,
    String pktDstAwsService,
    String flowDirection,
    int trafficPath,
    Map<String, String> otherFields,
    String source) {

  public static final int ABSENT = -1;

  /** Returns the packet's own source address: {@code pkt-srcaddr} when present, else {@code srcaddr}. */
  public String packetSrcAddr() {
    return pktSrcAddr != null ? pktSrcAddr : srcAddr;
  }

  /** Returns the packet's own destination address: {@code pkt-dstaddr} when present, else {@code dstaddr}. */
  public String packetDstAddr() {
    return pktDstAddr != null ? pktDstAddr : dstAddr;
  }

  public boolean isOk() {
    return logStatus == null || "OK".equals(logStatus);
  }
}
