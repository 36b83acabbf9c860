package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Network interface and network ACL operations. */
final class Ec2Network {
  /** Default AWS quota of rules per direction in one network ACL; AWS lets an account raise it. */
  static final int MAX_ENTRIES_PER_DIRECTION = 20;

  private Ec2Network() {}

  private static Ec2Filters<NetworkInterface> interfaceFilters() {
    return new Ec2Filters<NetworkInterface>(eni -> eni.tags)
        .single("network-interface-id", n -> n.networkInterfaceId)
        .single("subnet-id", n -> n.subnetId)
        .single("vpc-id", n -> n.vpcId)
        .single("availability-zone", n -> n.availabilityZone)
        .single("status", n -> n.status)
        .single("interface-type", n -> n.interfaceType)
        .single("description", n -> n.description)
        .single("private-ip-address", n -> n.privateIpAddress)
        .single("association.public-ip", n -> n.publicIp)
        .single("attachment.instance-id", n -> n.attachment == null ? null : n.attachment.instanceId)
        .single("attachment.device-index", n -> n.attachment == null ? null : n.attachment.deviceIndex)
        .field("group-id", n -> n.groupIds)
        .field("addresses.private-ip-address", Ec2Network::addresses);
  }

  private static List<String> addresses(NetworkInterface eni) {
    List<String> all = new ArrayList<>();
    all.add(eni.privateIpAddress);
    all.addAll(eni.secondaryPrivateIpAddresses);
    return all;
  }

  static String describeInterfaces(Ec2Call call) {
    List<String> ids = call.params.list("NetworkInterfaceId");
    List<NetworkInterface> selected = new ArrayList<>();
    if (ids.isEmpty()) {
      selected.addAll(call.state.networkInterfaces);
    } else {
      ids.forEach(id -> selected.add(requireInterface(call.state, id)));
    }
    List<NetworkInterface> filtered = interfaceFilters().apply(selected, call.params);
    return call.describePage(
        filtered, "networkInterfaceSet", 5, 1000,
        (xml, eni) -> Ec2Writers.networkInterface(xml, call.state, eni, true));
  }

  /** Changes one attribute of one ENI: its security groups, description or source/dest check. */
  static String modifyInterfaceAttribute(Ec2Call call) {
    NetworkInterface eni = requireInterface(call.state, call.params.require("NetworkInterfaceId"));
    List<String> groupIds = call.params.list("SecurityGroupId");
    String description = call.params.get("Description.Value");
    Boolean sourceDestCheck = call.params.bool("SourceDestCheck.Value");
    if (!groupIds.isEmpty()) {
      List<String> checked = Ec2SecurityGroups.requireInVpc(call.state, groupIds, eni.vpcId);
      call.checkDryRun();
      eni.groupIds = checked;
      ConnectionTracking.afterSecurityGroupChange(call.state);
      return call.returnTrue();
    }
    if (description != null) {
      call.checkDryRun();
      eni.description = description;
      return call.returnTrue();
    }
    if (sourceDestCheck != null) {
      call.checkDryRun();
      eni.sourceDestCheck = sourceDestCheck;
      return call.returnTrue();
    }
    throw AwsError.missingParameter("SecurityGroupId, Description or SourceDestCheck");
  }

  static NetworkInterface requireInterface(AccountState state, String id) {
    return state
        .networkInterface(id)
        .orElseThrow(
            () -> AwsError.badRequest(
                "InvalidNetworkInterfaceID.NotFound",
                "The networkInterface ID '" + id + "' does not exist"));
  }

  private static Ec2Filters<NetworkAcl> aclFilters() {
    return new Ec2Filters<NetworkAcl>(acl -> acl.tags)
        .single("network-acl-id", a -> a.networkAclId)
        .single("vpc-id", a -> a.vpcId)
        .single("default", a -> a.isDefault)
        .field("association.subnet-id", a -> a.subnetIds)
        .field("entry.rule-number", a -> a.entries.stream().map(e -> String.valueOf(e.ruleNumber)).toList())
        .field("entry.rule-action", a -> a.entries.stream().map(e -> e.ruleAction).toList())
        .field("entry.cidr", a -> a.entries.stream().map(e -> e.cidrBlock).toList());
  }

  static String describeAcls(Ec2Call call) {
    List<String> ids = call.params.list("NetworkAclId");
    List<NetworkAcl> selected = new ArrayList<>();
    if (ids.isEmpty()) {
      selected.addAll(call.state.networkAcls);
    } else {
      ids.forEach(id -> selected.add(requireAcl(call.state, id)));
    }
    List<NetworkAcl> filtered = aclFilters().apply(selected, call.params);
    return call.describePage(
        filtered, "networkAclSet", 5, 1000,
        (xml, acl) -> Ec2Writers.networkAcl(xml, call.state, acl));
  }

  /**
   * Adds a rule. Rule numbers run from 1 to 32766 and are unique per direction
   * (NetworkAclEntryAlreadyExists), and each direction accepts at most {@value #MAX_ENTRIES_PER_DIRECTION}
   * rules besides the default one.
   */
  static String createAclEntry(Ec2Call call) {
    QueryParams params = call.params;
    NetworkAcl acl = requireAcl(call.state, params.require("NetworkAclId"));
    NetworkAcl.Entry entry = new NetworkAcl.Entry();
    entry.ruleNumber = ruleNumber(params);
    entry.egress = requireEgress(params);
    entry.protocol = Protocols.networkAclProtocol(params.require("Protocol"));
    entry.ruleAction = params.require("RuleAction").toLowerCase(java.util.Locale.ROOT);
    if (!entry.ruleAction.equals("allow") && !entry.ruleAction.equals("deny")) {
      throw AwsError.invalidValue("RuleAction", entry.ruleAction, "Expected allow or deny.");
    }
    entry.cidrBlock = params.get("CidrBlock") != null ? params.get("CidrBlock") : params.get("Ipv6CidrBlock");
    if (entry.cidrBlock == null) {
      throw AwsError.missingParameter("CidrBlock");
    }
    if (!Cidrs.isValid(entry.cidrBlock)) {
      throw AwsError.invalidValue("CidrBlock", entry.cidrBlock, "Expected a CIDR block such as 203.0.113.100/32.");
    }
    if (entry.protocol.equals("6") || entry.protocol.equals("17")) {
      entry.portFrom = params.integer("PortRange.From");
      entry.portTo = params.integer("PortRange.To");
      if (entry.portFrom == null || entry.portTo == null) {
        throw AwsError.missingParameter("PortRange");
      }
    }
    if (entry.protocol.equals("1")) {
      entry.icmpType = params.integer("Icmp.Type");
      entry.icmpCode = params.integer("Icmp.Code");
      if (entry.icmpType == null || entry.icmpCode == null) {
        throw AwsError.missingParameter("Icmp");
      }
    }
    boolean exists =
        acl.entries.stream().anyMatch(e -> e.egress == entry.egress && e.ruleNumber == entry.ruleNumber);
    if (exists) {
      throw AwsError.badRequest(
          "NetworkAclEntryAlreadyExists",
          "The network acl entry identified by " + entry.ruleNumber + " already exists.");
    }
    long sameDirection =
        acl.entries.stream()
            .filter(e -> e.egress == entry.egress && e.ruleNumber != NetworkAcl.DEFAULT_RULE_NUMBER)
            .count();
    if (sameDirection >= MAX_ENTRIES_PER_DIRECTION) {
      throw AwsError.badRequest(
          "NetworkAclEntryLimitExceeded",
          "The maximum number of network acl entries (" + MAX_ENTRIES_PER_DIRECTION + ") has been reached.");
    }
    call.checkDryRun();
    acl.entries.add(entry);
    acl.entries.sort(
        Comparator.<NetworkAcl.Entry, Boolean>comparing(e -> e.egress).thenComparingInt(e -> e.ruleNumber));
    ConnectionTracking.afterNetworkAclChange(call.state);
    return call.returnTrue();
  }

  static String deleteAclEntry(Ec2Call call) {
    QueryParams params = call.params;
    NetworkAcl acl = requireAcl(call.state, params.require("NetworkAclId"));
    int ruleNumber = ruleNumber(params);
    boolean egress = requireEgress(params);
    NetworkAcl.Entry entry =
        acl.entries.stream()
            .filter(e -> e.egress == egress && e.ruleNumber == ruleNumber)
            .findFirst()
            .orElseThrow(
                () -> AwsError.badRequest(
                    "InvalidNetworkAclEntry.NotFound",
                    "The network acl entry identified by " + ruleNumber + " does not exist."));
    call.checkDryRun();
    acl.entries.remove(entry);
    ConnectionTracking.afterNetworkAclChange(call.state);
    return call.returnTrue();
  }

  private static int ruleNumber(QueryParams params) {
    Integer number = params.integer("RuleNumber");
    if (number == null) {
      throw AwsError.missingParameter("RuleNumber");
    }
    if (number < 1 || number >= NetworkAcl.DEFAULT_RULE_NUMBER) {
      throw AwsError.invalidValue("RuleNumber", String.valueOf(number), "Expected 1 to 32766.");
    }
    return number;
  }

  private static boolean requireEgress(QueryParams params) {
    Boolean egress = params.bool("Egress");
    if (egress == null) {
      throw AwsError.missingParameter("Egress");
    }
    return egress;
  }

  static NetworkAcl requireAcl(AccountState state, String id) {
    return state
        .networkAcl(id)
        .orElseThrow(
            () -> AwsError.badRequest(
                "InvalidNetworkAclID.NotFound", "The network ACL '" + id + "' does not exist"));
  }

  private static Ec2Filters<FlowLog> flowLogFilters() {
    return new Ec2Filters<FlowLog>(flowLog -> flowLog.tags)
        .single("flow-log-id", f -> f.flowLogId)
        .single("resource-id", f -> f.resourceId)
        .single("traffic-type", f -> f.trafficType)
        .single("log-destination-type", f -> f.logDestinationType)
        .single("log-group-name", f -> f.logGroupName)
        .single("deliver-log-status", f -> "SUCCESS");
  }

  static String describeFlowLogs(Ec2Call call) {
    List<String> ids = call.params.list("FlowLogId");
    List<FlowLog> selected =
        call.state.flowLogs.stream().filter(f -> ids.isEmpty() || ids.contains(f.flowLogId)).toList();
    List<FlowLog> filtered = flowLogFilters().apply(selected, call.params);
    return call.describePage(filtered, "flowLogSet", 1, 1000, Ec2Network::writeFlowLog);
  }

  private static void writeFlowLog(Xml xml, FlowLog flowLog) {
    xml.start("item")
        .text("creationTime", flowLog.creationTime)
        .text("deliverLogsPermissionArn", flowLog.deliverLogsPermissionArn)
        .text("deliverLogsStatus", "SUCCESS")
        .text("flowLogId", flowLog.flowLogId)
        .text("flowLogStatus", "ACTIVE")
        .text("logGroupName", flowLog.logGroupName)
        .text("resourceId", flowLog.resourceId)
        .text("trafficType", flowLog.trafficType)
        .text("logDestinationType", flowLog.logDestinationType)
        .text("logDestination", flowLog.logDestination)
        .text("logFormat", flowLog.logFormat)
        .text("maxAggregationInterval", flowLog.maxAggregationInterval);
    Ec2Writers.tags(xml, flowLog.tags);
    xml.end();
  }
}
