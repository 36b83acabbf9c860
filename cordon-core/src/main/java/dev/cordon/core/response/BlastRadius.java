package dev.cordon.core.response;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclAssociation;

/**
 * What else the containment touches: the Auto Scaling group, target groups, Elastic IPs, and the
 * other instances that share the role, the security groups or a subnet whose network ACL gets the
 * deny. Other instances are read fresh on every run, so a resumed run lists today's neighbours.
 */
final class BlastRadius {
  private BlastRadius() {}

  /**
   * Returns one line per effect.
   *
   * @param originalGroups security groups per ENI before the first change, or null before it is
   *     recorded, in which case the instance's current groups are used
   * @param acls network ACLs that get the deny of {@code remoteAddress}
   */
  static List<String> of(Run run, Memberships memberships, Map<String, List<String>> originalGroups,
      List<NetworkAcl> acls, String remoteAddress) {
    List<String> lines = new ArrayList<>();
    if (memberships.autoScalingGroup() != null) {
      lines.add("Auto Scaling group " + memberships.autoScalingGroup()
          + " launches a replacement instance; its desired capacity is unchanged.");
    }
    for (Memberships.Registration registration : memberships.registrations()) {
      lines.add("Target group " + registration.targetGroupArn() + " stops routing to the instance"
          + (registration.port() == null ? "" : " on port " + registration.port()) + ".");
    }
    for (Memberships.ElasticIp address : memberships.elasticIps()) {
      lines.add("Elastic IP " + address.publicIp() + " stops reaching the instance; DNS names pointing at it fail.");
    }
    profileSharing(run, memberships.instanceProfileArn(), lines);
    groupSharing(run, groups(run, originalGroups), lines);
    if (remoteAddress != null) {
      aclSharing(run, acls, remoteAddress, lines);
    }
    return lines;
  }

  private static void profileSharing(Run run, String profileArn, List<String> lines) {
    if (profileArn == null) {
      return;
    }
    TreeSet<String> sharing = new TreeSet<>();
    run.read("DescribeInstances", profileArn, () -> run.ec2.describeInstances(request ->
            request.filters(Ec2Lookups.filter("iam-instance-profile.arn", profileArn))))
        .reservations().forEach(r -> r.instances().forEach(i -> sharing.add(i.instanceId())));
    sharing.remove(run.target.instanceId());
    if (!sharing.isEmpty()) {
      lines.add("Instance profile " + profileArn + " is also used by " + sharing
          + "; only requests signed with this instance's credentials are denied.");
    }
  }

  private static TreeSet<String> groups(Run run, Map<String, List<String>> originalGroups) {
    TreeSet<String> groups = new TreeSet<>();
    if (originalGroups != null) {
      originalGroups.values().forEach(groups::addAll);
    } else {
      run.target.interfaces().forEach(eni -> groups.addAll(eni.groupIds()));
    }
    return groups;
  }

  private static void groupSharing(Run run, TreeSet<String> groups, List<String> lines) {
    if (groups.isEmpty()) {
      return;
    }
    TreeSet<String> sharing = attachedInstances(run, "group-id", groups);
    if (!sharing.isEmpty()) {
      lines.add("Security groups " + groups + " are also used by " + sharing
          + "; the groups themselves are not changed.");
    }
  }

  /** Network ACLs apply to every ENI in their subnets, so the deny cuts the neighbours off the address too. */
  private static void aclSharing(Run run, List<NetworkAcl> acls, String remoteAddress, List<String> lines) {
    for (NetworkAcl acl : acls) {
      TreeSet<String> subnets = new TreeSet<>();
      acl.associations().stream().map(NetworkAclAssociation::subnetId).forEach(subnets::add);
      if (subnets.isEmpty()) {
        continue;
      }
      TreeSet<String> sharing = attachedInstances(run, "subnet-id", subnets);
      if (!sharing.isEmpty()) {
        lines.add("Network ACL " + acl.networkAclId() + " of subnets " + subnets + " also denies "
            + remoteAddress + " to and from " + sharing + ".");
      }
    }
  }

  /** Returns the instances other than the target with an ENI matching {@code filter}. */
  private static TreeSet<String> attachedInstances(Run run, String filter, Collection<String> values) {
    TreeSet<String> instances = new TreeSet<>();
    run.read("DescribeNetworkInterfaces", String.join(",", values), () -> run.ec2.describeNetworkInterfaces(
            request -> request.filters(Ec2Lookups.filter(filter, values.toArray(String[]::new)))))
        .networkInterfaces().stream()
        .filter(eni -> eni.attachment() != null && eni.attachment().instanceId() != null)
        .forEach(eni -> instances.add(eni.attachment().instanceId()));
    instances.remove(run.target.instanceId());
    return instances;
  }
}
