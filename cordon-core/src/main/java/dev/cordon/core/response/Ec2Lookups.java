package dev.cordon.core.response;

import dev.cordon.core.aws.AwsException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/** Read-only EC2 look-ups the steps share. */
final class Ec2Lookups {
  private Ec2Lookups() {}

  static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }

  static Instance instance(Run run, String instanceId) {
    List<Instance> found =
        run.read(
                "DescribeInstances",
                instanceId,
                () -> run.ec2.describeInstances(request -> request.instanceIds(instanceId)))
            .reservations()
            .stream()
            .flatMap(reservation -> reservation.instances().stream())
            .toList();
    if (found.isEmpty()) {
      throw new AwsException(
          "Instance " + instanceId + " not found in this account and region; check --region and --profile.",
          "preflight", instanceId, "InvalidInstanceID.NotFound", null, null);
    }
    return found.get(0);
  }

  static Optional<SecurityGroup> group(Run run, String vpcId, String name) {
    return run.read(
            "DescribeSecurityGroups",
            name,
            () ->
                run.ec2.describeSecurityGroups(
                    request -> request.filters(filter("vpc-id", vpcId), filter("group-name", name))))
        .securityGroups()
        .stream()
        .findFirst();
  }

  static NetworkInterface networkInterface(Run run, String id) {
    return run.read(
            "DescribeNetworkInterfaces",
            id,
            () -> run.ec2.describeNetworkInterfaces(request -> request.networkInterfaceIds(id)))
        .networkInterfaces()
        .get(0);
  }

  static NetworkAcl networkAcl(Run run, String aclId) {
    return run.read(
            "DescribeNetworkAcls",
            aclId,
            () -> run.ec2.describeNetworkAcls(request -> request.networkAclIds(aclId)))
        .networkAcls()
        .get(0);
  }

  /** Returns the network ACLs associated with {@code subnetIds}, each once. */
  static List<NetworkAcl> networkAclsOf(Run run, List<String> subnetIds) {
    return run.read(
            "DescribeNetworkAcls",
            String.join(",", subnetIds),
            () ->
                run.ec2.describeNetworkAcls(
                    request ->
                        request.filters(
                            filter("association.subnet-id", subnetIds.toArray(String[]::new)))))
        .networkAcls();
  }
}
