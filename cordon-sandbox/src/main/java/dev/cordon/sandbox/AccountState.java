package dev.cordon.sandbox;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The in-memory AWS account the sandbox serves: one account in one region. Every response is
 * built from this state. Request handlers run one at a time under {@link #withLock}, so a
 * multi-step change is atomic to concurrent clients.
 *
 * <p>The JSON form of this class is both the scenario format and the state dump.
 */
public final class AccountState {
  String accountId;
  String region;
  /** Scenario time at which the sandbox starts; its clock runs on from here at wall speed. */
  Instant now;
  Caller caller = new Caller();
  List<Vpc> vpcs = new ArrayList<>();
  List<Subnet> subnets = new ArrayList<>();
  List<NetworkAcl> networkAcls = new ArrayList<>();
  List<SecurityGroup> securityGroups = new ArrayList<>();
  List<NetworkInterface> networkInterfaces = new ArrayList<>();
  List<Instance> instances = new ArrayList<>();
  List<Volume> volumes = new ArrayList<>();
  List<Snapshot> snapshots = new ArrayList<>();
  List<TrackedConnection> connections = new ArrayList<>();
  List<IamRole> roles = new ArrayList<>();
  List<ManagedPolicy> managedPolicies = new ArrayList<>();
  List<InstanceProfile> instanceProfiles = new ArrayList<>();
  List<IamUser> users = new ArrayList<>();
  List<RoleSession> roleSessions = new ArrayList<>();
  List<InstanceCredential> instanceCredentials = new ArrayList<>();
  /** Every policy evaluation, in call order. */
  List<PolicyDecision> policyDecisions = new ArrayList<>();
  List<AutoScalingGroup> autoScalingGroups = new ArrayList<>();
  List<TargetGroup> targetGroups = new ArrayList<>();
  List<Address> addresses = new ArrayList<>();
  List<Image> images = new ArrayList<>();
  List<FlowLog> flowLogs = new ArrayList<>();
  List<TrailEvent> trailEvents = new ArrayList<>();
  List<LogGroup> logGroups = new ArrayList<>();
  /** Logs Insights queries run by StartQuery, for GetQueryResults. */
  List<LogsQuery> logsQueries = new ArrayList<>();
  List<Secret> secrets = new ArrayList<>();
  List<SsmModel.ManagedInstance> ssmInstances = new ArrayList<>();
  List<SsmModel.Command> ssmCommands = new ArrayList<>();
  List<EventRule> eventRules = new ArrayList<>();
  List<GuardDutyDetector> guardDutyDetectors = new ArrayList<>();
  List<Bucket> buckets = new ArrayList<>();
  List<VpcEndpoint> vpcEndpoints = new ArrayList<>();
  /** Instance types that add to or replace {@link InstanceTypeInfo#BUILT_IN}. */
  List<InstanceTypeInfo> instanceTypes = new ArrayList<>();
  List<SnsTopic> snsTopics = new ArrayList<>();
  Faults faults = new Faults();
  /** Last number handed out for a generated resource id. */
  long idSequence;

  @JsonIgnore private final ReentrantLock lock = new ReentrantLock();
  @JsonIgnore private Clock clock;

  /** The identity GetCallerIdentity returns for every access key. */
  static final class Caller {
    String arn = "arn:aws:iam::123456789012:user/responder";
    String userId = "AIDASANDBOXRESPONDER";
  }

  /** Starts the scenario clock at {@link #now}; called once the state is loaded. */
  void startClock(Clock wallClock) {
    Instant scenarioStart = now == null ? wallClock.instant() : now;
    Duration offset = Duration.between(wallClock.instant(), scenarioStart);
    clock = Clock.offset(wallClock, offset);
  }

  /** Returns the current scenario time, truncated to milliseconds as EC2 timestamps are. */
  Instant clockNow() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Runs {@code action} with the state locked and returns its result. */
  <T> T withLock(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /** Returns a new id such as {@code sg-00000000000000001}, unique in this state. */
  String nextId(String prefix) {
    idSequence++;
    return String.format("%s-%017x", prefix, idSequence);
  }

  /**
   * Returns a new IAM-style unique id such as {@code AROA00000000000000001}: the four-letter
   * prefix IAM uses for the entity type and 17 characters.
   */
  String nextIamId(String prefix) {
    idSequence++;
    return String.format("%s%017X", prefix, idSequence);
  }

  /** Serializes the whole state as indented JSON, for assertions and for the practice server. */
  public String toJson() {
    return withLock(
        () -> {
          try {
            return Scenario.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("Failed to serialize the sandbox state", e);
          }
        });
  }

  /** Returns the account id, for example {@code 123456789012}. */
  public String accountId() {
    return accountId;
  }

  /** Returns the region, for example {@code us-east-1}. */
  public String region() {
    return region;
  }

  /**
   * Returns the ARN of the account's AWS managed EBS key (alias {@code aws/ebs}), which encrypts
   * volumes that name no key. The key ID is fixed, since the sandbox does not model KMS.
   */
  String awsManagedEbsKeyArn() {
    return "arn:aws:kms:" + region + ":" + accountId + ":key/0e0b5000-0000-4000-8000-000000000001";
  }

  Optional<Instance> instance(String id) {
    return instances.stream().filter(i -> i.instanceId.equals(id)).findFirst();
  }

  Optional<SecurityGroup> securityGroup(String id) {
    return securityGroups.stream().filter(g -> g.groupId.equals(id)).findFirst();
  }

  Optional<NetworkInterface> networkInterface(String id) {
    return networkInterfaces.stream().filter(n -> n.networkInterfaceId.equals(id)).findFirst();
  }

  Optional<Volume> volume(String id) {
    return volumes.stream().filter(v -> v.volumeId.equals(id)).findFirst();
  }

  Optional<Snapshot> snapshot(String id) {
    return snapshots.stream().filter(s -> s.snapshotId.equals(id)).findFirst();
  }

  Optional<NetworkAcl> networkAcl(String id) {
    return networkAcls.stream().filter(a -> a.networkAclId.equals(id)).findFirst();
  }

  Optional<Subnet> subnet(String id) {
    return subnets.stream().filter(s -> s.subnetId.equals(id)).findFirst();
  }

  Optional<Vpc> vpc(String id) {
    return vpcs.stream().filter(v -> v.vpcId.equals(id)).findFirst();
  }

  Optional<IamRole> role(String name) {
    return roles.stream().filter(r -> r.roleName.equals(name)).findFirst();
  }

  Optional<ManagedPolicy> managedPolicy(String arn) {
    return managedPolicies.stream().filter(p -> p.arn.equals(arn)).findFirst();
  }

  Optional<InstanceProfile> instanceProfile(String name) {
    return instanceProfiles.stream().filter(p -> p.instanceProfileName.equals(name)).findFirst();
  }

  Optional<InstanceProfile> instanceProfileByArn(String arn) {
    return instanceProfiles.stream().filter(p -> p.arn(accountId).equals(arn)).findFirst();
  }

  Optional<IamUser> user(String name) {
    return users.stream().filter(u -> u.userName.equals(name)).findFirst();
  }

  Optional<RoleSession> roleSession(String accessKeyId) {
    return roleSessions.stream().filter(s -> s.accessKeyId.equals(accessKeyId)).findFirst();
  }

  Optional<InstanceCredential> instanceCredential(String accessKeyId) {
    return instanceCredentials.stream().filter(c -> c.accessKeyId.equals(accessKeyId)).findFirst();
  }

  Optional<AutoScalingGroup> autoScalingGroup(String name) {
    return autoScalingGroups.stream().filter(g -> g.autoScalingGroupName.equals(name)).findFirst();
  }

  /** Returns the Auto Scaling group that has {@code instanceId} as a member, if any. */
  Optional<AutoScalingGroup> autoScalingGroupOf(String instanceId) {
    return autoScalingGroups.stream()
        .filter(g -> g.instances.stream().anyMatch(m -> m.instanceId.equals(instanceId)))
        .findFirst();
  }

  Optional<TargetGroup> targetGroup(String arn) {
    return targetGroups.stream().filter(g -> g.targetGroupArn.equals(arn)).findFirst();
  }

  Optional<Image> image(String id) {
    return images.stream().filter(i -> i.imageId.equals(id)).findFirst();
  }

  /** Returns the network ACL associated with {@code subnetId}, if any. */
  Optional<NetworkAcl> networkAclOfSubnet(String subnetId) {
    return networkAcls.stream().filter(a -> a.subnetIds.contains(subnetId)).findFirst();
  }

  /** Returns the ENIs attached to {@code instanceId}, primary (device index 0) first. */
  List<NetworkInterface> interfacesOf(String instanceId) {
    List<NetworkInterface> attached = new ArrayList<>();
    for (NetworkInterface eni : networkInterfaces) {
      if (eni.attachment != null && eni.attachment.instanceId.equals(instanceId)) {
        attached.add(eni);
      }
    }
    attached.sort((a, b) -> Integer.compare(a.attachment.deviceIndex, b.attachment.deviceIndex));
    return attached;
  }

  /** Returns the volumes attached to {@code instanceId}, in state order. */
  List<Volume> volumesOf(String instanceId) {
    List<Volume> attached = new ArrayList<>();
    for (Volume volume : volumes) {
      if (volume.attachment != null && volume.attachment.instanceId.equals(instanceId)) {
        attached.add(volume);
      }
    }
    return attached;
  }

  /**
   * Returns the tag map of the resource named by {@code resourceId}, or empty when no resource has
   * that id.
   */
  Optional<Map<String, String>> tagsOf(String resourceId) {
    for (TaggedResource resource : taggedResources()) {
      if (resource.id().equals(resourceId)) {
        return Optional.of(resource.tags());
      }
    }
    return Optional.empty();
  }

  /** Returns every taggable resource with its EC2 resource type, in a stable order. */
  List<TaggedResource> taggedResources() {
    List<TaggedResource> all = new ArrayList<>();
    instances.forEach(i -> all.add(new TaggedResource(i.instanceId, "instance", i.tags)));
    volumes.forEach(v -> all.add(new TaggedResource(v.volumeId, "volume", v.tags)));
    snapshots.forEach(s -> all.add(new TaggedResource(s.snapshotId, "snapshot", s.tags)));
    securityGroups.forEach(g -> all.add(new TaggedResource(g.groupId, "security-group", g.tags)));
    networkInterfaces.forEach(
        n -> all.add(new TaggedResource(n.networkInterfaceId, "network-interface", n.tags)));
    networkAcls.forEach(a -> all.add(new TaggedResource(a.networkAclId, "network-acl", a.tags)));
    subnets.forEach(s -> all.add(new TaggedResource(s.subnetId, "subnet", s.tags)));
    vpcs.forEach(v -> all.add(new TaggedResource(v.vpcId, "vpc", v.tags)));
    addresses.forEach(a -> all.add(new TaggedResource(a.allocationId, "elastic-ip", a.tags)));
    images.forEach(i -> all.add(new TaggedResource(i.imageId, "image", i.tags)));
    flowLogs.forEach(f -> all.add(new TaggedResource(f.flowLogId, "vpc-flow-log", f.tags)));
    return all;
  }

  /** A resource's id, EC2 resource type and live tag map. */
  record TaggedResource(String id, String type, Map<String, String> tags) {}
}
