package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.assertDryRunPassed;
import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotInfo;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

class Ec2StorageContractTest extends SeedSandboxTest {
  private static final String COMPROMISED = "i-0abc123def456";

  private Snapshot describeSnapshot(String snapshotId) {
    return sandbox.ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
  }

  @Test
  void describeVolumes_instanceFilter_returnsTwoVolumes() {
    var volumes =
        sandbox.ec2.describeVolumes(
                r -> r.filters(Filter.builder().name("attachment.instance-id").values(COMPROMISED).build()))
            .volumes();

    assertThat(volumes).extracting(v -> v.volumeId()).containsExactly("vol-0abc123def4560001", "vol-0abc123def4560002");
    assertThat(volumes.get(0).attachments().get(0).device()).isEqualTo("/dev/xvda");
    assertThat(volumes.get(1).size()).isEqualTo(100);
  }

  @Test
  void createSnapshot_progressesFromPendingToCompleted() {
    TagSpecification evidence =
        TagSpecification.builder()
            .resourceType(ResourceType.SNAPSHOT)
            .tags(Tag.builder().key("cordon:incident").value("INC-1").build())
            .build();

    CreateSnapshotResponse created =
        sandbox.ec2.createSnapshot(
            r -> r.volumeId("vol-0abc123def4560002").description("evidence").tagSpecifications(evidence));

    assertThat(created.state()).isEqualTo(SnapshotState.PENDING);
    assertThat(created.progress()).isEqualTo("0%");
    assertThat(created.tags()).extracting(Tag::key).containsExactly("cordon:incident");
    // Each Describe call moves a pending snapshot 50 points on: 0% -> 50% -> 100% completed.
    Snapshot first = describeSnapshot(created.snapshotId());
    assertThat(first.state()).isEqualTo(SnapshotState.PENDING);
    assertThat(first.progress()).isEqualTo("50%");
    Snapshot second = describeSnapshot(created.snapshotId());
    assertThat(second.state()).isEqualTo(SnapshotState.COMPLETED);
    assertThat(second.progress()).isEqualTo("100%");
    assertThat(second.volumeSize()).isEqualTo(100);
  }

  @Test
  void createSnapshot_unknownVolume_isNotFound() {
    Throwable thrown = catchThrowable(() -> sandbox.ec2.createSnapshot(r -> r.volumeId("vol-0000000000000dead")));

    assertThat(errorCode(thrown)).isEqualTo("InvalidVolume.NotFound");
  }

  @Test
  void createSnapshots_instance_snapshotsEveryVolume() {
    List<SnapshotInfo> snapshots =
        sandbox.ec2.createSnapshots(
                r -> r.instanceSpecification(s -> s.instanceId(COMPROMISED)).description("evidence"))
            .snapshots();

    assertThat(snapshots).extracting(SnapshotInfo::volumeId)
        .containsExactly("vol-0abc123def4560001", "vol-0abc123def4560002");
    assertThat(snapshots).allSatisfy(s -> assertThat(s.state()).isEqualTo(SnapshotState.PENDING));
  }

  @Test
  void createSnapshots_excludeBootVolume_skipsRoot() {
    List<SnapshotInfo> snapshots =
        sandbox.ec2.createSnapshots(
                r -> r.instanceSpecification(s -> s.instanceId(COMPROMISED).excludeBootVolume(true)))
            .snapshots();

    assertThat(snapshots).extracting(SnapshotInfo::volumeId).containsExactly("vol-0abc123def4560002");
  }

  @Test
  void createSnapshots_dryRun_createsNothing() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.createSnapshots(r -> r.instanceSpecification(s -> s.instanceId(COMPROMISED)).dryRun(true)));

    assertDryRunPassed(thrown);
    assertThat(sandbox.ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots()).isEmpty();
  }

  @Test
  void createTags_instance_isDescribed() {
    sandbox.ec2.createTags(
        r -> r.resources(COMPROMISED, "eni-0a1b2c3d4e5f60001")
            .tags(Tag.builder().key("cordon:status").value("quarantined").build()));

    List<TagDescription> tags =
        sandbox.ec2.describeTags(r -> r.filters(Filter.builder().name("key").values("cordon:status").build())).tags();
    assertThat(tags).extracting(TagDescription::resourceId).containsExactly(COMPROMISED, "eni-0a1b2c3d4e5f60001");
    assertThat(tags).extracting(t -> t.resourceTypeAsString()).containsExactly("instance", "network-interface");
  }

  @Test
  void deleteTags_keyOrMatchingValue_removed() {
    sandbox.ec2.createTags(r -> r.resources(COMPROMISED).tags(Tag.builder().key("cordon:incident").value("forged").build(),
        Tag.builder().key("keep").value("a").build()));

    sandbox.ec2.deleteTags(r -> r.resources(COMPROMISED).tags(Tag.builder().key("keep").value("other").build()));
    sandbox.ec2.deleteTags(r -> r.resources(COMPROMISED).tags(Tag.builder().key("cordon:incident").build()));

    List<TagDescription> tags = sandbox.ec2.describeTags(r -> r.filters(
        Filter.builder().name("resource-id").values(COMPROMISED).build())).tags();
    assertThat(tags).extracting(TagDescription::key).contains("keep").doesNotContain("cordon:incident");
  }

  @Test
  void createTags_escapeCharacter_rejected() {
    Throwable thrown = catchThrowable(() -> sandbox.ec2.createTags(
        r -> r.resources(COMPROMISED).tags(Tag.builder().key("cordon:incident").value("forged\u001b[31m").build())));

    assertThat(errorCode(thrown)).isEqualTo("InvalidParameterValue");
    assertThat(sandbox.ec2.describeInstances(r -> r.instanceIds(COMPROMISED)).reservations()).hasSize(1);
  }

  @Test
  void deleteTags_reservedKey_keptAndRejected() {
    String group = "aws:autoscaling:groupName";
    Throwable thrown = catchThrowable(() -> sandbox.ec2.deleteTags(
        r -> r.resources("i-0abc123def789").tags(Tag.builder().key(group).build())));
    sandbox.ec2.deleteTags(r -> r.resources("i-0abc123def789"));

    assertThat(errorCode(thrown)).isEqualTo("InvalidParameterValue");
    assertThat(sandbox.ec2.describeTags(r -> r.filters(Filter.builder().name("resource-id").values("i-0abc123def789")
        .build())).tags()).extracting(TagDescription::key).containsExactly(group);
  }

  @Test
  void createTags_unknownResource_changesNothing() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.createTags(
                r -> r.resources(COMPROMISED, "i-0000000000000dead").tags(Tag.builder().key("k").value("v").build())));

    assertThat(errorCode(thrown)).isEqualTo("InvalidInstanceID.NotFound");
    assertThat(sandbox.ec2.describeTags(r -> r.filters(Filter.builder().name("key").values("k").build())).tags()).isEmpty();
  }

  @Test
  void describeTags_paginator_walksEveryPage() {
    int unpaged = sandbox.ec2.describeTags().tags().size();

    List<TagDescription> paged =
        sandbox.ec2.describeTagsPaginator(r -> r.maxResults(5)).tags().stream().toList();
    int pages = (int) sandbox.ec2.describeTagsPaginator(r -> r.maxResults(5)).stream().count();

    // The seed carries 15 tags: 4 per instance, 1 per volume, 1 each on the VPC, subnet, ACL and
    // Elastic IP.
    assertThat(unpaged).isEqualTo(4 * 2 + 3 + 4);
    assertThat(paged).hasSize(unpaged);
    assertThat(pages).isEqualTo((unpaged + 4) / 5);
  }

  @Test
  void describeTags_badToken_isInvalidPaginationToken() {
    Throwable thrown = catchThrowable(() -> sandbox.ec2.describeTags(r -> r.maxResults(5).nextToken("garbage")));

    assertThat(errorCode(thrown)).isEqualTo("InvalidPaginationToken");
  }
}
