package dev.cordon.core.response;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * What ties the instance to running service: its Auto Scaling group, its target registrations and
 * its Elastic IPs. Read live before the first change and from the recorded original state after,
 * so a resumed run plans the same steps.
 *
 * @param autoScalingGroup group name, or null when the instance is in none
 * @param instanceProfileArn the instance's own profile, not the empty one contain puts in its place
 */
record Memberships(String autoScalingGroup, List<Registration> registrations, List<ElasticIp> elasticIps,
    String instanceProfileArn) {

  /** One registration of the instance in a target group; {@code port} is null for the group's default. */
  record Registration(String targetGroupArn, String targetId, Integer port) {}

  /** One Elastic IP associated with an ENI of the instance. */
  record ElasticIp(String allocationId, String associationId, String publicIp, String networkInterfaceId,
      String privateIpAddress) {}

  static Memberships live(Run run) {
    return live(run, autoScalingInstance(run, run.target.instanceId()));
  }

  /** Reads the memberships, taking the Auto Scaling group from {@code autoScaling} (null for none). */
  static Memberships live(Run run, AutoScalingInstanceDetails autoScaling) {
    String instanceId = run.target.instanceId();
    return new Memberships(autoScaling == null ? null : autoScaling.autoScalingGroupName(),
        registrations(run, instanceId), elasticIps(run, instanceId), run.target.instanceProfileArn());
  }

  static Memberships recorded(OriginalState original) {
    return new Memberships(original.autoScalingGroup(),
        original.targetRegistrations() == null ? List.of() : original.targetRegistrations(),
        original.elasticIps() == null ? List.of() : original.elasticIps(), original.instanceProfileArn());
  }

  /** Returns the instance's group and lifecycle state in it, or null when it is in none. */
  static AutoScalingInstanceDetails autoScalingInstance(Run run, String instanceId) {
    List<AutoScalingInstanceDetails> details = run.read("DescribeAutoScalingInstances", instanceId,
        () -> run.clients.autoScaling().describeAutoScalingInstances(request -> request.instanceIds(instanceId)))
        .autoScalingInstances();
    return details.isEmpty() ? null : details.get(0);
  }

  /** Returns the group the instance is in service or standby in, or null. */
  static String autoScalingGroup(Run run, String instanceId) {
    AutoScalingInstanceDetails details = autoScalingInstance(run, instanceId);
    return details == null ? null : details.autoScalingGroupName();
  }

  /** Returns the instance's lifecycle state in its group, or null when it is in none. */
  static String lifecycleState(Run run, String instanceId) {
    AutoScalingInstanceDetails details = autoScalingInstance(run, instanceId);
    return details == null ? null : details.lifecycleState();
  }

  /**
   * Returns the target groups that route to the instance, skipping draining and unused targets.
   * Only groups in the instance's VPCs can hold it, so only their health is described.
   */
  static List<Registration> registrations(Run run, String instanceId) {
    List<Registration> found = new ArrayList<>();
    List<TargetGroup> groups = new ArrayList<>();
    String marker = null;
    do {
      String pageMarker = marker;
      var page = run.read("DescribeTargetGroups", "*",
          () -> run.clients.elb().describeTargetGroups(request -> request.marker(pageMarker)));
      groups.addAll(page.targetGroups());
      marker = page.nextMarker();
    } while (marker != null);
    List<String> vpcIds = run.target.vpcIds();
    for (TargetGroup group : groups) {
      if (group.vpcId() != null && !vpcIds.contains(group.vpcId())) {
        continue;
      }
      List<TargetHealthDescription> health = run.read("DescribeTargetHealth", group.targetGroupArn(),
          () -> run.clients.elb().describeTargetHealth(request -> request.targetGroupArn(group.targetGroupArn())))
          .targetHealthDescriptions();
      for (TargetHealthDescription description : health) {
        TargetDescription target = description.target();
        TargetHealthStateEnum state = description.targetHealth() == null ? null : description.targetHealth().state();
        boolean routed = state != TargetHealthStateEnum.DRAINING && state != TargetHealthStateEnum.UNUSED;
        if (instanceId.equals(target.id()) && routed) {
          found.add(new Registration(group.targetGroupArn(), target.id(), target.port()));
        }
      }
    }
    return found;
  }

  static List<ElasticIp> elasticIps(Run run, String instanceId) {
    List<Address> addresses = run.read("DescribeAddresses", instanceId, () -> run.ec2.describeAddresses(
        request -> request.filters(Ec2Lookups.filter("instance-id", instanceId)))).addresses();
    return addresses.stream()
        .filter(address -> address.allocationId() != null && address.associationId() != null)
        .map(address -> new ElasticIp(address.allocationId(), address.associationId(), address.publicIp(),
            address.networkInterfaceId(), address.privateIpAddress()))
        .toList();
  }
}
