package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides which declared connections survive security group and network ACL changes, following
 * the EC2 connection tracking rules as AWS documents them:
 *
 * <ul>
 *   <li>A flow is untracked when a rule allows it to or from anywhere (0.0.0.0/0 or ::/0) and the
 *       other direction allows all ports of its protocol to or from anywhere. ICMP flows and flows
 *       through a NAT gateway or a Network Load Balancer are always tracked.
 *   <li>Removing the rules that allow a tracked flow does not interrupt it.
 *   <li>An untracked flow is interrupted as soon as the rules no longer allow it in both
 *       directions.
 *   <li>Network ACLs are stateless and apply to every flow, so a deny in either direction cuts it.
 * </ul>
 */
final class ConnectionTracking {
  private ConnectionTracking() {}

  /** Sets the initial tracked flag of every connection and applies the network ACLs. */
  static void classifyAll(AccountState state) {
    for (TrackedConnection connection : state.connections) {
      if (connection.alive) {
        connection.tracked = alwaysTracked(connection) || !untracked(state, connection);
      }
    }
    afterNetworkAclChange(state);
  }

  /** Re-evaluates every live connection after a rule or group membership changed. */
  static void afterSecurityGroupChange(AccountState state) {
    for (TrackedConnection connection : state.connections) {
      if (!connection.alive || alwaysTracked(connection)) {
        continue;
      }
      if (!connection.tracked && !allowedBothWays(state, connection)) {
        close(state, connection, "security groups no longer allow this untracked connection");
        continue;
      }
      connection.tracked = !untracked(state, connection);
    }
  }

  /** Cuts every live connection that a network ACL now denies in either direction. */
  static void afterNetworkAclChange(AccountState state) {
    for (TrackedConnection connection : state.connections) {
      if (connection.alive && !networkAclAllows(state, connection)) {
        close(state, connection, "network ACL denies this connection");
      }
    }
  }

  /** Cuts the connections of an instance that stopped or terminated. */
  static void afterInstanceStopped(AccountState state, String instanceId, String newState) {
    for (NetworkInterface eni : state.interfacesOf(instanceId)) {
      for (TrackedConnection connection : state.connections) {
        if (connection.alive && connection.networkInterfaceId.equals(eni.networkInterfaceId)) {
          close(state, connection, "instance " + instanceId + " is " + newState);
        }
      }
    }
  }

  private static void close(AccountState state, TrackedConnection connection, String reason) {
    connection.alive = false;
    connection.closedReason = reason;
    connection.closedAt = state.clockNow().toString();
  }

  private static boolean alwaysTracked(TrackedConnection connection) {
    return connection.protocol.equals("icmp") || connection.via != null;
  }

  /** Returns whether the ENI's groups make this flow untracked. */
  private static boolean untracked(AccountState state, TrackedConnection connection) {
    List<SecurityGroup.Rule> rules = rulesOf(state, connection);
    boolean outbound = connection.direction.equals("outbound");
    boolean openInFlowDirection =
        rules.stream()
            .anyMatch(
                rule ->
                    rule.egress == outbound
                        && Cidrs.isAnywhere(cidrOf(rule))
                        && protocolMatches(rule.protocol, connection.protocol)
                        && portMatches(rule, flowPort(connection)));
    boolean openInReverse =
        rules.stream()
            .anyMatch(
                rule ->
                    rule.egress != outbound
                        && Cidrs.isAnywhere(cidrOf(rule))
                        && protocolMatches(rule.protocol, connection.protocol)
                        && coversAllPorts(rule));
    return openInFlowDirection && openInReverse;
  }

  /** Returns whether the groups allow both the flow and its replies, as a stateless filter would. */
  private static boolean allowedBothWays(AccountState state, TrackedConnection connection) {
    boolean outbound = connection.direction.equals("outbound");
    int replyPort = outbound ? connection.localPort : connection.remotePort;
    return allows(state, connection, outbound, flowPort(connection))
        && allows(state, connection, !outbound, replyPort);
  }

  private static boolean allows(
      AccountState state, TrackedConnection connection, boolean egress, int port) {
    for (SecurityGroup.Rule rule : rulesOf(state, connection)) {
      if (rule.egress == egress
          && protocolMatches(rule.protocol, connection.protocol)
          && portMatches(rule, port)
          && peerMatches(state, rule, connection.remoteAddress)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the destination port of the flow's first packet, the one rules are written for. */
  private static int flowPort(TrackedConnection connection) {
    return connection.direction.equals("outbound") ? connection.remotePort : connection.localPort;
  }

  private static List<SecurityGroup.Rule> rulesOf(AccountState state, TrackedConnection connection) {
    List<SecurityGroup.Rule> rules = new ArrayList<>();
    state
        .networkInterface(connection.networkInterfaceId)
        .ifPresent(
            eni ->
                eni.groupIds.forEach(
                    id -> state.securityGroup(id).ifPresent(group -> rules.addAll(group.rules))));
    return rules;
  }

  private static String cidrOf(SecurityGroup.Rule rule) {
    return rule.cidrIpv4 != null ? rule.cidrIpv4 : rule.cidrIpv6;
  }

  static boolean protocolMatches(String ruleProtocol, String flowProtocol) {
    return ruleProtocol.equals("-1") || ruleProtocol.equals(flowProtocol);
  }

  private static boolean portMatches(SecurityGroup.Rule rule, int port) {
    if (rule.protocol.equals("-1") || rule.protocol.equals("icmp")) {
      return true;
    }
    return rule.fromPort <= port && port <= rule.toPort;
  }

  private static boolean coversAllPorts(SecurityGroup.Rule rule) {
    return portMatches(rule, 0) && portMatches(rule, 65535);
  }

  private static boolean peerMatches(AccountState state, SecurityGroup.Rule rule, String address) {
    if (rule.cidrIpv4 != null) {
      return Cidrs.contains(rule.cidrIpv4, address);
    }
    if (rule.cidrIpv6 != null) {
      return Cidrs.contains(rule.cidrIpv6, address);
    }
    if (rule.referencedGroupId != null) {
      return state.networkInterfaces.stream()
          .filter(eni -> eni.groupIds.contains(rule.referencedGroupId))
          .anyMatch(
              eni ->
                  address.equals(eni.privateIpAddress)
                      || eni.secondaryPrivateIpAddresses.contains(address));
    }
    return false;
  }

  private static boolean networkAclAllows(AccountState state, TrackedConnection connection) {
    Optional<NetworkAcl> acl =
        state
            .networkInterface(connection.networkInterfaceId)
            .flatMap(eni -> state.networkAclOfSubnet(eni.subnetId));
    if (acl.isEmpty()) {
      return true;
    }
    boolean outbound = connection.direction.equals("outbound");
    int replyPort = outbound ? connection.localPort : connection.remotePort;
    return aclAllows(acl.get(), outbound, connection, flowPort(connection))
        && aclAllows(acl.get(), !outbound, connection, replyPort);
  }

  /** Applies the first matching entry in rule-number order; no match is the implicit deny. */
  private static boolean aclAllows(
      NetworkAcl acl, boolean egress, TrackedConnection connection, int port) {
    List<NetworkAcl.Entry> entries = new ArrayList<>(acl.entries);
    entries.sort(Comparator.comparingInt(entry -> entry.ruleNumber));
    for (NetworkAcl.Entry entry : entries) {
      if (entry.egress == egress
          && aclProtocolMatches(entry.protocol, connection.protocol)
          && aclPortMatches(entry, connection.protocol, port)
          && Cidrs.contains(entry.cidrBlock, connection.remoteAddress)) {
        return entry.ruleAction.equals("allow");
      }
    }
    return false;
  }

  private static boolean aclProtocolMatches(String entryProtocol, String flowProtocol) {
    return entryProtocol.equals("-1") || entryProtocol.equals(Protocols.number(flowProtocol));
  }

  private static boolean aclPortMatches(NetworkAcl.Entry entry, String flowProtocol, int port) {
    if (flowProtocol.equals("icmp") || entry.portFrom == null || entry.portTo == null) {
      return true;
    }
    return entry.portFrom <= port && port <= entry.portTo;
  }
}
