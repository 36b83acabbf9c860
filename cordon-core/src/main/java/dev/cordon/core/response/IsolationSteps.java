package dev.cordon.core.response;

import dev.cordon.core.CordonException;
import dev.cordon.core.aws.AwsException;
import dev.cordon.core.aws.AwsStateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RuleAction;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps that cut the instance off: per-VPC groups, then every ENI moved first to the untrack group
 * and then to the quarantine group, then a network ACL deny of the finding's remote address.
 *
 * <p>Moving to a group that allows all traffic both ways first makes EC2 stop tracking the open
 * connections; the move to the empty quarantine group then cuts them. A direct move would leave
 * tracked connections, such as an attacker's shell, open. ICMP and flows through a NAT gateway or
 * Network Load Balancer stay tracked whatever the groups, which is why the NACL deny follows.
 */
final class IsolationSteps {
  private static final Logger log = LoggerFactory.getLogger(IsolationSteps.class);

  static final String QUARANTINE_PREFIX = "cordon-quarantine-";
  static final String UNTRACK_PREFIX = "cordon-untrack-";
  static final String ROLE_TAG = "cordon:role";

  /**
   * Rule numbers Cordon uses in network ACLs, below the 100 that most ACLs start their own rules
   * at, so a deny here is evaluated first. Eradication uses the same band.
   */
  static final int FIRST_RULE = 1;
  static final int LAST_RULE = 99;

  private static final String ANYWHERE = "0.0.0.0/0";

  private IsolationSteps() {}

  /** Returns the steps that ensure each VPC's untrack and quarantine groups. */
  static List<Step> groups(Target target, PreflightState preflight) {
    List<Step> steps = new ArrayList<>();
    for (String vpcId : target.vpcIds()) {
      steps.add(new EnsureGroup(vpcId, false, preflight.hasGroup(vpcId, false)));
      steps.add(new EnsureGroup(vpcId, true, preflight.hasGroup(vpcId, true)));
    }
    return steps;
  }

  /** Returns the steps after the ENI moves: Elastic IPs, network ACL denies and the final check. */
  static List<Step> afterMoves(List<Memberships.ElasticIp> elasticIps, String remoteAddress, List<NetworkAcl> acls) {
    List<Step> steps = new ArrayList<>();
    for (Memberships.ElasticIp address : elasticIps) {
      steps.add(new DisassociateAddress(address));
    }
    if (remoteAddress != null) {
      for (NetworkAcl acl : acls) {
        steps.add(new DenyRemote(acl.networkAclId(), false, remoteAddress));
        steps.add(new DenyRemote(acl.networkAclId(), true, remoteAddress));
      }
    }
    steps.add(new VerifyIsolation(remoteAddress, acls.stream().map(NetworkAcl::networkAclId).toList()));
    return steps;
  }

  static String groupName(String vpcId, boolean quarantine) {
    return (quarantine ? QUARANTINE_PREFIX : UNTRACK_PREFIX) + vpcId;
  }

  static IpPermission allTraffic() {
    return IpPermission.builder().ipProtocol("-1").ipRanges(IpRange.builder().cidrIp(ANYWHERE).build()).build();
  }

  private static boolean allowsAll(List<IpPermission> permissions) {
    return permissions.stream().anyMatch(permission -> permission.ipProtocol().equals("-1")
        && permission.ipRanges().stream().anyMatch(range -> ANYWHERE.equals(range.cidrIp())));
  }

  /** Describe attempts for a group an earlier step created, which EC2 may not list at once. */
  private static final int GROUP_LOOKUPS = 4;

  /**
   * Returns the ID of the VPC's untrack or quarantine group: from the journal entry of the step
   * that ensured it, else by name. EC2 is eventually consistent, so a group created moments ago
   * may be missing from DescribeSecurityGroups; the look-up by name retries with backoff.
   */
  static String groupId(Run run, String vpcId, boolean quarantine) {
    JournalEntry ensured = Executor.latest(run.journal).get(EnsureGroup.name(vpcId, quarantine));
    if (ensured != null && ensured.data() != null && ensured.data().containsKey("groupId")) {
      return ensured.data().get("groupId");
    }
    return lookUpWithRetries(run, vpcId, groupName(vpcId, quarantine)).map(SecurityGroup::groupId)
        .orElseThrow(() -> new CordonException("Security group " + groupName(vpcId, quarantine) + " not found in "
            + vpcId + " although an earlier step ensured it; it may have been deleted. Run contain again to"
            + " recreate it."));
  }

  /**
   * Describes the group named {@code name} in {@code vpcId}, retrying with backoff because a group
   * created moments ago may be missing from DescribeSecurityGroups.
   */
  private static Optional<SecurityGroup> lookUpWithRetries(Run run, String vpcId, String name) {
    java.time.Duration pause = java.time.Duration.ofSeconds(1);
    for (int attempt = 1; attempt <= GROUP_LOOKUPS; attempt++) {
      Optional<SecurityGroup> group = Ec2Lookups.group(run, vpcId, name);
      if (group.isPresent()) {
        return group;
      }
      if (attempt < GROUP_LOOKUPS) {
        sleep(run, pause);
        pause = pause.multipliedBy(2);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the group named {@code name} that another run created in {@code vpcId} after this run
   * found none there, which made CreateSecurityGroup fail with {@value EnsureGroup#DUPLICATE}. The
   * caller then checks its rules as it checks any existing group.
   *
   * @throws AwsException {@code failure} itself when its error code is another
   * @throws AwsStateException when no group of that name is listed in the VPC
   */
  static SecurityGroup createdByOtherRun(Run run, String vpcId, String name, AwsException failure) {
    if (!EnsureGroup.DUPLICATE.equals(failure.errorCode())) {
      throw failure;
    }
    log.info("CreateSecurityGroup of {} in {} returned {} because another run created it, so this run checks"
        + " and uses that group", name, vpcId, EnsureGroup.DUPLICATE);
    return lookUpWithRetries(run, vpcId, name).orElseThrow(() -> new AwsStateException("CreateSecurityGroup of "
        + name + " in " + vpcId + " returned " + EnsureGroup.DUPLICATE + ", but no group of that name is listed in "
        + vpcId + ". Run contain again."));
  }

  private static void sleep(Run run, java.time.Duration pause) {
    try {
      run.sleeper.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CordonException("Interrupted while waiting for a security group; run contain again to resume.");
    }
  }

  /**
   * Creates the VPC's quarantine group (no rules at all) or untrack group (all traffic both ways),
   * or brings an existing one back to that shape, so every incident in the VPC reuses it. A group
   * the preflight did not find is created without describing it again. A group it found is
   * described again before its rules are checked, because the operator may have taken minutes to
   * confirm. When another contain in the same VPC creates the group first, CreateSecurityGroup
   * fails with {@value #DUPLICATE}, and the group it created is used and checked as an existing one.
   */
  static final class EnsureGroup implements Step {
    /** Error code of CreateSecurityGroup when the VPC already has a group of that name. */
    static final String DUPLICATE = "InvalidGroup.Duplicate";

    @Override public boolean repeatable() {
      return true;
    }

    @Override public boolean recheckedOnRerun() {
      return true;
    }

    private final String vpcId;
    private final boolean quarantine;
    private final boolean foundInPreflight;
    private String foundId;

    EnsureGroup(String vpcId, boolean quarantine, boolean foundInPreflight) {
      this.vpcId = vpcId;
      this.quarantine = quarantine;
      this.foundInPreflight = foundInPreflight;
    }

    static String name(String vpcId, boolean quarantine) {
      return (quarantine ? "quarantine-group:" : "untrack-group:") + vpcId;
    }

    @Override public String name() {
      return name(vpcId, quarantine);
    }

    @Override public String resource() {
      return vpcId;
    }

    @Override public String description() {
      return quarantine
          ? "Find or create " + groupName(vpcId, true) + " with no rules (default egress revoked)"
          : "Find or create " + groupName(vpcId, false) + " allowing all traffic both ways";
    }

    @Override public boolean isDone(Run run) {
      Optional<SecurityGroup> group = Ec2Lookups.group(run, vpcId, groupName(vpcId, quarantine));
      foundId = group.map(SecurityGroup::groupId).orElse(null);
      return group.map(this::hasShape).orElse(false);
    }

    @Override public Map<String, String> doneData() {
      return foundId == null ? Map.of() : Map.of("groupId", foundId);
    }

    private boolean hasShape(SecurityGroup group) {
      if (quarantine) {
        return group.ipPermissions().isEmpty() && group.ipPermissionsEgress().isEmpty();
      }
      return allowsAll(group.ipPermissions()) && allowsAll(group.ipPermissionsEgress());
    }

    @Override public Map<String, String> apply(Run run) {
      String name = groupName(vpcId, quarantine);
      Optional<SecurityGroup> existing = foundInPreflight || foundId != null
          ? Ec2Lookups.group(run, vpcId, name) : Optional.empty();
      if (existing.isPresent()) {
        return shapeExisting(run, existing.get());
      }
      String createdId;
      try {
        createdId = create(run, name);
      } catch (AwsException e) {
        return shapeExisting(run, createdByOtherRun(run, vpcId, name, e));
      }
      return shapeNew(run, createdId);
    }

    /** Brings a group that already existed to the quarantine or untrack shape. */
    private Map<String, String> shapeExisting(Run run, SecurityGroup group) {
      String groupId = group.groupId();
      if (quarantine) {
        if (!group.ipPermissions().isEmpty()) {
          run.change("RevokeSecurityGroupIngress", groupId, () -> run.ec2.revokeSecurityGroupIngress(
              request -> request.groupId(groupId).ipPermissions(group.ipPermissions())));
        }
        if (!group.ipPermissionsEgress().isEmpty()) {
          run.change("RevokeSecurityGroupEgress", groupId, () -> run.ec2.revokeSecurityGroupEgress(
              request -> request.groupId(groupId).ipPermissions(group.ipPermissionsEgress())));
        }
      } else {
        if (!allowsAll(group.ipPermissions())) {
          run.change("AuthorizeSecurityGroupIngress", groupId, () -> run.ec2.authorizeSecurityGroupIngress(
              request -> request.groupId(groupId).ipPermissions(allTraffic())));
        }
        if (!allowsAll(group.ipPermissionsEgress())) {
          run.change("AuthorizeSecurityGroupEgress", groupId, () -> run.ec2.authorizeSecurityGroupEgress(
              request -> request.groupId(groupId).ipPermissions(allTraffic())));
        }
      }
      return Map.of("groupId", groupId);
    }

    /**
     * Shapes a group just created, which has only the allow-all egress rule EC2 adds to every new
     * group. It works from that known shape because a new group may not be listed yet.
     */
    private Map<String, String> shapeNew(Run run, String groupId) {
      if (quarantine) {
        run.change("RevokeSecurityGroupEgress", groupId, () -> run.ec2.revokeSecurityGroupEgress(
            request -> request.groupId(groupId).ipPermissions(allTraffic())));
      } else {
        run.change("AuthorizeSecurityGroupIngress", groupId, () -> run.ec2.authorizeSecurityGroupIngress(
            request -> request.groupId(groupId).ipPermissions(allTraffic())));
      }
      return Map.of("groupId", groupId);
    }

    private String create(Run run, String name) {
      String description = quarantine
          ? "Cordon quarantine: no traffic in or out"
          : "Cordon untrack: all traffic, held only while isolating";
      return run.change("CreateSecurityGroup", vpcId, () -> run.ec2.createSecurityGroup(request -> request
              .groupName(name).description(description).vpcId(vpcId)
              .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP).tags(
                  ProtectSteps.tag(ROLE_TAG, quarantine ? "quarantine" : "untrack"),
                  ProtectSteps.tag("Name", name)).build())))
          .groupId();
    }
  }

  /**
   * Replaces an ENI's security groups with the untrack or the quarantine group alone. The untrack
   * move checks the ENI's groups as this run's preflight described them, which costs no call: that
   * description comes after any earlier attempt, and only this move changes them before the
   * quarantine move.
   */
  static final class MoveInterface implements Step {
    private final Target.Eni eni;
    private final boolean quarantine;

    MoveInterface(Target.Eni eni, boolean quarantine) {
      this.eni = eni;
      this.quarantine = quarantine;
    }

    static String name(Target.Eni eni, boolean quarantine) {
      return (quarantine ? "quarantine-eni:" : "untrack-eni:") + eni.networkInterfaceId();
    }

    @Override public String name() {
      return name(eni, quarantine);
    }

    /** Only the quarantine move: moving a quarantined ENI to the untrack group would open it again. */
    @Override public boolean repeatable() {
      return quarantine;
    }

    /**
     * Both moves. The untrack move's check reads the ENI's groups as this run's preflight described
     * them and passes while the ENI is on the quarantine group. So it repeats only when the ENI left
     * both Cordon groups, and the ENI then passes the untrack group again before the quarantine move.
     */
    @Override public boolean recheckedOnRerun() {
      return true;
    }

    @Override public String resource() {
      return eni.networkInterfaceId();
    }

    @Override public String description() {
      return quarantine
          ? "Move " + eni.networkInterfaceId() + " to the quarantine group, cutting untracked connections"
          : "Move " + eni.networkInterfaceId() + " to the untrack group, so open connections become untracked";
    }

    @Override public boolean isDone(Run run) {
      List<String> current = quarantine
          ? Ec2Lookups.networkInterface(run, eni.networkInterfaceId()).groups().stream()
              .map(group -> group.groupId()).toList()
          : eni.groupIds();
      if (current.size() != 1) {
        return false;
      }
      if (current.get(0).equals(groupId(run, eni.vpcId(), true))) {
        return true;
      }
      return !quarantine && current.get(0).equals(groupId(run, eni.vpcId(), false));
    }

    @Override public Map<String, String> apply(Run run) {
      String groupId = groupId(run, eni.vpcId(), quarantine);
      run.change("ModifyNetworkInterfaceAttribute", eni.networkInterfaceId(),
          () -> run.ec2.modifyNetworkInterfaceAttribute(
              request -> request.networkInterfaceId(eni.networkInterfaceId()).groups(groupId)));
      return Map.of("groupId", groupId);
    }
  }

  /**
   * Disassociates an Elastic IP, so the attacker loses the address they know. The allocation stays
   * in the account; release leaves re-associating it to the operator.
   */
  static final class DisassociateAddress implements Step {
    private final Memberships.ElasticIp address;

    DisassociateAddress(Memberships.ElasticIp address) {
      this.address = address;
    }

    @Override public String name() {
      return "disassociate-address:" + address.allocationId();
    }

    @Override public String resource() {
      return address.allocationId();
    }

    @Override public String description() {
      return "Disassociate Elastic IP " + address.publicIp() + " (" + address.allocationId() + ") from "
          + address.networkInterfaceId();
    }

    @Override public boolean isDone(Run run) {
      return run.read("DescribeAddresses", address.allocationId(), () -> run.ec2.describeAddresses(
              request -> request.allocationIds(address.allocationId()))).addresses().stream()
          .allMatch(current -> current.associationId() == null
              || !run.target.instanceId().equals(current.instanceId()));
    }

    @Override public Map<String, String> apply(Run run) {
      run.change("DisassociateAddress", address.allocationId(), () -> run.ec2.disassociateAddress(
          request -> request.associationId(address.associationId())));
      return Map.of("publicIp", address.publicIp());
    }
  }

  /** Denies all traffic to or from the remote address in one direction of one network ACL. */
  static final class DenyRemote implements Step {
    private final String aclId;
    private final boolean egress;
    private final String cidr;

    DenyRemote(String aclId, boolean egress, String remoteAddress) {
      this.aclId = aclId;
      this.egress = egress;
      this.cidr = remoteAddress.contains(":") ? remoteAddress + "/128" : remoteAddress + "/32";
    }

    @Override public String name() {
      return "deny-remote:" + aclId + (egress ? ":egress" : ":ingress");
    }

    @Override public boolean recheckedOnRerun() {
      return true;
    }

    @Override public String resource() {
      return aclId;
    }

    @Override public String description() {
      return "Deny " + cidr + (egress ? " outbound" : " inbound") + " in " + aclId
          + " (rule numbers " + FIRST_RULE + "-" + LAST_RULE + ")";
    }

    @Override public boolean isDone(Run run) {
      return existing(Ec2Lookups.networkAcl(run, aclId)).isPresent();
    }

    Optional<NetworkAclEntry> existing(NetworkAcl acl) {
      return acl.entries().stream().filter(this::matches).findFirst();
    }

    boolean matches(NetworkAclEntry entry) {
      return entry.egress() == egress && entry.ruleAction() == RuleAction.DENY
          && entry.ruleNumber() >= FIRST_RULE && entry.ruleNumber() <= LAST_RULE
          && (cidr.equals(entry.cidrBlock()) || cidr.equals(entry.ipv6CidrBlock()));
    }

    @Override public Map<String, String> apply(Run run) {
      NetworkAcl acl = Ec2Lookups.networkAcl(run, aclId);
      int rule = freeRule(acl);
      boolean ipv6 = cidr.contains(":");
      run.change("CreateNetworkAclEntry", aclId, () -> run.ec2.createNetworkAclEntry(request -> {
        request.networkAclId(aclId).ruleNumber(rule).egress(egress).protocol("-1").ruleAction(RuleAction.DENY);
        if (ipv6) {
          request.ipv6CidrBlock(cidr);
        } else {
          request.cidrBlock(cidr);
        }
      }));
      return Map.of("ruleNumber", String.valueOf(rule), "cidr", cidr);
    }

    private int freeRule(NetworkAcl acl) {
      for (int rule = FIRST_RULE; rule <= LAST_RULE; rule++) {
        int candidate = rule;
        boolean used = acl.entries().stream()
            .anyMatch(entry -> entry.egress() == egress && entry.ruleNumber() == candidate);
        if (!used) {
          return rule;
        }
      }
      throw new CordonException("Network ACL " + aclId + " has no free rule number between "
          + FIRST_RULE + " and " + LAST_RULE + (egress ? " outbound" : " inbound")
          + "; remove a rule in that range and run contain again.");
    }
  }

  /**
   * Describes the ENIs and ACLs again and fails unless every change is in place. A re-run checks
   * again even when the journal shows the check passed, because the ENIs may have moved since.
   */
  static final class VerifyIsolation extends InstanceStep {
    private final String remoteAddress;
    private final List<String> aclIds;

    VerifyIsolation(String remoteAddress, List<String> aclIds) {
      this.remoteAddress = remoteAddress;
      this.aclIds = aclIds;
    }

    @Override public String name() {
      return "verify-isolation";
    }

    @Override public String description() {
      return "Describe every ENI and network ACL again and check the changes are in place";
    }

    /** Only reads, so the first run checks once, in {@link #apply}. */
    @Override public boolean repeatable() {
      return true;
    }

    @Override public boolean recheckedOnRerun() {
      return true;
    }

    @Override public boolean isDone(Run run) {
      return problems(run).isEmpty();
    }

    /**
     * @throws AwsStateException naming each ENI on another group and each missing deny
     */
    @Override public Map<String, String> apply(Run run) {
      List<String> problems = problems(run);
      if (!problems.isEmpty()) {
        throw new AwsStateException("Isolation check failed: " + String.join("; ", problems)
            + ". Something changed the instance during containment; run contain again.");
      }
      return Map.of();
    }

    private List<String> problems(Run run) {
      List<String> problems = new ArrayList<>();
      for (Target.Eni eni : run.target.interfaces()) {
        String quarantineId = groupId(run, eni.vpcId(), true);
        List<String> groups = Ec2Lookups.networkInterface(run, eni.networkInterfaceId()).groups().stream()
            .map(group -> group.groupId()).toList();
        if (!groups.equals(List.of(quarantineId))) {
          problems.add(eni.networkInterfaceId() + " is on " + groups + " instead of " + quarantineId);
        }
      }
      if (remoteAddress != null) {
        for (String aclId : aclIds) {
          NetworkAcl acl = Ec2Lookups.networkAcl(run, aclId);
          for (boolean egress : new boolean[] {false, true}) {
            if (new DenyRemote(aclId, egress, remoteAddress).existing(acl).isEmpty()) {
              problems.add(aclId + " has no " + (egress ? "outbound" : "inbound") + " deny of " + remoteAddress);
            }
          }
        }
      }
      return problems;
    }
  }
}
