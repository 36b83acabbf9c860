package dev.cordon.core.response;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;

/**
 * The instance to contain as DescribeInstances returned it just now.
 *
 * @param autoScalingGroup from the {@code aws:autoscaling:groupName} tag, or null
 */
record Target(
    String instanceId,
    String state,
    String rootDeviceName,
    List<Eni> interfaces,
    List<Disk> volumes,
    Map<String, String> tags,
    String instanceProfileArn,
    String autoScalingGroup,
    Instance described) {

  /** Format of an EC2 instance ID, checked before an ID names a file. */
  static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

  /** One attached ENI; {@code publicIp} is null without an association. */
  record Eni(
      String networkInterfaceId,
      String vpcId,
      String subnetId,
      List<String> groupIds,
      String publicIp,
      String allocationId) {}

  /** One attached EBS volume. */
  record Disk(String volumeId, String device, boolean deleteOnTermination) {}

  static Target of(Instance instance) {
    List<Eni> interfaces =
        instance.networkInterfaces().stream()
            .sorted(java.util.Comparator.comparing(eni -> eni.attachment() == null ? 0 : eni.attachment().deviceIndex()))
            .map(Target::eni)
            .toList();
    List<Disk> volumes =
        instance.blockDeviceMappings().stream()
            .filter(mapping -> mapping.ebs() != null)
            .map(
                mapping ->
                    new Disk(
                        mapping.ebs().volumeId(),
                        mapping.deviceName(),
                        Boolean.TRUE.equals(mapping.ebs().deleteOnTermination())))
            .toList();
    Map<String, String> tags = new java.util.TreeMap<>();
    instance.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
    return new Target(
        instance.instanceId(),
        instance.state() == null ? null : instance.state().nameAsString(),
        instance.rootDeviceName(),
        interfaces,
        volumes,
        Map.copyOf(tags),
        instance.iamInstanceProfile() == null ? null : instance.iamInstanceProfile().arn(),
        tags.get("aws:autoscaling:groupName"),
        instance);
  }

  private static Eni eni(InstanceNetworkInterface eni) {
    String publicIp = eni.association() == null ? null : eni.association().publicIp();
    return new Eni(
        eni.networkInterfaceId(),
        eni.vpcId(),
        eni.subnetId(),
        eni.groups().stream().map(group -> group.groupId()).toList(),
        publicIp,
        null);
  }

  List<String> vpcIds() {
    return interfaces.stream().map(Eni::vpcId).distinct().toList();
  }

  List<String> subnetIds() {
    return interfaces.stream().map(Eni::subnetId).distinct().toList();
  }
}
