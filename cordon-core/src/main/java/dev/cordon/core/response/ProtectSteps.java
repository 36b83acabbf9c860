package dev.cordon.core.response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMappingSpecification;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Steps that record the original state and keep the instance and its volumes from being deleted. */
final class ProtectSteps {
  /** Tag keys Cordon sets on the instance; {@code release} adds {@link #RELEASED_AT}. */
  static final String INCIDENT_TAG = "cordon:incident";
  static final String CONTAINED_AT = "cordon:contained-at";
  static final String OPERATOR_TAG = "cordon:operator";
  static final String FINDING_TAG = "cordon:finding";
  static final String RELEASED_AT = "cordon:released-at";

  /** EC2 limits tag values to 256 characters. */
  private static final int MAX_TAG_VALUE = 256;

  private ProtectSteps() {}

  /** Returns the changes that keep the instance and its volumes, which do not depend on each other. */
  static List<Step> protections() {
    return List.of(new TerminationProtection(), new ShutdownBehavior(), new KeepVolumes(), new TagInstance());
  }

  /**
   * Writes the original state that release restores. It makes no AWS call when the preflight read
   * the instance attributes.
   */
  static final class RecordState implements Step {
    static final String NAME = "record-state";

    private final Memberships memberships;
    private final PreflightState.Attributes attributes;
    private volatile Map<String, String> found = Map.of();

    /** Takes {@code attributes} from the preflight, or reads them itself when they are null. */
    RecordState(Memberships memberships, PreflightState.Attributes attributes) {
      this.memberships = memberships;
      this.attributes = attributes;
    }

    @Override public String name() {
      return NAME;
    }

    @Override public String resource() {
      return "incident directory";
    }

    @Override public String description() {
      return "Record security groups per ENI, protection, shutdown behaviour, volumes, tags,"
          + " Auto Scaling group, target registrations and Elastic IPs";
    }

    /** Also keeps the existing file's SHA-256, journaled with the skip, so status and release can check it. */
    @Override public boolean isDone(Run run) {
      java.nio.file.Path file = IncidentFiles.originalState(run.directory);
      if (!java.nio.file.Files.exists(file)) {
        return false;
      }
      found = Map.of(OriginalStateHash.DATA_KEY, OriginalStateHash.of(file));
      return true;
    }

    @Override public Map<String, String> doneData() {
      return found;
    }

    @Override public Map<String, String> apply(Run run) {
      Target target = run.target;
      Map<String, List<String>> groups = new TreeMap<>();
      Map<String, String> publicIps = new TreeMap<>();
      for (Target.Eni eni : target.interfaces()) {
        groups.put(eni.networkInterfaceId(), eni.groupIds());
        if (eni.publicIp() != null) {
          publicIps.put(eni.networkInterfaceId(), eni.publicIp());
        }
      }
      Map<String, Boolean> deleteOnTermination = new TreeMap<>();
      Map<String, String> volumeIds = new TreeMap<>();
      for (Target.Disk disk : target.volumes()) {
        deleteOnTermination.put(disk.device(), disk.deleteOnTermination());
        volumeIds.put(disk.device(), disk.volumeId());
      }
      String protection = attributes != null
          ? attributes.disableApiTermination() : attribute(run, InstanceAttributeName.DISABLE_API_TERMINATION);
      String shutdown = attributes != null
          ? attributes.shutdownBehavior() : attribute(run, InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR);
      OriginalState state = new OriginalState(target.instanceId(), run.clock.instant().toString(),
          protection == null ? null : Boolean.valueOf(protection), shutdown, target.tags(), groups,
          deleteOnTermination, volumeIds, publicIps, target.instanceProfileArn(),
          memberships.autoScalingGroup(), memberships.registrations(), memberships.elasticIps(),
          run.accountId, run.region(), run.endpoint());
      byte[] content = IncidentIo.json(state);
      IncidentIo.writeAtomically(IncidentFiles.originalState(run.directory), content);
      Map<String, String> where = new LinkedHashMap<>();
      where.put(OriginalStateHash.DATA_KEY, OriginalStateHash.of(content));
      if (run.accountId != null) {
        where.put("accountId", run.accountId);
      }
      where.put("region", run.region());
      if (run.endpoint() != null) {
        where.put("endpoint", run.endpoint());
      }
      return where;
    }
  }

  /**
   * Returns an instance attribute as text, or null when the endpoint does not implement
   * DescribeInstanceAttribute (an emulator other than Cordon's sandbox, say); release then leaves
   * the attribute as contain set it.
   */
  static String attribute(Run run, InstanceAttributeName name) {
    try {
      var response = run.ec2.describeInstanceAttribute(
          request -> request.instanceId(run.target.instanceId()).attribute(name));
      if (name == InstanceAttributeName.DISABLE_API_TERMINATION) {
        return String.valueOf(response.disableApiTermination().value());
      }
      return response.instanceInitiatedShutdownBehavior().value();
    } catch (AwsServiceException e) {
      if (e.awsErrorDetails() != null && "InvalidAction".equals(e.awsErrorDetails().errorCode())) {
        return null;
      }
      throw dev.cordon.core.aws.AwsException.of(
          "record-state", "DescribeInstanceAttribute", run.target.instanceId(), e);
    }
  }

  static final class TerminationProtection extends InstanceStep {
    @Override public boolean repeatable() {
      return true;
    }

    @Override public String name() {
      return "protect-termination";
    }

    @Override public String description() {
      return "Turn termination protection on";
    }

    @Override public boolean isDone(Run run) {
      return "true".equals(attribute(run, InstanceAttributeName.DISABLE_API_TERMINATION));
    }

    @Override public Map<String, String> apply(Run run) {
      String id = run.target.instanceId();
      run.change("ModifyInstanceAttribute", id, () -> run.ec2.modifyInstanceAttribute(
          request -> request.instanceId(id).disableApiTermination(value -> value.value(true))));
      return Map.of();
    }
  }

  static final class ShutdownBehavior extends InstanceStep {
    @Override public boolean repeatable() {
      return true;
    }

    @Override public String name() {
      return "protect-shutdown";
    }

    @Override public String description() {
      return "Set shutdown behaviour to stop, so a shutdown from inside cannot terminate it";
    }

    @Override public boolean isDone(Run run) {
      return "stop".equals(attribute(run, InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR));
    }

    @Override public Map<String, String> apply(Run run) {
      String id = run.target.instanceId();
      run.change("ModifyInstanceAttribute", id, () -> run.ec2.modifyInstanceAttribute(
          request -> request.instanceId(id).instanceInitiatedShutdownBehavior(value -> value.value("stop"))));
      return Map.of();
    }
  }

  static final class KeepVolumes extends InstanceStep {
    @Override public boolean repeatable() {
      return true;
    }

    @Override public String name() {
      return "protect-volumes";
    }

    @Override public String description() {
      return "Turn DeleteOnTermination off on every attached EBS volume";
    }

    @Override public boolean isDone(Run run) {
      return Target.of(Ec2Lookups.instance(run, run.target.instanceId())).volumes().stream()
          .noneMatch(Target.Disk::deleteOnTermination);
    }

    @Override public Map<String, String> apply(Run run) {
      return setDeleteOnTermination(run, devicesToKeep(run));
    }

    private static Map<String, Boolean> devicesToKeep(Run run) {
      Map<String, Boolean> devices = new LinkedHashMap<>();
      run.target.volumes().forEach(disk -> devices.put(disk.device(), false));
      return devices;
    }
  }

  /** Sets DeleteOnTermination per device in one ModifyInstanceAttribute call. */
  static Map<String, String> setDeleteOnTermination(Run run, Map<String, Boolean> devices) {
    if (devices.isEmpty()) {
      return Map.of();
    }
    String id = run.target.instanceId();
    List<InstanceBlockDeviceMappingSpecification> mappings = new ArrayList<>();
    devices.forEach((device, delete) -> mappings.add(InstanceBlockDeviceMappingSpecification.builder()
        .deviceName(device).ebs(ebs -> ebs.deleteOnTermination(delete)).build()));
    run.change("ModifyInstanceAttribute", id, () -> run.ec2.modifyInstanceAttribute(
        request -> request.instanceId(id).blockDeviceMappings(mappings)));
    return Map.of();
  }

  static final class TagInstance extends InstanceStep {
    @Override public boolean repeatable() {
      return true;
    }

    @Override public String name() {
      return "tag-instance";
    }

    @Override public String description() {
      return "Tag the instance with the incident ID, time, operator and finding";
    }

    @Override public boolean isDone(Run run) {
      Instance instance = Ec2Lookups.instance(run, run.target.instanceId());
      return instance.tags().stream()
          .anyMatch(tag -> tag.key().equals(INCIDENT_TAG) && tag.value().equals(run.incidentId));
    }

    @Override public Map<String, String> apply(Run run) {
      List<Tag> tags = new ArrayList<>();
      tags.add(tag(INCIDENT_TAG, run.incidentId));
      tags.add(tag(CONTAINED_AT, run.clock.instant().toString()));
      tags.add(tag(OPERATOR_TAG, run.operator));
      if (run.request.findingId() != null) {
        tags.add(tag(FINDING_TAG, run.request.findingId()));
      }
      String id = run.target.instanceId();
      run.change("CreateTags", id, () -> run.ec2.createTags(request -> request.resources(id).tags(tags)));
      return Map.of();
    }
  }

  static Tag tag(String key, String value) {
    String bounded = value.length() > MAX_TAG_VALUE ? value.substring(0, MAX_TAG_VALUE) : value;
    return Tag.builder().key(key).value(bounded).build();
  }
}
