package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tag, volume and snapshot operations. */
final class Ec2Storage {
  /** EC2 tag limits: key and value lengths in characters, tags per resource. */
  private static final int MAX_KEY_LENGTH = 128;

  private static final int MAX_VALUE_LENGTH = 256;
  private static final int MAX_TAGS_PER_RESOURCE = 50;

  private Ec2Storage() {}

  /** Adds or overwrites tags on every resource, or on none when one id is unknown. */
  static String createTags(Ec2Call call) {
    List<String> resourceIds = call.params.list("ResourceId");
    if (resourceIds.isEmpty()) {
      throw AwsError.missingParameter("ResourceId");
    }
    Map<String, String> tags = tags(call.params.members("Tag"));
    if (tags.isEmpty()) {
      throw AwsError.missingParameter("Tag");
    }
    List<Map<String, String>> targets = new ArrayList<>();
    for (String id : resourceIds) {
      Map<String, String> existing = call.state.tagsOf(id).orElseThrow(() -> notFound(id));
      Map<String, String> merged = new LinkedHashMap<>(existing);
      merged.putAll(tags);
      if (merged.size() > MAX_TAGS_PER_RESOURCE) {
        throw AwsError.badRequest(
            "TagLimitExceeded", "The maximum number of tags (" + MAX_TAGS_PER_RESOURCE + ") for " + id + " has been reached.");
      }
      targets.add(existing);
    }
    call.checkDryRun();
    targets.forEach(existing -> existing.putAll(tags));
    return call.returnTrue();
  }

  /**
   * Deletes tags from resources, as EC2 does. A tag given with a value is deleted only where it has
   * that value, and a key alone whatever its value. A call without tags deletes every tag but the
   * reserved {@code aws:} ones, which cannot be deleted by name either.
   */
  static String deleteTags(Ec2Call call) {
    List<String> resourceIds = call.params.list("ResourceId");
    if (resourceIds.isEmpty()) {
      throw AwsError.missingParameter("ResourceId");
    }
    List<QueryParams> members = call.params.members("Tag");
    List<Map<String, String>> targets = new ArrayList<>();
    for (String id : resourceIds) {
      targets.add(call.state.tagsOf(id).orElseThrow(() -> notFound(id)));
    }
    for (QueryParams member : members) {
      String key = member.require("Key");
      if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
        throw AwsError.invalidValue("Tag.Key", key, "Tag keys starting with 'aws:' are reserved for AWS use.");
      }
    }
    call.checkDryRun();
    for (Map<String, String> existing : targets) {
      if (members.isEmpty()) {
        existing.keySet().removeIf(key -> !key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:"));
      }
      for (QueryParams member : members) {
        String key = member.require("Key");
        String value = member.get("Value");
        if (value == null || value.equals(existing.get(key))) {
          existing.remove(key);
        }
      }
    }
    return call.returnTrue();
  }

  /** Returns whether XML 1.0 can carry every character of {@code text}. */
  private static boolean isXmlText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0xD800) || (c >= 0xE000 && c < 0xFFFE)
          || (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(++i)));
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** Returns the error EC2 gives for an unknown id, chosen by the id's prefix. */
  private static AwsError notFound(String id) {
    String prefix = id.contains("-") ? id.substring(0, id.indexOf('-')) : "";
    switch (prefix) {
      case "i":
        return AwsError.badRequest("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
      case "sg":
        return AwsError.badRequest("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
      case "vol":
        return AwsError.badRequest("InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
      case "snap":
        return AwsError.badRequest("InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
      case "eni":
        return AwsError.badRequest(
            "InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist");
      case "acl":
        return AwsError.badRequest("InvalidNetworkAclID.NotFound", "The network ACL '" + id + "' does not exist");
      case "subnet":
        return AwsError.badRequest("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
      case "vpc":
        return AwsError.badRequest("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
      default:
        return AwsError.badRequest("InvalidID", "The ID '" + id + "' is not valid");
    }
  }

  /** Reads {@code Key}/{@code Value} members, checking the limits EC2 enforces. */
  private static Map<String, String> tags(List<QueryParams> members) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (QueryParams member : members) {
      String key = member.require("Key");
      String value = member.get("Value") == null ? "" : member.get("Value");
      if (key.length() > MAX_KEY_LENGTH || value.length() > MAX_VALUE_LENGTH) {
        throw AwsError.invalidValue("Tag", key, "Keys are limited to 128 characters and values to 256.");
      }
      if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
        throw AwsError.invalidValue("Tag.Key", key, "Tag keys starting with 'aws:' are reserved for AWS use.");
      }
      if (!isXmlText(key) || !isXmlText(value)) {
        // Every Describe response would carry the tag, and XML 1.0 cannot.
        throw AwsError.invalidValue("Tag", key, "Tags may not contain control characters.");
      }
      tags.put(key, value);
    }
    return tags;
  }

  /** Returns the tags a request's {@code TagSpecification.N} gives resources of {@code resourceType}. */
  static Map<String, String> tagSpecification(QueryParams params, String resourceType) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (QueryParams specification : params.members("TagSpecification")) {
      String type = specification.require("ResourceType");
      if (type.equals(resourceType)) {
        tags.putAll(tags(specification.members("Tag")));
      }
    }
    return tags;
  }

  /** One row of DescribeTags. */
  private record TagRow(String resourceId, String resourceType, String key, String value) {}

  static String describeTags(Ec2Call call) {
    List<TagRow> rows = new ArrayList<>();
    for (AccountState.TaggedResource resource : call.state.taggedResources()) {
      resource.tags().forEach((key, value) -> rows.add(new TagRow(resource.id(), resource.type(), key, value)));
    }
    Ec2Filters<TagRow> filters =
        new Ec2Filters<TagRow>(row -> Map.of())
            .single("resource-id", TagRow::resourceId)
            .single("resource-type", TagRow::resourceType)
            .single("key", TagRow::key)
            .single("value", TagRow::value);
    List<TagRow> filtered = filters.apply(rows, call.params);
    return call.describePage(filtered, "tagSet", 5, 1000, Ec2Storage::writeTagRow);
  }

  private static void writeTagRow(Xml xml, TagRow row) {
    xml.start("item")
        .text("resourceId", row.resourceId())
        .text("resourceType", row.resourceType())
        .text("key", row.key())
        .text("value", row.value())
        .end();
  }

  static String describeVolumes(Ec2Call call) {
    List<String> ids = call.params.list("VolumeId");
    List<Volume> selected = new ArrayList<>();
    if (ids.isEmpty()) {
      selected.addAll(call.state.volumes);
    } else {
      ids.forEach(id -> selected.add(requireVolume(call.state, id)));
    }
    Ec2Filters<Volume> filters =
        new Ec2Filters<Volume>(volume -> volume.tags)
            .single("volume-id", v -> v.volumeId)
            .single("status", v -> v.state)
            .single("size", v -> v.size)
            .single("volume-type", v -> v.volumeType)
            .single("availability-zone", v -> v.availabilityZone)
            .single("snapshot-id", v -> v.snapshotId)
            .single("attachment.instance-id", v -> v.attachment == null ? null : v.attachment.instanceId)
            .single("attachment.device", v -> v.attachment == null ? null : v.attachment.device)
            .single(
                "attachment.delete-on-termination",
                v -> v.attachment == null ? null : v.attachment.deleteOnTermination);
    List<Volume> filtered = filters.apply(selected, call.params);
    return call.describePage(filtered, "volumeSet", 5, 500, Ec2Writers::volume);
  }

  static Volume requireVolume(AccountState state, String id) {
    return state.volume(id).orElseThrow(() -> notFound(id.startsWith("vol-") ? id : "vol-" + id));
  }

  /** Starts a snapshot of one volume in state pending at 0% progress. */
  static String createSnapshot(Ec2Call call) {
    Volume volume = requireVolume(call.state, call.params.require("VolumeId"));
    Map<String, String> tags = tagSpecification(call.params, "snapshot");
    call.checkDryRun();
    Snapshot snapshot = newSnapshot(call, volume, call.params.get("Description"), tags);

    Xml xml = call.response();
    Ec2Writers.snapshotMembers(xml, call.state, snapshot);
    return xml.finish();
  }

  /** Starts one snapshot per volume of an instance, as a crash-consistent set. */
  static String createSnapshots(Ec2Call call) {
    QueryParams specification = call.params.child("InstanceSpecification");
    Instance instance = Ec2Instances.require(call.state, specification.require("InstanceId"));
    boolean excludeBoot = specification.flag("ExcludeBootVolume");
    List<String> excluded = specification.list("ExcludeDataVolumeId");
    boolean copyVolumeTags = "volume".equals(call.params.get("CopyTagsFromSource"));
    Map<String, String> tags = tagSpecification(call.params, "snapshot");
    call.checkDryRun();

    Xml xml = call.response();
    xml.start("snapshotSet");
    for (Volume volume : call.state.volumesOf(instance.instanceId)) {
      boolean boot = volume.attachment.device.equals(instance.rootDeviceName);
      if ((boot && excludeBoot) || excluded.contains(volume.volumeId)) {
        continue;
      }
      Map<String, String> snapshotTags = new LinkedHashMap<>();
      if (copyVolumeTags) {
        snapshotTags.putAll(volume.tags);
      }
      snapshotTags.putAll(tags);
      Snapshot snapshot = newSnapshot(call, volume, call.params.get("Description"), snapshotTags);
      xml.start("item")
          .text("snapshotId", snapshot.snapshotId)
          .text("volumeId", snapshot.volumeId)
          .text("state", snapshot.state)
          .text("startTime", snapshot.startTime)
          .text("progress", snapshot.progress + "%")
          .text("ownerId", call.state.accountId)
          .text("volumeSize", snapshot.volumeSize)
          .text("description", snapshot.description)
          .text("encrypted", snapshot.encrypted)
          .text("kmsKeyId", snapshot.kmsKeyId);
      Ec2Writers.tags(xml, snapshot.tags);
      xml.end();
    }
    xml.end();
    return xml.finish();
  }

  static Snapshot newSnapshot(
      Ec2Call call, Volume volume, String description, Map<String, String> tags) {
    Snapshot snapshot = new Snapshot();
    snapshot.snapshotId = call.state.nextId("snap");
    snapshot.volumeId = volume.volumeId;
    snapshot.volumeSize = volume.size;
    snapshot.description = description == null ? "" : description;
    snapshot.state = "pending";
    snapshot.progress = 0;
    snapshot.startTime = call.state.clockNow().toString();
    snapshot.encrypted = volume.encrypted;
    snapshot.kmsKeyId = volume.encrypted ? call.state.awsManagedEbsKeyArn() : null;
    snapshot.tags.putAll(tags);
    call.state.snapshots.add(snapshot);
    return snapshot;
  }

  static String describeSnapshots(Ec2Call call) {
    List<String> ids = call.params.list("SnapshotId");
    List<Snapshot> selected = new ArrayList<>();
    if (ids.isEmpty()) {
      selected.addAll(call.state.snapshots);
    } else {
      for (String id : ids) {
        selected.add(call.state.snapshot(id).orElseThrow(() -> notFound(id)));
      }
    }
    for (String owner : call.params.list("Owner")) {
      if (!owner.equals("self") && !owner.equals(call.state.accountId)) {
        selected.clear();
      }
    }
    Ec2Filters<Snapshot> filters =
        new Ec2Filters<Snapshot>(snapshot -> snapshot.tags)
            .single("snapshot-id", s -> s.snapshotId)
            .single("volume-id", s -> s.volumeId)
            .single("status", s -> s.state)
            .single("progress", s -> s.progress + "%")
            .single("description", s -> s.description)
            .single("owner-id", s -> call.state.accountId)
            .single("volume-size", s -> s.volumeSize);
    List<Snapshot> filtered = filters.apply(selected, call.params);
    return call.describePage(filtered, "snapshotSet", 5, 1000, (xml, snapshot) -> {
      xml.start("item");
      Ec2Writers.snapshotMembers(xml, call.state, snapshot);
      xml.end();
    });
  }
}
