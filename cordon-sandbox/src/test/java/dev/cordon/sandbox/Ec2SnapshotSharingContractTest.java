package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** CopySnapshot, snapshot sharing, AssociateAddress and AttachInstances against the seed account. */
class Ec2SnapshotSharingContractTest extends SeedSandboxTest {
  private static final String FORENSIC_ACCOUNT = "210987654321";
  private static final String CUSTOMER_KEY = "arn:aws:kms:us-east-1:123456789012:key/1f0e2d3c-4b5a-4697-8887-a1b2c3d4e5f6";

  /** Returns a completed snapshot of the seed's encrypted data volume. */
  private String completedSnapshot() {
    String id = sandbox.ec2.createSnapshot(r -> r.volumeId("vol-0abc123def4560002")).snapshotId();
    // Each Describe call moves a pending snapshot 50 points on: 0% -> 50% -> 100% completed.
    describe(id);
    assertThat(describe(id).state()).isEqualTo(SnapshotState.COMPLETED);
    return id;
  }

  private Snapshot describe(String snapshotId) {
    return sandbox.ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
  }

  private void share(String snapshotId) {
    sandbox.ec2.modifySnapshotAttribute(r -> r.snapshotId(snapshotId).attribute("createVolumePermission")
        .createVolumePermission(p -> p.add(CreateVolumePermission.builder().userId(FORENSIC_ACCOUNT).build())));
  }

  @Test
  void shareSnapshot_awsManagedKey_rejected() {
    String source = completedSnapshot();

    Throwable thrown = catchThrowable(() -> share(source));

    assertThat(errorCode(thrown)).isEqualTo("InvalidParameter");
    assertThat(thrown).hasMessageContaining("AWS Managed CMK can't be shared");
  }

  @Test
  void copySnapshot_customerKey_reencryptsTagsAndShares() {
    String source = completedSnapshot();
    TagSpecification tags = TagSpecification.builder().resourceType(ResourceType.SNAPSHOT)
        .tags(Tag.builder().key("cordon:copy-of").value(source).build()).build();

    String copy = sandbox.ec2.copySnapshot(r -> r.sourceSnapshotId(source).sourceRegion("us-east-1")
        .destinationRegion("us-east-1").encrypted(true).kmsKeyId(CUSTOMER_KEY).tagSpecifications(tags)).snapshotId();
    share(copy);

    Snapshot described = describe(copy);
    assertThat(described.kmsKeyId()).isEqualTo(CUSTOMER_KEY);
    assertThat(described.encrypted()).isTrue();
    assertThat(described.volumeId()).isEqualTo("vol-ffffffff");
    assertThat(described.tags()).extracting(Tag::value).containsExactly(source);
    assertThat(sandbox.ec2.describeSnapshotAttribute(r -> r.snapshotId(copy).attribute("createVolumePermission"))
        .createVolumePermissions()).extracting(CreateVolumePermission::userId).containsExactly(FORENSIC_ACCOUNT);
    assertThat(sandbox.ec2.describeSnapshotAttribute(r -> r.snapshotId(source).attribute("createVolumePermission"))
        .createVolumePermissions()).isEmpty();
  }

  @Test
  void copySnapshot_keyWithoutEncrypted_rejected() {
    String source = completedSnapshot();

    Throwable thrown = catchThrowable(() -> sandbox.ec2.copySnapshot(r -> r.sourceSnapshotId(source)
        .sourceRegion("us-east-1").destinationRegion("us-east-1").kmsKeyId(CUSTOMER_KEY)));

    assertThat(errorCode(thrown)).isEqualTo("InvalidParameterDependency");
  }

  @Test
  void copySnapshot_pendingSource_rejected() {
    String pending = sandbox.ec2.createSnapshot(r -> r.volumeId("vol-0abc123def4560002")).snapshotId();

    Throwable thrown = catchThrowable(() -> sandbox.ec2.copySnapshot(r -> r.sourceSnapshotId(pending)
        .sourceRegion("us-east-1").destinationRegion("us-east-1").encrypted(true).kmsKeyId(CUSTOMER_KEY)));

    assertThat(errorCode(thrown)).isEqualTo("IncorrectState");
  }

  @Test
  void associateAddress_alreadyAssociated_needsReassociation() {
    Throwable thrown = catchThrowable(() -> sandbox.ec2.associateAddress(r -> r
        .allocationId("eipalloc-0abc123def4560001").networkInterfaceId("eni-0a1b2c3d4e5f60077").allowReassociation(false)));

    assertThat(errorCode(thrown)).isEqualTo("Resource.AlreadyAssociated");
  }

  @Test
  void associateAddress_afterDisassociate_restoresPublicIp() {
    sandbox.ec2.disassociateAddress(r -> r.associationId("eipassoc-0abc123def4560001"));

    String association = sandbox.ec2.associateAddress(r -> r.allocationId("eipalloc-0abc123def4560001")
        .networkInterfaceId("eni-0a1b2c3d4e5f60001").privateIpAddress("10.0.1.55").allowReassociation(false))
        .associationId();

    var address = sandbox.ec2.describeAddresses(r -> r.allocationIds("eipalloc-0abc123def4560001")).addresses().get(0);
    assertThat(address.associationId()).isEqualTo(association);
    assertThat(address.instanceId()).isEqualTo("i-0abc123def456");
    var eni = sandbox.ec2.describeNetworkInterfaces(r -> r.networkInterfaceIds("eni-0a1b2c3d4e5f60001"))
        .networkInterfaces().get(0);
    assertThat(eni.association().publicIp()).isEqualTo("198.51.100.20");
  }

  @Test
  void attachInstances_detachedInstance_raisesDesiredCapacity() {
    sandbox.autoScaling.detachInstances(r -> r.autoScalingGroupName("prod-order-service-asg")
        .instanceIds("i-0abc123def456").shouldDecrementDesiredCapacity(true));
    int desired = sandbox.autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("prod-order-service-asg"))
        .autoScalingGroups().get(0).desiredCapacity();

    sandbox.autoScaling.attachInstances(r -> r.autoScalingGroupName("prod-order-service-asg").instanceIds("i-0abc123def456"));

    var group = sandbox.autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("prod-order-service-asg"))
        .autoScalingGroups().get(0);
    assertThat(group.desiredCapacity()).isEqualTo(desired + 1);
    assertThat(group.instances()).extracting(i -> i.instanceId()).contains("i-0abc123def456");
  }

  @Test
  void attachInstances_memberAlready_rejected() {
    Throwable thrown = catchThrowable(() -> sandbox.autoScaling.attachInstances(
        r -> r.autoScalingGroupName("prod-order-service-asg").instanceIds("i-0abc123def456")));

    assertThat(errorCode(thrown)).isEqualTo("ValidationError");
  }
}
