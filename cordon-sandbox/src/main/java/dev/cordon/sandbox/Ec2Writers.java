package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Writes state objects in the XML shapes of the EC2 2016-11-15 API model: lists are
 * {@code <nameSet><item>…</item></nameSet>} and member names are the model's location names.
 */
final class Ec2Writers {
  private Ec2Writers() {}

  static void tags(Xml xml, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    xml.start("tagSet");
    tags.forEach((key, value) -> xml.start("item").text("key", key).text("value", value).end());
    xml.end();
  }

  static void groups(Xml xml, AccountState state, List<String> groupIds) {
    xml.start("groupSet");
    for (String groupId : groupIds) {
      String name = state.securityGroup(groupId).map(g -> g.groupName).orElse(null);
      xml.start("item").text("groupId", groupId).text("groupName", name).end();
    }
    xml.end();
  }

  static void instanceState(Xml xml, String element, String state) {
    xml.start(element).text("code", Instance.stateCode(state)).text("name", state).end();
  }

  static void instance(Xml xml, AccountState state, Instance instance) {
    List<NetworkInterface> interfaces = state.interfacesOf(instance.instanceId);
    NetworkInterface primary = interfaces.isEmpty() ? null : interfaces.get(0);

    xml.start("item");
    xml.text("instanceId", instance.instanceId).text("imageId", instance.imageId);
    instanceState(xml, "instanceState", instance.state);
    xml.text("privateDnsName", primary == null ? "" : privateDnsName(state, primary.privateIpAddress))
        .text("dnsName", "")
        .text("reason", instance.stateTransitionReason)
        .text("keyName", instance.keyName)
        .text("amiLaunchIndex", 0)
        .text("instanceType", instance.instanceType)
        .text("launchTime", instance.launchTime);
    xml.start("placement")
        .text("availabilityZone", instance.availabilityZone)
        .text("tenancy", "default")
        .end();
    xml.start("monitoring").text("state", "disabled").end();
    if (primary != null) {
      xml.text("subnetId", primary.subnetId)
          .text("vpcId", primary.vpcId)
          .text("privateIpAddress", primary.privateIpAddress)
          .text("ipAddress", primary.publicIp)
          .text("sourceDestCheck", primary.sourceDestCheck);
      groups(xml, state, primary.groupIds);
    } else {
      xml.start("groupSet").end();
    }
    xml.text("architecture", "x86_64")
        .text("rootDeviceType", "ebs")
        .text("rootDeviceName", instance.rootDeviceName);
    blockDevices(xml, state, instance);
    xml.text("virtualizationType", "hvm");
    tags(xml, instance.tags);
    xml.text("hypervisor", "xen");
    xml.start("networkInterfaceSet");
    interfaces.forEach(eni -> networkInterface(xml, state, eni, false));
    xml.end();
    if (instance.iamInstanceProfile != null) {
      xml.start("iamInstanceProfile")
          .text("arn", instance.iamInstanceProfile.arn)
          .text("id", instance.iamInstanceProfile.id)
          .end();
    }
    xml.text("ebsOptimized", false).text("enaSupport", true);
    metadataOptions(xml, "metadataOptions", instance, "applied");
    xml.end();
  }

  static void metadataOptions(Xml xml, String element, Instance instance, String state) {
    Instance.MetadataOptions options = instance.metadataOptions;
    xml.start(element)
        .text("state", state)
        .text("httpTokens", options.httpTokens)
        .text("httpPutResponseHopLimit", options.httpPutResponseHopLimit)
        .text("httpEndpoint", options.httpEndpoint)
        .text("httpProtocolIpv6", options.httpProtocolIpv6)
        .text("instanceMetadataTags", options.instanceMetadataTags)
        .end();
  }

  private static void blockDevices(Xml xml, AccountState state, Instance instance) {
    xml.start("blockDeviceMapping");
    for (Volume volume : state.volumesOf(instance.instanceId)) {
      xml.start("item").text("deviceName", volume.attachment.device);
      xml.start("ebs")
          .text("volumeId", volume.volumeId)
          .text("status", "attached")
          .text("attachTime", volume.attachment.attachTime)
          .text("deleteOnTermination", volume.attachment.deleteOnTermination)
          .end();
      xml.end();
    }
    xml.end();
  }

  private static void attachment(Xml xml, NetworkInterface eni) {
    if (eni.attachment == null) {
      return;
    }
    xml.start("attachment")
        .text("attachmentId", eni.attachment.attachmentId)
        .text("instanceId", eni.attachment.instanceId)
        .text("instanceOwnerId", "self")
        .text("deviceIndex", eni.attachment.deviceIndex)
        .text("status", "attached")
        .text("attachTime", eni.attachment.attachTime)
        .text("deleteOnTermination", eni.attachment.deleteOnTermination)
        .text("networkCardIndex", 0)
        .end();
  }

  /** Writes the public address; an Elastic IP adds its ids and the account as owner. */
  private static void association(Xml xml, AccountState state, NetworkInterface eni) {
    if (eni.publicIp == null) {
      return;
    }
    Address elastic =
        state.addresses.stream()
            .filter(a -> eni.networkInterfaceId.equals(a.networkInterfaceId) && eni.publicIp.equals(a.publicIp))
            .findFirst()
            .orElse(null);
    xml.start("association").text("publicIp", eni.publicIp);
    if (elastic == null) {
      xml.text("ipOwnerId", "amazon");
    } else {
      xml.text("ipOwnerId", state.accountId)
          .text("allocationId", elastic.allocationId)
          .text("associationId", elastic.associationId);
    }
    xml.end();
  }

  private static void addresses(Xml xml, AccountState state, NetworkInterface eni) {
    xml.start("privateIpAddressesSet");
    List<String> all = new ArrayList<>();
    all.add(eni.privateIpAddress);
    all.addAll(eni.secondaryPrivateIpAddresses);
    for (String address : all) {
      boolean primary = address.equals(eni.privateIpAddress);
      xml.start("item")
          .text("privateIpAddress", address)
          .text("privateDnsName", privateDnsName(state, address))
          .text("primary", primary);
      if (primary) {
        association(xml, state, eni);
      }
      xml.end();
    }
    xml.end();
  }

  /**
   * Writes a network interface as DescribeNetworkInterfaces does when {@code standalone}, or as
   * an item of an instance's networkInterfaceSet, which has no zone, requesterManaged or tags.
   */
  static void networkInterface(Xml xml, AccountState state, NetworkInterface eni, boolean standalone) {
    xml.start("item")
        .text("networkInterfaceId", eni.networkInterfaceId)
        .text("subnetId", eni.subnetId)
        .text("vpcId", eni.vpcId);
    if (standalone) {
      xml.text("availabilityZone", eni.availabilityZone);
    }
    xml.text("description", eni.description).text("ownerId", state.accountId);
    if (standalone) {
      xml.text("requesterManaged", false);
    }
    xml.text("status", eni.status)
        .text("macAddress", eni.macAddress)
        .text("privateIpAddress", eni.privateIpAddress)
        .text("privateDnsName", privateDnsName(state, eni.privateIpAddress))
        .text("sourceDestCheck", eni.sourceDestCheck);
    groups(xml, state, eni.groupIds);
    attachment(xml, eni);
    association(xml, state, eni);
    if (standalone) {
      tags(xml, eni.tags);
    }
    addresses(xml, state, eni);
    xml.text("interfaceType", eni.interfaceType);
    xml.end();
  }

  static void securityGroup(Xml xml, AccountState state, SecurityGroup group) {
    xml.start("item")
        .text("ownerId", state.accountId)
        .text("groupId", group.groupId)
        .text("groupName", group.groupName)
        .text("groupDescription", group.description)
        .text("vpcId", group.vpcId)
        .text(
            "securityGroupArn",
            "arn:aws:ec2:" + state.region + ":" + state.accountId + ":security-group/" + group.groupId);
    permissions(xml, state, "ipPermissions", group.rules, false);
    permissions(xml, state, "ipPermissionsEgress", group.rules, true);
    tags(xml, group.tags);
    xml.end();
  }

  /** Writes rules grouped by protocol and port range, one IpPermission per group, as EC2 does. */
  static void permissions(
      Xml xml, AccountState state, String element, List<SecurityGroup.Rule> rules, boolean egress) {
    Map<List<Object>, List<SecurityGroup.Rule>> byKey = new LinkedHashMap<>();
    for (SecurityGroup.Rule rule : rules) {
      if (rule.egress == egress) {
        byKey.computeIfAbsent(List.of(rule.protocol, rule.fromPort, rule.toPort), k -> new ArrayList<>()).add(rule);
      }
    }
    xml.start(element);
    for (List<SecurityGroup.Rule> sameKey : byKey.values()) {
      permission(xml, state, "item", sameKey);
    }
    xml.end();
  }

  /** Writes one IpPermission from rules that share protocol and ports. */
  static void permission(Xml xml, AccountState state, String element, List<SecurityGroup.Rule> rules) {
    SecurityGroup.Rule first = rules.get(0);
    xml.start(element).text("ipProtocol", first.protocol);
    if (!first.protocol.equals("-1")) {
      xml.text("fromPort", first.fromPort).text("toPort", first.toPort);
    }
    ruleItems(xml, "groups", rules, rule -> rule.referencedGroupId != null,
        rule -> xml.text("userId", state.accountId).text("groupId", rule.referencedGroupId));
    ruleItems(xml, "ipRanges", rules, rule -> rule.cidrIpv4 != null, rule -> xml.text("cidrIp", rule.cidrIpv4));
    ruleItems(xml, "ipv6Ranges", rules, rule -> rule.cidrIpv6 != null, rule -> xml.text("cidrIpv6", rule.cidrIpv6));
    xml.start("prefixListIds").end();
    xml.end();
  }

  /**
   * Writes one item for each rule that {@code included} selects, with the elements that
   * {@code members} writes followed by the rule's description.
   */
  private static void ruleItems(
      Xml xml, String element, List<SecurityGroup.Rule> rules,
      Predicate<SecurityGroup.Rule> included, Consumer<SecurityGroup.Rule> members) {
    xml.start(element);
    for (SecurityGroup.Rule rule : rules) {
      if (included.test(rule)) {
        xml.start("item");
        members.accept(rule);
        xml.text("description", rule.description).end();
      }
    }
    xml.end();
  }

  /** Writes the SecurityGroupRule shape that Authorize* returns for each new rule. */
  static void securityGroupRule(Xml xml, AccountState state, SecurityGroup group, SecurityGroup.Rule rule) {
    xml.start("item")
        .text("securityGroupRuleId", rule.ruleId)
        .text("groupId", group.groupId)
        .text("groupOwnerId", state.accountId)
        .text("isEgress", rule.egress)
        .text("ipProtocol", rule.protocol)
        .text("fromPort", rule.fromPort)
        .text("toPort", rule.toPort)
        .text("cidrIpv4", rule.cidrIpv4)
        .text("cidrIpv6", rule.cidrIpv6)
        .text("description", rule.description);
    if (rule.referencedGroupId != null) {
      xml.start("referencedGroupInfo")
          .text("groupId", rule.referencedGroupId)
          .text("userId", state.accountId)
          .end();
    }
    xml.end();
  }

  static void volume(Xml xml, Volume volume) {
    xml.start("item")
        .text("volumeId", volume.volumeId)
        .text("size", volume.size)
        .text("snapshotId", Objects.requireNonNullElse(volume.snapshotId, ""))
        .text("availabilityZone", volume.availabilityZone)
        .text("status", volume.state)
        .text("createTime", volume.createTime);
    xml.start("attachmentSet");
    if (volume.attachment != null) {
      xml.start("item")
          .text("volumeId", volume.volumeId)
          .text("instanceId", volume.attachment.instanceId)
          .text("device", volume.attachment.device)
          .text("status", "attached")
          .text("attachTime", volume.attachment.attachTime)
          .text("deleteOnTermination", volume.attachment.deleteOnTermination)
          .end();
    }
    xml.end();
    xml.text("volumeType", volume.volumeType).text("encrypted", volume.encrypted);
    tags(xml, volume.tags);
    xml.end();
  }

  /** Writes the members of a Snapshot, without the enclosing element. */
  static void snapshotMembers(Xml xml, AccountState state, Snapshot snapshot) {
    xml.text("snapshotId", snapshot.snapshotId)
        .text("volumeId", snapshot.volumeId)
        .text("status", snapshot.state)
        .text("startTime", snapshot.startTime)
        .text("progress", snapshot.progress + "%")
        .text("ownerId", state.accountId)
        .text("volumeSize", snapshot.volumeSize)
        .text("description", snapshot.description)
        .text("encrypted", snapshot.encrypted)
        .text("kmsKeyId", snapshot.kmsKeyId);
    tags(xml, snapshot.tags);
  }

  static void networkAcl(Xml xml, AccountState state, NetworkAcl acl) {
    xml.start("item")
        .text("networkAclId", acl.networkAclId)
        .text("vpcId", acl.vpcId)
        .text("default", acl.isDefault)
        .text("ownerId", state.accountId);
    xml.start("entrySet");
    for (NetworkAcl.Entry entry : acl.entries) {
      xml.start("item")
          .text("ruleNumber", entry.ruleNumber)
          .text("protocol", entry.protocol)
          .text("ruleAction", entry.ruleAction)
          .text("egress", entry.egress)
          .text("cidrBlock", entry.cidrBlock);
      if (entry.icmpType != null) {
        xml.start("icmpTypeCode").text("code", entry.icmpCode).text("type", entry.icmpType).end();
      }
      if (entry.portFrom != null) {
        xml.start("portRange").text("from", entry.portFrom).text("to", entry.portTo).end();
      }
      xml.end();
    }
    xml.end();
    xml.start("associationSet");
    for (String subnetId : acl.subnetIds) {
      xml.start("item")
          .text("networkAclAssociationId", "aclassoc-" + subnetId.substring(subnetId.indexOf('-') + 1))
          .text("networkAclId", acl.networkAclId)
          .text("subnetId", subnetId)
          .end();
    }
    xml.end();
    tags(xml, acl.tags);
    xml.end();
  }

  /**
   * Returns the IP-based private DNS name EC2 gives an IPv4 address: {@code ec2.internal} in
   * us-east-1, {@code REGION.compute.internal} elsewhere.
   */
  static String privateDnsName(AccountState state, String address) {
    if (address == null) {
      return "";
    }
    String domain = state.region.equals("us-east-1") ? "ec2.internal" : state.region + ".compute.internal";
    return "ip-" + address.replace('.', '-') + "." + domain;
  }
}
