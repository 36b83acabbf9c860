package dev.cordon.core.response;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import dev.cordon.core.CordonException;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Steps of {@code release}: undo containment from the recorded original state and the journal.
 * Snapshots, evidence files and the reusable quarantine and untrack groups stay.
 */
final class RestoreSteps {
  /** Last step of every release plan. */
  static final String RELEASE_TAG_STEP = "release-tag";

  private RestoreSteps() {}

  /** Returns whether {@code steps} are a release plan, which ends with {@link #RELEASE_TAG_STEP}. */
  static boolean releases(List<Step> steps) {
    return steps.stream().anyMatch(step -> step.name().equals(RELEASE_TAG_STEP));
  }

  /**
   * Returns the steps in order; {@code reattach} adds putting the instance back in its Auto Scaling
   * group. Without {@code running}, target registration and reattachment are left out, because
   * both accept only a running instance.
   */
  static List<Step> all(OriginalState original, Journal journal, boolean reattach, boolean running) {
    List<Step> steps = new ArrayList<>();
    for (JournalEntry entry : Executor.latest(journal).values()) {
      if (entry.step().startsWith("deny-remote:") && entry.event() == JournalEntry.Event.DONE && entry.data() != null) {
        boolean egress = entry.step().endsWith(":egress");
        steps.add(new RemoveDeny(entry.resource(), egress, entry.data().get("cidr"),
            Integer.parseInt(entry.data().get("ruleNumber"))));
      }
    }
    original.securityGroups().forEach((eniId, groups) -> steps.add(new RestoreGroups(eniId, groups)));
    Map<String, JournalEntry> latest = Executor.latest(journal);
    if (original.elasticIps() != null) {
      original.elasticIps().stream()
          .filter(address -> completed(latest, "disassociate-address:" + address.allocationId()))
          .forEach(address -> steps.add(new ReassociateAddress(address)));
    }
    latest.values().stream()
        .filter(entry -> (entry.step().startsWith(CredentialSteps.DENY_STEP_PREFIX)
            || entry.step().startsWith(CredentialSteps.DENY_EXCEPT_AGENT_STEP_PREFIX)) && entry.completes())
        .findFirst()
        .ifPresent(entry -> steps.add(new RemoveRoleDeny(CredentialSteps.profileName(original.instanceProfileArn()))));
    if (original.instanceProfileArn() != null && latest.containsKey("replace-instance-profile")) {
      steps.add(new RestoreProfile(original.instanceProfileArn()));
    }
    if (running && registrationsToRestore(original, latest)) {
      steps.add(new RegisterTargets(original.targetRegistrations()));
    }
    String group = original.autoScalingGroup();
    if (running && reattach && group != null && completed(latest, "leave-auto-scaling-group:" + group)) {
      steps.add(new ReattachInstance(group));
    }
    steps.add(new RestoreVolumes(original.deleteOnTermination()));
    if (original.shutdownBehavior() != null) {
      steps.add(new RestoreAttribute(InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR, original.shutdownBehavior()));
    }
    if (original.disableApiTermination() != null) {
      steps.add(new RestoreAttribute(InstanceAttributeName.DISABLE_API_TERMINATION,
          String.valueOf(original.disableApiTermination())));
    }
    steps.addAll(MemorySteps.restore(latest));
    steps.add(new TagReleased());
    return steps;
  }

  /** Returns whether contain deregistered the instance from target groups that release puts it back in. */
  static boolean registrationsToRestore(OriginalState original, Map<String, JournalEntry> latest) {
    return original.targetRegistrations() != null && !original.targetRegistrations().isEmpty()
        && latest.containsKey("deregister-targets");
  }

  private static boolean completed(Map<String, JournalEntry> latest, String step) {
    return latest.containsKey(step) && latest.get(step).completes();
  }

  static final class RemoveDeny implements Step {
    private final String aclId;
    private final boolean egress;
    private final String cidr;
    private final int ruleNumber;

    RemoveDeny(String aclId, boolean egress, String cidr, int ruleNumber) {
      this.aclId = aclId;
      this.egress = egress;
      this.cidr = cidr;
      this.ruleNumber = ruleNumber;
    }

    @Override public String name() {
      return "release-deny:" + aclId + (egress ? ":egress" : ":ingress");
    }

    @Override public String resource() {
      return aclId;
    }

    @Override public String description() {
      return "Remove rule " + ruleNumber + " denying " + cidr + (egress ? " outbound" : " inbound") + " from " + aclId;
    }

    private boolean present(NetworkAclEntry entry) {
      return entry.egress() == egress && entry.ruleNumber() == ruleNumber
          && (cidr.equals(entry.cidrBlock()) || cidr.equals(entry.ipv6CidrBlock()));
    }

    @Override public boolean isDone(Run run) {
      return Ec2Lookups.networkAcl(run, aclId).entries().stream().noneMatch(this::present);
    }

    @Override public Map<String, String> apply(Run run) {
      run.change("DeleteNetworkAclEntry", aclId, () -> run.ec2.deleteNetworkAclEntry(
          request -> request.networkAclId(aclId).egress(egress).ruleNumber(ruleNumber)));
      return Map.of();
    }
  }

  /** Deletes the inline deny that contain put on the instance's role. */
  static final class RemoveRoleDeny implements Step {
    private final String profileName;

    RemoveRoleDeny(String profileName) {
      this.profileName = profileName;
    }

    @Override public String name() {
      return "release-role-deny:" + profileName;
    }

    @Override public String resource() {
      return profileName;
    }

    @Override public String description() {
      return "Delete the inline deny policy from the role of " + profileName;
    }

    @Override public boolean isDone(Run run) {
      String role = CredentialSteps.roleOf(run, profileName);
      return role == null || CredentialSteps.denyPolicy(run, name(), role) == null;
    }

    @Override public Map<String, String> apply(Run run) {
      String role = CredentialSteps.roleOf(run, profileName);
      String policy = CredentialSteps.policyName(run.target.instanceId());
      run.change("DeleteRolePolicy", role, () -> run.clients.iam().deleteRolePolicy(
          request -> request.roleName(role).policyName(policy)));
      return Map.of();
    }
  }

  /** Puts the original instance profile back on the instance. */
  static final class RestoreProfile extends InstanceStep {
    private final String profileArn;

    RestoreProfile(String profileArn) {
      this.profileArn = profileArn;
    }

    @Override public String name() {
      return "release-instance-profile";
    }

    @Override public String description() {
      return "Associate " + profileArn + " again";
    }

    @Override public boolean isDone(Run run) {
      var association = CredentialSteps.association(run);
      return association != null && association.iamInstanceProfile().arn().equals(profileArn);
    }

    @Override public Map<String, String> apply(Run run) {
      var association = CredentialSteps.association(run);
      if (association == null) {
        throw new dev.cordon.core.CordonException("Instance " + run.target.instanceId() + " has no instance profile"
            + " association to replace; associate " + profileArn + " with aws ec2 associate-iam-instance-profile.");
      }
      String replaced = CredentialSteps.replace(run, association.associationId(),
          CredentialSteps.profileName(profileArn));
      return Map.of("associationId", replaced);
    }
  }

  /** Registers the instance again with the target groups it was in. */
  static final class RegisterTargets extends InstanceStep {
    private final List<Memberships.Registration> registrations;

    RegisterTargets(List<Memberships.Registration> registrations) {
      this.registrations = registrations;
    }

    @Override public String name() {
      return "release-targets";
    }

    @Override public String description() {
      return "Register the instance again with " + registrations.size() + " target group(s)";
    }

    @Override public boolean isDone(Run run) {
      return new HashSet<>(Memberships.registrations(run, run.target.instanceId())).containsAll(registrations);
    }

    @Override public Map<String, String> apply(Run run) {
      List<Memberships.Registration> current = Memberships.registrations(run, run.target.instanceId());
      for (Memberships.Registration registration : registrations) {
        if (!current.contains(registration)) {
          run.change("RegisterTargets", registration.targetGroupArn(), () -> run.clients.elb().registerTargets(
              request -> request.targetGroupArn(registration.targetGroupArn())
                  .targets(ServiceSteps.target(registration))));
        }
      }
      return Map.of();
    }
  }

  static final class RestoreGroups implements Step {
    private final String eniId;
    private final List<String> groups;

    RestoreGroups(String eniId, List<String> groups) {
      this.eniId = eniId;
      this.groups = groups;
    }

    @Override public String name() {
      return "release-eni:" + eniId;
    }

    @Override public String resource() {
      return eniId;
    }

    @Override public String description() {
      return "Put " + eniId + " back on " + groups;
    }

    @Override public boolean isDone(Run run) {
      List<String> current = Ec2Lookups.networkInterface(run, eniId).groups().stream().map(g -> g.groupId()).toList();
      return new HashSet<>(current).equals(new HashSet<>(groups));
    }

    @Override public Map<String, String> apply(Run run) {
      run.change("ModifyNetworkInterfaceAttribute", eniId, () -> run.ec2.modifyNetworkInterfaceAttribute(
          request -> request.networkInterfaceId(eniId).groups(groups)));
      return Map.of();
    }
  }

  /**
   * Associates an Elastic IP again with the ENI and private address it had. AllowReassociation is
   * off, so an address the operator has moved since is left where it is and the step fails.
   */
  static final class ReassociateAddress implements Step {
    private final Memberships.ElasticIp address;

    ReassociateAddress(Memberships.ElasticIp address) {
      this.address = address;
    }

    @Override public String name() {
      return "release-address:" + address.allocationId();
    }

    @Override public String resource() {
      return address.allocationId();
    }

    @Override public String description() {
      return "Associate Elastic IP " + address.publicIp() + " again with " + address.networkInterfaceId()
          + " (" + address.privateIpAddress() + ")";
    }

    private Address current(Run run) {
      return run.read("DescribeAddresses", address.allocationId(), () -> run.ec2.describeAddresses(
          request -> request.allocationIds(address.allocationId()))).addresses().get(0);
    }

    private boolean associatedAsRecorded(Address current) {
      return address.networkInterfaceId().equals(current.networkInterfaceId())
          && Objects.equals(address.privateIpAddress(), current.privateIpAddress());
    }

    @Override public boolean isDone(Run run) {
      return associatedAsRecorded(current(run));
    }

    @Override public Map<String, String> apply(Run run) {
      Address current = current(run);
      if (current.associationId() != null && !associatedAsRecorded(current)) {
        throw new CordonException("Elastic IP " + address.publicIp() + " is now associated with "
            + current.networkInterfaceId() + " (association " + current.associationId() + "), so release left it"
            + " there. Move it with aws ec2 associate-address --allocation-id " + address.allocationId()
            + " --network-interface-id " + address.networkInterfaceId() + " --allow-reassociation if it belongs"
            + " to the instance, then run release again.");
      }
      String associationId = run.change("AssociateAddress", address.allocationId(), () -> run.ec2.associateAddress(
          request -> request.allocationId(address.allocationId())
              .networkInterfaceId(address.networkInterfaceId())
              .privateIpAddress(address.privateIpAddress())
              .allowReassociation(false))).associationId();
      return associationId == null ? Map.of() : Map.of("associationId", associationId);
    }
  }

  /**
   * Puts the instance back in its Auto Scaling group: AttachInstances after a detach, ExitStandby
   * after Standby. Both raise the desired capacity by one, as the replacement keeps serving.
   */
  static final class ReattachInstance implements Step {
    private final String group;

    ReattachInstance(String group) {
      this.group = group;
    }

    @Override public String name() {
      return "release-auto-scaling-group:" + group;
    }

    @Override public String resource() {
      return group;
    }

    @Override public String description() {
      return "Put the instance back in service in Auto Scaling group " + group + " (desired capacity +1)";
    }

    @Override public boolean isDone(Run run) {
      String state = Memberships.lifecycleState(run, run.target.instanceId());
      return state != null && !state.startsWith("Standby") && !state.startsWith("Detach")
          && group.equals(Memberships.autoScalingGroup(run, run.target.instanceId()));
    }

    @Override public Map<String, String> apply(Run run) {
      String id = run.target.instanceId();
      String state = Memberships.lifecycleState(run, id);
      if (state != null && state.startsWith("Standby")) {
        run.change("ExitStandby", group, () -> run.clients.autoScaling().exitStandby(
            request -> request.autoScalingGroupName(group).instanceIds(id)));
      } else {
        run.change("AttachInstances", group, () -> run.clients.autoScaling().attachInstances(
            request -> request.autoScalingGroupName(group).instanceIds(id)));
      }
      return Map.of();
    }
  }

  static final class RestoreVolumes extends InstanceStep {
    private final Map<String, Boolean> deleteOnTermination;

    RestoreVolumes(Map<String, Boolean> deleteOnTermination) {
      this.deleteOnTermination = deleteOnTermination;
    }

    @Override public String name() {
      return "release-volumes";
    }

    @Override public String description() {
      return "Restore DeleteOnTermination " + deleteOnTermination;
    }

    @Override public boolean isDone(Run run) {
      return changes(run).isEmpty();
    }

    private Map<String, Boolean> changes(Run run) {
      Map<String, Boolean> changes = new LinkedHashMap<>();
      for (Target.Disk disk : Target.of(Ec2Lookups.instance(run, run.target.instanceId())).volumes()) {
        Boolean wanted = deleteOnTermination.get(disk.device());
        if (wanted != null && wanted != disk.deleteOnTermination()) {
          changes.put(disk.device(), wanted);
        }
      }
      return changes;
    }

    @Override public Map<String, String> apply(Run run) {
      return ProtectSteps.setDeleteOnTermination(run, changes(run));
    }
  }

  static final class RestoreAttribute extends InstanceStep {
    private final InstanceAttributeName attribute;
    private final String value;

    RestoreAttribute(InstanceAttributeName attribute, String value) {
      this.attribute = attribute;
      this.value = value;
    }

    @Override public String name() {
      return "release-" + attribute;
    }

    @Override public String description() {
      return "Restore " + attribute + " to " + value;
    }

    @Override public boolean isDone(Run run) {
      return value.equals(ProtectSteps.attribute(run, attribute));
    }

    @Override public Map<String, String> apply(Run run) {
      String id = run.target.instanceId();
      run.change("ModifyInstanceAttribute", id, () -> run.ec2.modifyInstanceAttribute(request -> {
        request.instanceId(id);
        if (attribute == InstanceAttributeName.DISABLE_API_TERMINATION) {
          request.disableApiTermination(v -> v.value(Boolean.valueOf(value)));
        } else {
          request.instanceInitiatedShutdownBehavior(v -> v.value(value));
        }
      }));
      return Map.of();
    }
  }

  static final class TagReleased extends InstanceStep {
    @Override public String name() {
      return RELEASE_TAG_STEP;
    }

    @Override public String description() {
      return "Tag the instance " + ProtectSteps.RELEASED_AT;
    }

    /** Done when the release tag is newer than the contain tag, as after an earlier release it is not. */
    @Override public boolean isDone(Run run) {
      return PriorContainment.releasedSince(Target.of(Ec2Lookups.instance(run, run.target.instanceId())));
    }

    @Override public Map<String, String> apply(Run run) {
      String id = run.target.instanceId();
      Tag tag = ProtectSteps.tag(ProtectSteps.RELEASED_AT, run.clock.instant().toString());
      run.change("CreateTags", id, () -> run.ec2.createTags(request -> request.resources(id).tags(tag)));
      return Map.of();
    }
  }
}
