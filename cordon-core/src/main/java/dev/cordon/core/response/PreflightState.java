package dev.cordon.core.response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Description the preflight took just before the operator confirmed. The steps on the way to
 * isolation use it in place of describing again, and reading it changes nothing in AWS.
 *
 * <p>NOTE: the operator may take minutes to confirm, and the steps trust this description for that
 * long. A change made meanwhile can make a call fail, which stops the run with its state report.
 * It can also go unseen: a new target registration, or the instance put back in its Auto Scaling
 * group, is not undone, and verify-isolation checks only the ENIs and network ACLs.
 *
 * @param groups untrack and quarantine groups of the instance's VPCs found by name; a name missing
 *     from the map had no group
 * @param attributes termination protection and shutdown behaviour, or null when the original
 *     state was already recorded and they were not read
 * @param lifecycleState the instance's state in its Auto Scaling group, or null when it is in none
 */
record PreflightState(Map<String, SecurityGroup> groups, Attributes attributes, String lifecycleState) {

  /**
   * Instance attributes that record-state keeps for release; each is null when the endpoint does
   * not implement DescribeInstanceAttribute.
   */
  record Attributes(String disableApiTermination, String shutdownBehavior) {}

  /**
   * Describes the groups, the Auto Scaling state given and, when {@code readAttributes}, the
   * instance attributes: one DescribeSecurityGroups call plus two DescribeInstanceAttribute calls.
   */
  static PreflightState describe(Run run, AutoScalingInstanceDetails autoScaling, boolean readAttributes) {
    Attributes attributes = readAttributes
        ? new Attributes(ProtectSteps.attribute(run, InstanceAttributeName.DISABLE_API_TERMINATION),
            ProtectSteps.attribute(run, InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR))
        : null;
    return new PreflightState(groups(run), attributes, autoScaling == null ? null : autoScaling.lifecycleState());
  }

  /** Returns whether the preflight found the VPC's untrack or quarantine group. */
  boolean hasGroup(String vpcId, boolean quarantine) {
    return groups.containsKey(IsolationSteps.groupName(vpcId, quarantine));
  }

  private static Map<String, SecurityGroup> groups(Run run) {
    List<String> vpcIds = run.target.vpcIds();
    List<String> names = new ArrayList<>();
    for (String vpcId : vpcIds) {
      names.add(IsolationSteps.groupName(vpcId, false));
      names.add(IsolationSteps.groupName(vpcId, true));
    }
    Map<String, SecurityGroup> found = new TreeMap<>();
    if (names.isEmpty()) {
      return found;
    }
    var described = run.read("DescribeSecurityGroups", String.join(",", names), () -> run.ec2.describeSecurityGroups(
        request -> request.filters(Ec2Lookups.filter("vpc-id", vpcIds.toArray(String[]::new)),
            Ec2Lookups.filter("group-name", names.toArray(String[]::new)))));
    for (SecurityGroup group : described.securityGroups()) {
      boolean named = group.groupName().equals(IsolationSteps.groupName(group.vpcId(), false))
          || group.groupName().equals(IsolationSteps.groupName(group.vpcId(), true));
      if (named) {
        found.put(group.groupName(), group);
      }
    }
    return found;
  }
}
