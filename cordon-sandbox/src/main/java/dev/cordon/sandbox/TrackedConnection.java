package dev.cordon.sandbox;

/**
 * An open connection through one ENI, as the scenario declares it. The sandbox carries no
 * packets. After each security group or network ACL change it decides whether the connection
 * would still pass, and it records the first reason the connection stopped.
 */
final class TrackedConnection {
  String id;
  String networkInterfaceId;
  /** {@code tcp}, {@code udp} or {@code icmp}. */
  String protocol;
  /** {@code outbound} when the instance opened it, {@code inbound} when a peer did. */
  String direction;
  String localAddress;
  int localPort;
  String remoteAddress;
  int remotePort;
  /**
   * Null for direct traffic, or {@code nat-gateway} or {@code network-load-balancer}: AWS always
   * tracks connections through those, whatever the security groups allow.
   */
  String via;
  String description;
  /** Whether security group connection tracking follows this flow; computed, not declared. */
  boolean tracked = true;
  boolean alive = true;
  String closedReason;
  String closedAt;
}
