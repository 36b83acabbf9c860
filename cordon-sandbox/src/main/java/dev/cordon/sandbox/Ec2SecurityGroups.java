package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Security group operations: Describe, Create, Delete, Authorize and Revoke. */
final class Ec2SecurityGroups {
  /** Maximum length of a group name or description in EC2, in characters. */
  private static final int MAX_NAME_LENGTH = 255;

  private Ec2SecurityGroups() {}

  private static Ec2Filters<SecurityGroup> filters() {
    return new Ec2Filters<SecurityGroup>(group -> group.tags)
        .single("group-id", g -> g.groupId)
        .single("group-name", g -> g.groupName)
        .single("description", g -> g.description)
        .single("vpc-id", g -> g.vpcId)
        .field(
            "ip-permission.group-id",
            g -> g.rules.stream().filter(r -> !r.egress).map(r -> r.referencedGroupId).filter(Objects::nonNull).toList())
        .field(
            "ip-permission.cidr",
            g -> g.rules.stream().filter(r -> !r.egress).map(r -> r.cidrIpv4).filter(Objects::nonNull).toList());
  }

  /**
   * Lists groups. A group still hidden by the eventual-consistency fault is left out of lists and
   * is InvalidGroup.NotFound by id. Every call brings hidden groups one call closer to visible.
   */
  static String describe(Ec2Call call) {
    try {
      return describeVisible(call);
    } finally {
      revealStep(call.state);
    }
  }

  private static String describeVisible(Ec2Call call) {
    List<SecurityGroup> selected = new ArrayList<>();
    List<String> ids = call.params.list("GroupId");
    List<String> names = call.params.list("GroupName");
    if (ids.isEmpty() && names.isEmpty()) {
      call.state.securityGroups.stream().filter(g -> g.describesUntilVisible == null).forEach(selected::add);
    } else {
      for (String id : ids) {
        SecurityGroup group = require(call.state, id);
        if (group.describesUntilVisible != null) {
          throw notFound(id);
        }
        selected.add(group);
      }
      for (String name : names) {
        selected.add(
            call.state.securityGroups.stream()
                .filter(g -> g.groupName.equals(name) && g.describesUntilVisible == null)
                .findFirst()
                .orElseThrow(
                    () -> AwsError.badRequest(
                        "InvalidGroup.NotFound",
                        "The security group '" + name + "' does not exist in the default VPC")));
      }
    }
    List<SecurityGroup> filtered = filters().apply(selected, call.params);
    return call.describePage(
        filtered, "securityGroupInfo", 5, 1000,
        (xml, group) -> Ec2Writers.securityGroup(xml, call.state, group));
  }

  private static void revealStep(AccountState state) {
    for (SecurityGroup group : state.securityGroups) {
      if (group.describesUntilVisible != null) {
        group.describesUntilVisible = group.describesUntilVisible <= 1 ? null : group.describesUntilVisible - 1;
      }
    }
  }

  /**
   * Creates a group with the rule EC2 adds to every new VPC group: all traffic out to 0.0.0.0/0.
   * Names are unique per VPC, so a second group of the same name fails with InvalidGroup.Duplicate.
   */
  static String create(Ec2Call call) {
    QueryParams params = call.params;
    String name = params.require("GroupName");
    String description = params.require("GroupDescription");
    String vpcId = params.get("VpcId");
    if (vpcId == null) {
      vpcId = defaultVpc(call.state);
    }
    String checkedVpcId = vpcId;
    if (call.state.vpc(vpcId).isEmpty()) {
      throw AwsError.badRequest("InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
    }
    if (name.length() > MAX_NAME_LENGTH || description.length() > MAX_NAME_LENGTH) {
      throw AwsError.invalidValue("GroupName", name, "Names and descriptions are limited to 255 characters.");
    }
    if (name.toLowerCase(java.util.Locale.ROOT).startsWith("sg-")) {
      throw AwsError.invalidValue("GroupName", name, "Group names may not start with sg-.");
    }
    boolean duplicate =
        call.state.securityGroups.stream()
            .anyMatch(g -> g.vpcId.equals(checkedVpcId) && g.groupName.equals(name));
    if (duplicate) {
      throw AwsError.badRequest(
          "InvalidGroup.Duplicate",
          "The security group '" + name + "' already exists for VPC '" + vpcId + "'");
    }
    call.checkDryRun();

    SecurityGroup group = new SecurityGroup();
    group.groupId = call.state.nextId("sg");
    group.groupName = name;
    group.description = description;
    group.vpcId = vpcId;
    SecurityGroup.Rule egress = new SecurityGroup.Rule();
    egress.ruleId = call.state.nextId("sgr");
    egress.egress = true;
    egress.protocol = "-1";
    egress.fromPort = -1;
    egress.toPort = -1;
    egress.cidrIpv4 = "0.0.0.0/0";
    group.rules.add(egress);
    group.tags.putAll(Ec2Storage.tagSpecification(params, "security-group"));
    int lag = call.state.faults.newSecurityGroupDescribeLag;
    group.describesUntilVisible = lag > 0 ? lag : null;
    call.state.securityGroups.add(group);

    Xml xml = call.response();
    xml.text("return", "true").text("groupId", group.groupId);
    Ec2Writers.tags(xml, group.tags);
    return xml.finish();
  }

  private static String defaultVpc(AccountState state) {
    return state.vpcs.stream()
        .filter(vpc -> vpc.isDefault)
        .map(vpc -> vpc.vpcId)
        .findFirst()
        .orElseThrow(
            () -> AwsError.badRequest(
                "VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC."));
  }

  /** Deletes a group that no ENI uses and no other group's rule references. */
  static String delete(Ec2Call call) {
    String groupId = call.params.get("GroupId");
    SecurityGroup group;
    if (groupId != null) {
      group = require(call.state, groupId);
    } else {
      String name = call.params.require("GroupName");
      group =
          call.state.securityGroups.stream()
              .filter(g -> g.groupName.equals(name))
              .findFirst()
              .orElseThrow(
                  () -> AwsError.badRequest(
                      "InvalidGroup.NotFound", "The security group '" + name + "' does not exist"));
    }
    if (group.groupName.equals("default")) {
      throw AwsError.badRequest(
          "CannotDelete", "the specified group: \"" + group.groupId + "\" name: \"default\" cannot be deleted by a user");
    }
    boolean inUse =
        call.state.networkInterfaces.stream().anyMatch(eni -> eni.groupIds.contains(group.groupId));
    boolean referenced =
        call.state.securityGroups.stream()
            .filter(other -> other != group)
            .flatMap(other -> other.rules.stream())
            .anyMatch(rule -> group.groupId.equals(rule.referencedGroupId));
    if (inUse || referenced) {
      throw AwsError.badRequest(
          "DependencyViolation", "resource " + group.groupId + " has a dependent object");
    }
    call.checkDryRun();
    call.state.securityGroups.remove(group);
    return call.response().text("return", "true").text("groupId", group.groupId).finish();
  }

  /** Adds the rules; any rule that already exists rejects the whole request, as EC2 does. */
  static String authorize(Ec2Call call, boolean egress) {
    SecurityGroup group = target(call);
    List<SecurityGroup.Rule> requested = requestedRules(call, egress);
    for (SecurityGroup.Rule rule : requested) {
      if (group.rules.stream().anyMatch(existing -> sameRule(existing, rule))) {
        throw AwsError.badRequest(
            "InvalidPermission.Duplicate",
            "the specified rule \"" + describe(rule) + "\" already exists");
      }
    }
    call.checkDryRun();
    for (SecurityGroup.Rule rule : requested) {
      rule.ruleId = call.state.nextId("sgr");
      group.rules.add(rule);
    }
    ConnectionTracking.afterSecurityGroupChange(call.state);

    Xml xml = call.response();
    xml.text("return", "true");
    xml.start("securityGroupRuleSet");
    requested.forEach(rule -> Ec2Writers.securityGroupRule(xml, call.state, group, rule));
    xml.end();
    return xml.finish();
  }

  /**
   * Removes the rules named by permission or by rule id. Permissions that match no rule are
   * returned as unknown, as EC2 does; rule ids that match none fail with InvalidSecurityGroupRuleId.NotFound.
   */
  static String revoke(Ec2Call call, boolean egress) {
    SecurityGroup group = target(call);
    List<SecurityGroup.Rule> toRemove = new ArrayList<>();
    List<SecurityGroup.Rule> unknown = new ArrayList<>();
    for (String ruleId : call.params.list("SecurityGroupRuleId")) {
      SecurityGroup.Rule rule =
          group.rules.stream()
              .filter(r -> r.ruleId.equals(ruleId) && r.egress == egress)
              .findFirst()
              .orElseThrow(
                  () -> AwsError.badRequest(
                      "InvalidSecurityGroupRuleId.NotFound",
                      "The security group rule ID '" + ruleId + "' does not exist"));
      toRemove.add(rule);
    }
    if (toRemove.isEmpty()) {
      for (SecurityGroup.Rule rule : requestedRules(call, egress)) {
        group.rules.stream()
            .filter(existing -> sameRule(existing, rule))
            .findFirst()
            .ifPresentOrElse(toRemove::add, () -> unknown.add(rule));
      }
    }
    if (toRemove.isEmpty() && !unknown.isEmpty()) {
      throw AwsError.badRequest(
          "InvalidPermission.NotFound",
          "The specified rule does not exist in this security group.");
    }
    call.checkDryRun();
    group.rules.removeAll(toRemove);
    ConnectionTracking.afterSecurityGroupChange(call.state);

    Xml xml = call.response();
    xml.text("return", "true");
    if (!unknown.isEmpty()) {
      xml.start("unknownIpPermissionSet");
      unknown.forEach(rule -> Ec2Writers.permission(xml, call.state, "item", List.of(rule)));
      xml.end();
    }
    return xml.finish();
  }

  private static SecurityGroup target(Ec2Call call) {
    String groupId = call.params.get("GroupId");
    if (groupId == null) {
      throw AwsError.missingParameter("GroupId");
    }
    return require(call.state, groupId);
  }

  /**
   * Reads the rules of a request, from {@code IpPermissions.N} or from the older top-level
   * {@code IpProtocol}, {@code FromPort}, {@code ToPort} and {@code CidrIp} parameters. One
   * permission with several ranges becomes one rule per range.
   */
  private static List<SecurityGroup.Rule> requestedRules(Ec2Call call, boolean egress) {
    List<SecurityGroup.Rule> rules = new ArrayList<>();
    List<QueryParams> permissions = call.params.members("IpPermissions");
    if (permissions.isEmpty() && call.params.has("IpProtocol")) {
      permissions = List.of(call.params);
    }
    for (QueryParams permission : permissions) {
      String protocol = Protocols.securityGroupProtocol(permission.require("IpProtocol"));
      int[] ports = ports(protocol, permission);
      List<SecurityGroup.Rule> fromThis = new ArrayList<>();
      for (QueryParams range : permission.members("IpRanges")) {
        String cidr = range.require("CidrIp");
        requireCidr(cidr, false);
        fromThis.add(rule(egress, protocol, ports, range.get("Description")));
        fromThis.get(fromThis.size() - 1).cidrIpv4 = cidr;
      }
      if (permission.has("CidrIp")) {
        String cidr = permission.get("CidrIp");
        requireCidr(cidr, false);
        fromThis.add(rule(egress, protocol, ports, null));
        fromThis.get(fromThis.size() - 1).cidrIpv4 = cidr;
      }
      for (QueryParams range : permission.members("Ipv6Ranges")) {
        String cidr = range.require("CidrIpv6");
        requireCidr(cidr, true);
        fromThis.add(rule(egress, protocol, ports, range.get("Description")));
        fromThis.get(fromThis.size() - 1).cidrIpv6 = cidr;
      }
      for (QueryParams pair : permission.members("Groups")) {
        String referenced = pair.require("GroupId");
        require(call.state, referenced);
        fromThis.add(rule(egress, protocol, ports, pair.get("Description")));
        fromThis.get(fromThis.size() - 1).referencedGroupId = referenced;
      }
      if (fromThis.isEmpty()) {
        throw AwsError.missingParameter("IpPermissions.IpRanges, Ipv6Ranges or Groups");
      }
      rules.addAll(fromThis);
    }
    if (rules.isEmpty()) {
      throw AwsError.missingParameter("IpPermissions");
    }
    return rules;
  }

  private static int[] ports(String protocol, QueryParams permission) {
    if (protocol.equals("-1")) {
      return new int[] {-1, -1};
    }
    Integer from = permission.integer("FromPort");
    Integer to = permission.integer("ToPort");
    boolean portless = !protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("icmp");
    if (portless && from == null && to == null) {
      return new int[] {-1, -1};
    }
    if (from == null || to == null) {
      throw AwsError.missingParameter(from == null ? "FromPort" : "ToPort");
    }
    if (protocol.equals("icmp")) {
      return new int[] {from, to};
    }
    if (from < 0 || to > 65535 || from > to) {
      throw AwsError.invalidValue(
          "FromPort/ToPort", from + "-" + to, "Expected 0 <= FromPort <= ToPort <= 65535.");
    }
    return new int[] {from, to};
  }

  private static SecurityGroup.Rule rule(boolean egress, String protocol, int[] ports, String description) {
    SecurityGroup.Rule rule = new SecurityGroup.Rule();
    rule.egress = egress;
    rule.protocol = protocol;
    rule.fromPort = ports[0];
    rule.toPort = ports[1];
    rule.description = description;
    return rule;
  }

  private static void requireCidr(String cidr, boolean ipv6) {
    if (!Cidrs.isValid(cidr) || cidr.contains(":") != ipv6) {
      throw AwsError.invalidValue(
          ipv6 ? "CidrIpv6" : "CidrIp", cidr, "Expected an " + (ipv6 ? "IPv6" : "IPv4") + " CIDR block.");
    }
  }

  private static boolean sameRule(SecurityGroup.Rule a, SecurityGroup.Rule b) {
    return a.egress == b.egress
        && a.protocol.equals(b.protocol)
        && a.fromPort == b.fromPort
        && a.toPort == b.toPort
        && Objects.equals(a.cidrIpv4, b.cidrIpv4)
        && Objects.equals(a.cidrIpv6, b.cidrIpv6)
        && Objects.equals(a.referencedGroupId, b.referencedGroupId);
  }

  private static String describe(SecurityGroup.Rule rule) {
    String peer = rule.referencedGroupId;
    if (rule.cidrIpv4 != null) {
      peer = rule.cidrIpv4;
    } else if (rule.cidrIpv6 != null) {
      peer = rule.cidrIpv6;
    }
    String ports = rule.protocol.equals("-1") ? "ALL" : rule.fromPort + "-" + rule.toPort;
    return "peer: " + peer + ", " + rule.protocol.toUpperCase(java.util.Locale.ROOT) + ", port: " + ports + ", ALLOW";
  }

  static SecurityGroup require(AccountState state, String groupId) {
    return state.securityGroup(groupId).orElseThrow(() -> notFound(groupId));
  }

  private static AwsError notFound(String groupId) {
    return AwsError.badRequest("InvalidGroup.NotFound", "The security group '" + groupId + "' does not exist");
  }

  /** Returns the ids, deduplicated, after checking that each group exists in {@code vpcId}. */
  static List<String> requireInVpc(AccountState state, List<String> groupIds, String vpcId) {
    Set<String> unique = new LinkedHashSet<>();
    for (String groupId : groupIds) {
      SecurityGroup group = require(state, groupId);
      if (!group.vpcId.equals(vpcId)) {
        throw AwsError.badRequest(
            "InvalidGroup.NotFound",
            "The security group '" + groupId + "' does not exist in VPC '" + vpcId + "'");
      }
      unique.add(groupId);
    }
    return new ArrayList<>(unique);
  }
}
