package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.assertAwsError;
import static dev.cordon.sandbox.SandboxClients.assertDryRunPassed;
import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMappingSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;

class Ec2InstancesContractTest extends SeedSandboxTest {
  private static final String COMPROMISED = "i-0abc123def456";
  private static final String SIBLING = "i-0abc123def789";

  private void keepDataVolumeOnTermination() {
    InstanceBlockDeviceMappingSpecification mapping =
        InstanceBlockDeviceMappingSpecification.builder()
            .deviceName("/dev/sdf")
            .ebs(e -> e.deleteOnTermination(false))
            .build();
    sandbox.ec2.modifyInstanceAttribute(r -> r.instanceId(COMPROMISED).blockDeviceMappings(mapping));
  }

  @Test
  void describeInstances_seed_returnsBothInstances() {
    List<Instance> instances =
        sandbox.ec2.describeInstances().reservations().stream()
            .flatMap(reservation -> reservation.instances().stream())
            .toList();

    assertThat(instances).extracting(Instance::instanceId).containsExactly(COMPROMISED, SIBLING);
    assertThat(instances).allSatisfy(i -> assertThat(i.state().name()).isEqualTo(InstanceStateName.RUNNING));
  }

  @Test
  void describeInstances_compromised_showsNetworkAndProfile() {
    Instance instance = sandbox.instance(COMPROMISED);

    assertThat(instance.tags()).contains(Tag.builder().key("Name").value("prod-order-service-3").build());
    assertThat(instance.privateIpAddress()).isEqualTo("10.0.1.55");
    assertThat(instance.publicIpAddress()).isEqualTo("198.51.100.20");
    assertThat(instance.vpcId()).isEqualTo("vpc-0abc123");
    assertThat(instance.subnetId()).isEqualTo("subnet-0abc1234");
    assertThat(instance.securityGroups()).extracting(g -> g.groupId()).containsExactly("sg-0app1234");
    assertThat(instance.iamInstanceProfile().arn()).endsWith(":instance-profile/order-service-instance-role");
    assertThat(instance.networkInterfaces())
        .extracting(InstanceNetworkInterface::networkInterfaceId)
        .containsExactly("eni-0a1b2c3d4e5f60001", "eni-0a1b2c3d4e5f60002");
    assertThat(instance.networkInterfaces().get(0).privateIpAddresses())
        .extracting(address -> address.privateIpAddress())
        .containsExactly("10.0.1.55", "10.0.1.56");
    assertThat(instance.blockDeviceMappings()).hasSize(2);
    assertThat(instance.state().code()).isEqualTo(16);
  }

  @Test
  void describeInstances_tagFilter_selectsSibling() {
    var response =
        sandbox.ec2.describeInstances(
            r -> r.filters(Filter.builder().name("tag:Name").values("prod-order-service-1").build()));

    assertThat(response.reservations()).hasSize(1);
    assertThat(response.reservations().get(0).instances().get(0).instanceId()).isEqualTo(SIBLING);
  }

  @Test
  void describeInstances_unknownFilter_isInvalidParameterValue() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.describeInstances(
                r -> r.filters(Filter.builder().name("no-such-filter").values("x").build())));

    assertThat(errorCode(thrown)).isEqualTo("InvalidParameterValue");
  }

  @Test
  void describeInstances_unknownId_isNotFound() {
    Throwable thrown = catchThrowable(() -> sandbox.instance("i-0000000000000dead"));

    assertAwsError(thrown, "InvalidInstanceID.NotFound", 400);
  }

  @Test
  void describeInstances_dryRun_isDryRunOperation412() {
    Throwable thrown = catchThrowable(() -> sandbox.ec2.describeInstances(r -> r.dryRun(true)));

    assertDryRunPassed(thrown);
  }

  @Test
  void modifyInstanceAttribute_groupsOnTwoEnis_isRejected() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.modifyInstanceAttribute(r -> r.instanceId(COMPROMISED).groups("sg-0default01")));

    assertThat(errorCode(thrown)).isEqualTo("InvalidInstanceID");
    assertThat(thrown).hasMessageContaining("multiple interfaces");
    assertThat(sandbox.instance(COMPROMISED).securityGroups()).extracting(g -> g.groupId()).containsExactly("sg-0app1234");
  }

  @Test
  void modifyInstanceAttribute_groupsOnOneEni_replacesGroups() {
    sandbox.ec2.modifyInstanceAttribute(r -> r.instanceId(SIBLING).groups("sg-0default01"));

    assertThat(sandbox.instance(SIBLING).securityGroups()).extracting(g -> g.groupId()).containsExactly("sg-0default01");
  }

  @Test
  void modifyInstanceAttribute_shutdownBehavior_isStored() {
    sandbox.ec2.modifyInstanceAttribute(
        r -> r.instanceId(COMPROMISED).instanceInitiatedShutdownBehavior(v -> v.value("stop")));
    sandbox.ec2.modifyInstanceAttribute(
        r -> r.instanceId(SIBLING).instanceInitiatedShutdownBehavior(v -> v.value("terminate")));

    assertThat(sandbox.dump().at("/instances/1/instanceInitiatedShutdownBehavior").asText()).isEqualTo("terminate");
    assertThat(sandbox.dump().at("/instances/0/instanceInitiatedShutdownBehavior").asText()).isEqualTo("stop");
  }

  @Test
  void modifyInstanceAttribute_deleteOnTermination_isStoredPerVolume() {
    keepDataVolumeOnTermination();

    Volume data = sandbox.ec2.describeVolumes(r -> r.volumeIds("vol-0abc123def4560002")).volumes().get(0);
    Volume root = sandbox.ec2.describeVolumes(r -> r.volumeIds("vol-0abc123def4560001")).volumes().get(0);
    assertThat(data.attachments().get(0).deleteOnTermination()).isFalse();
    assertThat(root.attachments().get(0).deleteOnTermination()).isTrue();
  }

  @Test
  void terminateInstances_protected_isOperationNotPermitted() {
    sandbox.ec2.modifyInstanceAttribute(r -> r.instanceId(COMPROMISED).disableApiTermination(v -> v.value(true)));

    Throwable thrown = catchThrowable(() -> sandbox.ec2.terminateInstances(r -> r.instanceIds(COMPROMISED)));

    assertAwsError(thrown, "OperationNotPermitted", 400);
    assertThat(sandbox.instance(COMPROMISED).state().name()).isEqualTo(InstanceStateName.RUNNING);
  }

  @Test
  void describeInstanceAttribute_returnsProtectionAndShutdownBehaviour() {
    sandbox.ec2.modifyInstanceAttribute(r -> r.instanceId(COMPROMISED).disableApiTermination(v -> v.value(true)));

    var protection = sandbox.ec2.describeInstanceAttribute(
        r -> r.instanceId(COMPROMISED).attribute(InstanceAttributeName.DISABLE_API_TERMINATION));
    var shutdown = sandbox.ec2.describeInstanceAttribute(
        r -> r.instanceId(COMPROMISED).attribute(InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR));

    assertThat(protection.disableApiTermination().value()).isTrue();
    assertThat(shutdown.instanceInitiatedShutdownBehavior().value()).isEqualTo("stop");
  }

  @Test
  void describeInstanceAttribute_unsupportedAttribute_isInvalidParameterValue() {
    Throwable thrown = catchThrowable(() -> sandbox.ec2.describeInstanceAttribute(
        r -> r.instanceId(COMPROMISED).attribute(InstanceAttributeName.USER_DATA)));

    assertThat(errorCode(thrown)).isEqualTo("InvalidParameterValue");
  }

  @Test
  void terminateInstances_dryRun_changesNothing() {
    Throwable thrown =
        catchThrowable(() -> sandbox.ec2.terminateInstances(r -> r.instanceIds(COMPROMISED).dryRun(true)));

    assertDryRunPassed(thrown);
    assertThat(sandbox.instance(COMPROMISED).state().name()).isEqualTo(InstanceStateName.RUNNING);
  }

  @Test
  void terminateInstances_keepsVolumesWithoutDeleteOnTermination() {
    keepDataVolumeOnTermination();

    InstanceStateChange change =
        sandbox.ec2.terminateInstances(r -> r.instanceIds(COMPROMISED)).terminatingInstances().get(0);

    assertThat(change.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
    assertThat(change.currentState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
    assertThat(sandbox.instance(COMPROMISED).state().name()).isEqualTo(InstanceStateName.TERMINATED);
    List<Volume> left = sandbox.ec2.describeVolumes().volumes();
    assertThat(left).extracting(Volume::volumeId)
        .containsExactly("vol-0abc123def4560002", "vol-0abc123def7890001");
    assertThat(left.get(0).stateAsString()).isEqualTo("available");
  }

  @Test
  void stopInstances_movesThroughStoppingToStopped() {
    InstanceStateChange change =
        sandbox.ec2.stopInstances(r -> r.instanceIds(COMPROMISED)).stoppingInstances().get(0);

    assertThat(change.currentState().name()).isEqualTo(InstanceStateName.STOPPING);
    assertThat(change.currentState().code()).isEqualTo(64);
    assertThat(sandbox.instance(COMPROMISED).state().name()).isEqualTo(InstanceStateName.STOPPED);
    assertThat(sandbox.connection("c2-session").get("alive").asBoolean()).isFalse();
  }

  @Test
  void modifyInstanceAttribute_dryRun_keepsGroups() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.modifyInstanceAttribute(r -> r.instanceId(SIBLING).groups("sg-0default01").dryRun(true)));

    assertDryRunPassed(thrown);
    assertThat(sandbox.instance(SIBLING).securityGroups()).extracting(g -> g.groupId()).containsExactly("sg-0app1234");
  }

  @Test
  void modifyInstanceAttribute_unsupportedAttribute_isUnsupportedOperation() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.modifyInstanceAttribute(r -> r.instanceId(SIBLING).sourceDestCheck(v -> v.value(false))));

    assertThat(errorCode(thrown)).isEqualTo("UnsupportedOperation");
  }

  @Test
  void stopInstances_terminated_isIncorrectInstanceState() {
    sandbox.ec2.terminateInstances(r -> r.instanceIds(SIBLING));

    Throwable thrown = catchThrowable(() -> sandbox.ec2.stopInstances(r -> r.instanceIds(SIBLING)));

    assertThat(errorCode(thrown)).isEqualTo("IncorrectInstanceState");
  }

  @Test
  void describeInstances_idsWithMaxResults_isInvalidCombination() {
    Throwable thrown =
        catchThrowable(() -> sandbox.ec2.describeInstances(r -> r.instanceIds(COMPROMISED).maxResults(5)));

    assertThat(errorCode(thrown)).isEqualTo("InvalidParameterCombination");
  }

  @Test
  void describeInstances_privateDnsName_followsRegionFormat() {
    assertThat(sandbox.instance(COMPROMISED).privateDnsName()).isEqualTo("ip-10-0-1-55.ec2.internal");
  }
}
