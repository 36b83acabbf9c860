package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Amazon EC2 Auto Scaling over the query protocol (API 2011-01-01): describing groups and
 * instances, attaching and detaching instances and moving them in and out of standby.
 *
 * <p>What matters to containment is modelled: an instance detached or put on standby without
 * decrementing the desired capacity gets a replacement, launched at once from the group's
 * template, running and registered with the group's target groups; the instance that left is
 * deregistered from them and drains.
 */
final class AutoScalingService extends QueryProtocolService {
  static final String NAMESPACE = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

  /** Tag Auto Scaling puts on every instance it launches. */
  static final String GROUP_TAG = "aws:autoscaling:groupName";

  /** Maximum number of instance ids one call accepts. */
  private static final int MAX_INSTANCE_IDS = 50;

  AutoScalingService() {
    super("autoscaling", NAMESPACE, "2011-01-01");
    register("DescribeAutoScalingGroups", AutoScalingService::describeGroups);
    register("DescribeAutoScalingInstances", AutoScalingService::describeInstances);
    register("AttachInstances", AutoScalingService::attachInstances);
    register("DetachInstances", AutoScalingService::detachInstances);
    register("EnterStandby", AutoScalingService::enterStandby);
    register("ExitStandby", AutoScalingService::exitStandby);
  }

  private static String describeGroups(QueryCall call) {
    List<String> names = call.params.list("AutoScalingGroupNames.member");
    List<AutoScalingGroup> selected =
        call.state.autoScalingGroups.stream()
            .filter(g -> names.isEmpty() || names.contains(g.autoScalingGroupName))
            .toList();
    Pages.Page<AutoScalingGroup> page = Pages.page(selected, call.params, "MaxRecords", "NextToken", 1, 100, 50);

    Xml xml = call.result();
    xml.start("AutoScalingGroups");
    page.items().forEach(group -> group(xml, call.state, group));
    xml.end();
    xml.text("NextToken", page.nextToken());
    return call.finish(xml);
  }

  private static void group(Xml xml, AccountState state, AutoScalingGroup group) {
    xml.start("member")
        .text("AutoScalingGroupName", group.autoScalingGroupName)
        .text("AutoScalingGroupARN", group.autoScalingGroupArn);
    launchTemplate(xml, group);
    xml.text("MinSize", group.minSize)
        .text("MaxSize", group.maxSize)
        .text("DesiredCapacity", group.desiredCapacity)
        .text("DefaultCooldown", group.defaultCooldown);

    xml.start("AvailabilityZones");
    group.availabilityZones.forEach(zone -> xml.text("member", zone));
    xml.end();
    xml.start("LoadBalancerNames").end();
    xml.start("TargetGroupARNs");
    group.targetGroupArns.forEach(arn -> xml.text("member", arn));
    xml.end();
    xml.text("HealthCheckType", group.healthCheckType)
        .text("HealthCheckGracePeriod", group.healthCheckGracePeriod);

    xml.start("Instances");
    for (AutoScalingGroup.Member member : group.instances) {
      xml.start("member")
          .text("InstanceId", member.instanceId)
          .text("InstanceType", state.instance(member.instanceId).map(i -> i.instanceType).orElse(null))
          .text("AvailabilityZone", member.availabilityZone)
          .text("LifecycleState", member.lifecycleState)
          .text("HealthStatus", member.healthStatus);
      launchTemplate(xml, group);
      xml.text("ProtectedFromScaleIn", member.protectedFromScaleIn).end();
    }
    xml.end();

    xml.text("CreatedTime", group.createdTime);
    xml.start("SuspendedProcesses").end();
    xml.text("VPCZoneIdentifier", String.join(",", group.subnetIds));
    xml.start("EnabledMetrics").end();

    xml.start("Tags");
    for (Map.Entry<String, String> tag : group.tags.entrySet()) {
      xml.start("member")
          .text("ResourceId", group.autoScalingGroupName)
          .text("ResourceType", "auto-scaling-group")
          .text("Key", tag.getKey())
          .text("Value", tag.getValue())
          .text("PropagateAtLaunch", true)
          .end();
    }
    xml.end();

    xml.start("TerminationPolicies").text("member", "Default").end();
    xml.text("NewInstancesProtectedFromScaleIn", false)
        .text(
            "ServiceLinkedRoleARN",
            "arn:aws:iam::" + state.accountId + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling")
        .end();
  }

  private static void launchTemplate(Xml xml, AutoScalingGroup group) {
    LaunchSpec template = group.launchTemplate;
    if (template.launchTemplateId == null) {
      return;
    }
    xml.start("LaunchTemplate")
        .text("LaunchTemplateId", template.launchTemplateId)
        .text("LaunchTemplateName", template.launchTemplateName)
        .text("Version", template.version)
        .end();
  }

  /** Lists the group membership of the given instances; ids of no group are left out, as AWS does. */
  private static String describeInstances(QueryCall call) {
    List<String> ids = call.params.list("InstanceIds.member");
    if (ids.size() > MAX_INSTANCE_IDS) {
      throw validation("The number of instance ids that may be passed in is limited to " + MAX_INSTANCE_IDS + ".");
    }
    List<Map.Entry<AutoScalingGroup, AutoScalingGroup.Member>> found = new ArrayList<>();
    for (AutoScalingGroup group : call.state.autoScalingGroups) {
      for (AutoScalingGroup.Member member : group.instances) {
        if (ids.isEmpty() || ids.contains(member.instanceId)) {
          found.add(Map.entry(group, member));
        }
      }
    }
    Pages.Page<Map.Entry<AutoScalingGroup, AutoScalingGroup.Member>> page =
        Pages.page(found, call.params, "MaxRecords", "NextToken", 1, 50, 50);

    Xml xml = call.result();
    xml.start("AutoScalingInstances");
    for (Map.Entry<AutoScalingGroup, AutoScalingGroup.Member> entry : page.items()) {
      AutoScalingGroup group = entry.getKey();
      AutoScalingGroup.Member member = entry.getValue();
      xml.start("member")
          .text("InstanceId", member.instanceId)
          .text("InstanceType", call.state.instance(member.instanceId).map(i -> i.instanceType).orElse(null))
          .text("AutoScalingGroupName", group.autoScalingGroupName)
          .text("AvailabilityZone", member.availabilityZone)
          .text("LifecycleState", member.lifecycleState)
          // DescribeAutoScalingInstances reports health in capitals, unlike DescribeAutoScalingGroups.
          .text("HealthStatus", member.healthStatus.toUpperCase(java.util.Locale.ROOT));
      launchTemplate(xml, group);
      xml.text("ProtectedFromScaleIn", member.protectedFromScaleIn).end();
    }
    xml.end();
    xml.text("NextToken", page.nextToken());
    return call.finish(xml);
  }

  /**
   * Removes instances from the group. They keep running, lose the group tag and leave the group's
   * target groups. Without decrementing, the group launches one replacement per instance.
   */
  private static String detachInstances(QueryCall call) {
    return takeOutOfService(
        call, null, "Detaching EC2 instance: ", "were detached",
        (group, member) -> {
          group.instances.remove(member);
          call.state.instance(member.instanceId).ifPresent(instance -> instance.tags.remove(GROUP_TAG));
        });
  }

  /**
   * Adds running instances to the group, InService and registered with its target groups. The
   * desired capacity grows by their number, so the group launches nothing and terminates nothing.
   * The response carries no result, as in AWS.
   */
  private static String attachInstances(QueryCall call) {
    AutoScalingGroup group = requireGroup(call);
    List<String> ids = call.params.list("InstanceIds.member");
    if (ids.isEmpty() || ids.size() > MAX_INSTANCE_IDS) {
      throw validation("The parameter InstanceIds must name 1 to " + MAX_INSTANCE_IDS + " instances.");
    }
    List<Instance> instances = new ArrayList<>();
    for (String id : ids) {
      Instance instance = call.state.instance(id)
          .orElseThrow(() -> validation("Instance " + id + " is not in a valid state: it does not exist."));
      if (!instance.state.equals("running")) {
        throw validation("Instance " + id + " is not in a valid state (" + instance.state + ") to be attached.");
      }
      boolean member = call.state.autoScalingGroups.stream()
          .anyMatch(other -> other.instances.stream().anyMatch(m -> m.instanceId.equals(id)));
      if (member) {
        throw validation("The instance " + id + " is already part of an Auto Scaling group.");
      }
      instances.add(instance);
    }
    int desired = group.desiredCapacity + instances.size();
    if (desired > group.maxSize) {
      throw validation("Attaching " + instances.size() + " instance(s) would raise the desired capacity of "
          + group.autoScalingGroupName + " to " + desired + ", above its max size " + group.maxSize + ".");
    }

    for (Instance instance : instances) {
      AutoScalingGroup.Member member = new AutoScalingGroup.Member();
      member.instanceId = instance.instanceId;
      member.availabilityZone = instance.availabilityZone;
      group.instances.add(member);
      instance.tags.put(GROUP_TAG, group.autoScalingGroupName);
      group.targetGroupArns.forEach(
          arn -> call.state.targetGroup(arn).ifPresent(tg -> Elbv2Service.register(tg, instance.instanceId, tg.port)));
    }
    group.desiredCapacity = desired;
    return call.finish(call.result());
  }

  /**
   * Moves InService instances to Standby: still in the group, out of its target groups. Without
   * decrementing, a replacement is launched and the desired capacity rises by one on exit.
   */
  private static String enterStandby(QueryCall call) {
    return takeOutOfService(
        call, "InService", "Moving EC2 instance to Standby: ", "were moved to standby",
        (group, member) -> member.lifecycleState = "Standby");
  }

  /**
   * Runs {@code change} on each requested member in {@code requiredState} (any state when null)
   * and takes it out of the group's target groups. With ShouldDecrementDesiredCapacity the desired
   * capacity drops by their number, otherwise one replacement launches per member.
   */
  private static String takeOutOfService(
      QueryCall call, String requiredState, String activityPrefix, String outcome,
      BiConsumer<AutoScalingGroup, AutoScalingGroup.Member> change) {
    AutoScalingGroup group = requireGroup(call);
    boolean decrement = requireDecrementFlag(call.params);
    List<AutoScalingGroup.Member> members = requireMembers(call, group, requiredState);
    if (decrement) {
      requireCapacity(group, group.desiredCapacity - members.size());
    }

    List<String> activities = new ArrayList<>();
    for (AutoScalingGroup.Member member : members) {
      change.accept(group, member);
      leaveTargetGroups(call.state, group, member.instanceId);
      activities.add(activityPrefix + member.instanceId);
    }
    if (decrement) {
      group.desiredCapacity -= members.size();
    } else {
      members.forEach(member -> activities.add("Launching a new EC2 instance: " + launchReplacement(call.state, group)));
    }
    return activities(call, group, activities, "At " + call.state.clockNow() + " instances " + outcome + " by the user.");
  }

  /** Returns Standby instances to service; the desired capacity grows by their number. */
  private static String exitStandby(QueryCall call) {
    AutoScalingGroup group = requireGroup(call);
    List<AutoScalingGroup.Member> members = requireMembers(call, group, "Standby");
    int desired = group.desiredCapacity + members.size();
    if (desired > group.maxSize) {
      throw validation(
          "Exiting standby would raise the desired capacity of " + group.autoScalingGroupName + " to " + desired
              + ", above its max size " + group.maxSize + ".");
    }
    List<String> activities = new ArrayList<>();
    for (AutoScalingGroup.Member member : members) {
      member.lifecycleState = "InService";
      group.targetGroupArns.forEach(
          arn -> call.state.targetGroup(arn).ifPresent(tg -> Elbv2Service.register(tg, member.instanceId, tg.port)));
      activities.add("Moving EC2 instance out of Standby: " + member.instanceId);
    }
    group.desiredCapacity = desired;
    return activities(call, group, activities, "At " + call.state.clockNow() + " instances were taken out of standby by the user.");
  }

  /** Launches a running instance from the group's template into the group and its target groups. */
  private static String launchReplacement(AccountState state, AutoScalingGroup group) {
    LaunchSpec spec = group.launchTemplate;
    if (spec.subnetId == null && !group.subnetIds.isEmpty()) {
      spec.subnetId = group.subnetIds.get(0);
    }
    Instance instance = Ec2Launches.launch(state, spec, state.nextId("r"));
    instance.state = "running";
    instance.tags.putAll(group.tags);
    instance.tags.put(GROUP_TAG, group.autoScalingGroupName);

    AutoScalingGroup.Member member = new AutoScalingGroup.Member();
    member.instanceId = instance.instanceId;
    member.availabilityZone = instance.availabilityZone;
    group.instances.add(member);
    group.targetGroupArns.forEach(
        arn -> state.targetGroup(arn).ifPresent(tg -> Elbv2Service.register(tg, instance.instanceId, tg.port)));
    return instance.instanceId;
  }

  private static void leaveTargetGroups(AccountState state, AutoScalingGroup group, String instanceId) {
    group.targetGroupArns.forEach(
        arn -> state.targetGroup(arn).ifPresent(tg -> Elbv2Service.deregister(tg, instanceId, null)));
  }

  private static String activities(QueryCall call, AutoScalingGroup group, List<String> descriptions, String cause) {
    Xml xml = call.result();
    xml.start("Activities");
    for (String description : descriptions) {
      xml.start("member")
          .text("ActivityId", UUID.randomUUID().toString())
          .text("AutoScalingGroupName", group.autoScalingGroupName)
          .text("Description", description)
          .text("Cause", cause)
          .text("StartTime", call.state.clockNow().toString())
          .text("StatusCode", "InProgress")
          .text("Progress", 50)
          .text("Details", "{\"Subnet ID\":\"" + String.join(",", group.subnetIds) + "\"}")
          .end();
    }
    xml.end();
    return call.finish(xml);
  }

  private static AutoScalingGroup requireGroup(QueryCall call) {
    String name = call.params.require("AutoScalingGroupName");
    return call.state.autoScalingGroup(name)
        .orElseThrow(() -> validation("AutoScalingGroup name not found - AutoScalingGroup '" + name + "' not found"));
  }

  private static boolean requireDecrementFlag(QueryParams params) {
    Boolean decrement = params.bool("ShouldDecrementDesiredCapacity");
    if (decrement == null) {
      throw validation("1 validation error detected: Value null at 'shouldDecrementDesiredCapacity' failed to satisfy constraint: Member must not be null");
    }
    return decrement;
  }

  /** Returns the members the request names, each required to be in the group and, if given, in {@code lifecycle}. */
  private static List<AutoScalingGroup.Member> requireMembers(QueryCall call, AutoScalingGroup group, String lifecycle) {
    List<String> ids = call.params.list("InstanceIds.member");
    if (ids.isEmpty()) {
      throw validation("The parameter InstanceIds must name at least one instance.");
    }
    if (ids.size() > MAX_INSTANCE_IDS) {
      throw validation("The number of instance ids that may be passed in is limited to " + MAX_INSTANCE_IDS + ".");
    }
    List<AutoScalingGroup.Member> members = new ArrayList<>();
    for (String id : ids) {
      AutoScalingGroup.Member member =
          group.instances.stream()
              .filter(m -> m.instanceId.equals(id))
              .findFirst()
              .orElseThrow(
                  () -> validation("The instance " + id + " is not part of Auto Scaling group " + group.autoScalingGroupName + "."));
      if (lifecycle != null && !member.lifecycleState.equals(lifecycle)) {
        throw validation("The instance " + id + " is not in " + lifecycle + ".");
      }
      members.add(member);
    }
    return members;
  }

  private static void requireCapacity(AutoScalingGroup group, int desired) {
    if (desired < group.minSize) {
      throw validation(
          "Currently, desiredCapacity is " + group.desiredCapacity + " and minSize is " + group.minSize
              + ". Decrementing by " + (group.desiredCapacity - desired) + " would violate the min size constraint.");
    }
  }

  private static AwsError validation(String message) {
    return AwsError.badRequest("ValidationError", message);
  }
}
