package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A security group; each rule allows one protocol and port range from one source. */
final class SecurityGroup {
  String groupId;
  String groupName;
  String description;
  String vpcId;
  List<Rule> rules = new ArrayList<>();
  Map<String, String> tags = new LinkedHashMap<>();
  /**
   * DescribeSecurityGroups calls that still miss this new group, when fault injection models
   * eventual consistency; null once visible.
   */
  Integer describesUntilVisible;

  /**
   * One allow rule. Protocol is {@code tcp}, {@code udp}, {@code icmp}, another IANA number as
   * text, or {@code -1} for all traffic, in which case the ports are -1. Exactly one of the CIDR
   * fields or {@code referencedGroupId} is set.
   */
  static final class Rule {
    String ruleId;
    boolean egress;
    String protocol;
    int fromPort;
    int toPort;
    String cidrIpv4;
    String cidrIpv6;
    String referencedGroupId;
    String description;
  }
}
