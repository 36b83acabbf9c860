package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network ACL: stateless rules evaluated in rule-number order, first match wins, with the
 * implicit deny-all rule numbered {@value #DEFAULT_RULE_NUMBER} in each direction.
 */
final class NetworkAcl {
  /** Number EC2 shows for the catch-all deny rule ({@code *} in the console). */
  static final int DEFAULT_RULE_NUMBER = 32767;

  String networkAclId;
  String vpcId;
  boolean isDefault;
  List<String> subnetIds = new ArrayList<>();
  List<Entry> entries = new ArrayList<>();
  Map<String, String> tags = new LinkedHashMap<>();

  /** One rule. Protocol is an IANA number as text, or {@code -1} for all traffic. */
  static final class Entry {
    int ruleNumber;
    boolean egress;
    String protocol;
    String ruleAction;
    String cidrBlock;
    Integer portFrom;
    Integer portTo;
    Integer icmpType;
    Integer icmpCode;
  }
}
