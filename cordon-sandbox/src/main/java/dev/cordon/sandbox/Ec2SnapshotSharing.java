package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Snapshot copies and sharing: CopySnapshot, ModifySnapshotAttribute and DescribeSnapshotAttribute
 * for {@code createVolumePermission}.
 *
 * <p>KMS is not modelled: any key ID is accepted, and only the AWS managed EBS key (alias
 * {@code aws/ebs}) is recognised, because EC2 rejects sharing a snapshot encrypted with it.
 */
final class Ec2SnapshotSharing {
  private static final String AWS_MANAGED_ALIAS = "alias/aws/ebs";
  private static final String PERMISSION_ATTRIBUTE = "createVolumePermission";

  /** Volume ID EC2 reports for a copied snapshot, which no longer names its source volume. */
  static final String COPY_VOLUME_ID = "vol-ffffffff";

  private Ec2SnapshotSharing() {}

  /**
   * Starts a copy of a completed snapshot in this region, pending at 0%. An encrypted copy keeps
   * the source's key unless KmsKeyId names another; an unencrypted source copied with Encrypted
   * gets the AWS managed key unless KmsKeyId is given.
   */
  static String copySnapshot(Ec2Call call) {
    String sourceId = call.params.require("SourceSnapshotId");
    String sourceRegion = call.params.require("SourceRegion");
    Snapshot source = call.state.snapshot(sourceId).orElseThrow(() -> AwsError.badRequest(
        "InvalidSnapshot.NotFound", "The snapshot '" + sourceId + "' does not exist."));
    if (!sourceRegion.equals(call.state.region)) {
      throw AwsError.invalidValue("SourceRegion", sourceRegion, "The sandbox serves " + call.state.region + " only.");
    }
    boolean encrypted = call.params.flag("Encrypted");
    String keyId = call.params.get("KmsKeyId");
    if (keyId != null && !encrypted) {
      throw AwsError.badRequest("InvalidParameterDependency",
          "The parameter KmsKeyId requires the parameter Encrypted to be set.");
    }
    if (!source.state.equals("completed")) {
      throw AwsError.badRequest("IncorrectState", "Snapshot is in invalid state - " + source.state);
    }
    Map<String, String> tags = Ec2Storage.tagSpecification(call.params, "snapshot");
    call.checkDryRun();

    Snapshot copy = new Snapshot();
    copy.snapshotId = call.state.nextId("snap");
    copy.volumeId = COPY_VOLUME_ID;
    copy.volumeSize = source.volumeSize;
    String description = call.params.get("Description");
    copy.description = description == null
        ? "[Copied " + sourceId + " from " + sourceRegion + "]" + source.description : description;
    copy.state = "pending";
    copy.progress = 0;
    copy.startTime = call.state.clockNow().toString();
    copy.encrypted = source.encrypted || encrypted;
    copy.kmsKeyId = keyId != null ? keyArn(call.state, keyId)
        : source.kmsKeyId != null ? source.kmsKeyId
        : copy.encrypted ? call.state.awsManagedEbsKeyArn() : null;
    copy.tags.putAll(tags);
    call.state.snapshots.add(copy);

    Xml xml = call.response();
    xml.text("snapshotId", copy.snapshotId);
    Ec2Writers.tags(xml, copy.tags);
    return xml.finish();
  }

  /** Returns the key ARN for an ID, mapping the {@code aws/ebs} alias to the account's managed key. */
  private static String keyArn(AccountState state, String keyId) {
    if (keyId.equals(AWS_MANAGED_ALIAS) || keyId.endsWith(":" + AWS_MANAGED_ALIAS)) {
      return state.awsManagedEbsKeyArn();
    }
    return keyId;
  }

  /** Adds or removes accounts in a snapshot's createVolumePermission. */
  static String modifySnapshotAttribute(Ec2Call call) {
    Snapshot snapshot = require(call);
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    String operation = call.params.get("OperationType");
    List<String> userIds = call.params.list("UserId");
    if ("add".equals(operation)) {
      added.addAll(userIds);
    } else if ("remove".equals(operation)) {
      removed.addAll(userIds);
    } else if (operation != null) {
      throw AwsError.invalidValue("OperationType", operation, "Expected add or remove.");
    }
    call.params.members("CreateVolumePermission.Add").forEach(member -> added.add(member.require("UserId")));
    call.params.members("CreateVolumePermission.Remove").forEach(member -> removed.add(member.require("UserId")));
    if (added.isEmpty() && removed.isEmpty()) {
      throw AwsError.missingParameter("CreateVolumePermission");
    }
    for (String account : added) {
      if (!account.matches("[0-9]{12}")) {
        throw AwsError.invalidValue("UserId", account, "Expected a 12-digit AWS account ID.");
      }
    }
    if (!added.isEmpty() && call.state.awsManagedEbsKeyArn().equals(snapshot.kmsKeyId)) {
      throw AwsError.badRequest("InvalidParameter",
          "Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.");
    }
    call.checkDryRun();

    for (String account : added) {
      if (!snapshot.sharedWith.contains(account)) {
        snapshot.sharedWith.add(account);
      }
    }
    snapshot.sharedWith.removeAll(removed);
    return call.returnTrue();
  }

  static String describeSnapshotAttribute(Ec2Call call) {
    Snapshot snapshot = require(call);
    call.checkDryRun();

    Xml xml = call.response();
    xml.text("snapshotId", snapshot.snapshotId);
    xml.start(PERMISSION_ATTRIBUTE);
    snapshot.sharedWith.forEach(account -> xml.start("item").text("userId", account).end());
    xml.end();
    return xml.finish();
  }

  /** Returns the snapshot the request names, requiring the attribute to be createVolumePermission. */
  private static Snapshot require(Ec2Call call) {
    String id = call.params.require("SnapshotId");
    String attribute = call.params.get("Attribute");
    if (attribute != null && !attribute.equals(PERMISSION_ATTRIBUTE)) {
      throw AwsError.invalidValue("Attribute", attribute, "The sandbox serves createVolumePermission only.");
    }
    return call.state.snapshot(id).orElseThrow(() -> AwsError.badRequest(
        "InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist."));
  }
}
