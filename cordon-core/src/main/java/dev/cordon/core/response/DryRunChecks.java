package dev.cordon.core.response;

import dev.cordon.core.aws.AwsException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.RuleAction;

/**
 * Checks with DryRun that the caller may make every EC2 change of the plan, so a missing
 * permission stops the run before the first change rather than halfway through.
 *
 * <p>Changes to groups that do not exist yet (Authorize/Revoke on a new quarantine group) cannot
 * be dry-run; CreateSecurityGroup is checked in their place.
 */
final class DryRunChecks {
  private DryRunChecks() {}

  static void requirePermissions(Run run, List<NetworkAcl> acls, PreflightState preflight) {
    Target target = run.target;
    String id = target.instanceId();
    List<String> denied = new ArrayList<>();

    check(denied, "ec2:ModifyInstanceAttribute", Containment.dryRun(run, "ModifyInstanceAttribute", id,
        () -> run.ec2.modifyInstanceAttribute(r -> r.dryRun(true).instanceId(id).disableApiTermination(v -> v.value(true)))));
    check(denied, "ec2:CreateTags", Containment.dryRun(run, "CreateTags", id,
        () -> run.ec2.createTags(r -> r.dryRun(true).resources(id).tags(ProtectSteps.tag(ProtectSteps.INCIDENT_TAG, run.incidentId)))));

    for (String vpcId : target.vpcIds()) {
      for (boolean quarantine : new boolean[] {true, false}) {
        if (!preflight.hasGroup(vpcId, quarantine)) {
          String name = IsolationSteps.groupName(vpcId, quarantine);
          check(denied, "ec2:CreateSecurityGroup", Containment.dryRun(run, "CreateSecurityGroup", vpcId,
              () -> run.ec2.createSecurityGroup(r -> r.dryRun(true).vpcId(vpcId).groupName(name).description("Cordon"))));
          break;
        }
      }
    }

    for (Target.Eni eni : target.interfaces()) {
      check(denied, "ec2:ModifyNetworkInterfaceAttribute", Containment.dryRun(run, "ModifyNetworkInterfaceAttribute",
          eni.networkInterfaceId(), () -> run.ec2.modifyNetworkInterfaceAttribute(
              r -> r.dryRun(true).networkInterfaceId(eni.networkInterfaceId()).groups(eni.groupIds()))));
    }

    for (Memberships.ElasticIp address : Memberships.elasticIps(run, id)) {
      check(denied, "ec2:DisassociateAddress", Containment.dryRun(run, "DisassociateAddress", address.allocationId(),
          () -> run.ec2.disassociateAddress(r -> r.dryRun(true).associationId(address.associationId()))));
    }

    String remote = run.request.remoteAddress();
    if (remote != null && !remote.contains(":")) {
      for (NetworkAcl acl : acls) {
        int rule = freeIngressRule(acl);
        check(denied, "ec2:CreateNetworkAclEntry", Containment.dryRun(run, "CreateNetworkAclEntry", acl.networkAclId(),
            () -> run.ec2.createNetworkAclEntry(r -> r.dryRun(true).networkAclId(acl.networkAclId()).ruleNumber(rule)
                .egress(false).protocol("-1").ruleAction(RuleAction.DENY).cidrBlock(remote + "/32"))));
      }
    }

    check(denied, "ec2:CreateSnapshots", Containment.dryRun(run, "CreateSnapshots", id,
        () -> run.ec2.createSnapshots(r -> r.dryRun(true).instanceSpecification(s -> s.instanceId(id)))));
    if (run.request.stop()) {
      check(denied, "ec2:StopInstances", Containment.dryRun(run, "StopInstances", id,
          () -> run.ec2.stopInstances(r -> r.dryRun(true).instanceIds(id))));
    }

    if (!denied.isEmpty()) {
      throw new AwsException("Permission check failed before any change: DryRun shows " + String.join(", ", denied)
          + " denied for " + run.operator + ". Nothing was changed. Grant the actions (see docs/iam-policy.md)"
          + " and run again.", "preflight", id, "UnauthorizedOperation", null, null);
    }
  }

  /** Returns an unused inbound rule number, so the dry run cannot fail with NetworkAclEntryAlreadyExists. */
  private static int freeIngressRule(NetworkAcl acl) {
    java.util.Set<Integer> used = new java.util.HashSet<>();
    acl.entries().stream().filter(e -> !e.egress()).forEach(e -> used.add(e.ruleNumber()));
    int rule = IsolationSteps.FIRST_RULE;
    while (used.contains(rule)) {
      rule++;
    }
    return rule;
  }

  private static void check(List<String> denied, String action, String result) {
    if (result != null && !denied.contains(action)) {
      denied.add(action);
    }
  }
}
