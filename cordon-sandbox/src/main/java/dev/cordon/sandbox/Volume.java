package dev.cordon.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** An EBS volume; {@code attachment} carries the DeleteOnTermination flag EC2 keeps per volume. */
final class Volume {
  String volumeId;
  int size;
  String volumeType = "gp3";
  String availabilityZone;
  /** One of creating, available, in-use, deleting, deleted. */
  String state;
  String createTime;
  boolean encrypted;
  String snapshotId;
  Attachment attachment;
  Map<String, String> tags = new LinkedHashMap<>();

  /** The volume's attachment to an instance. */
  static final class Attachment {
    String instanceId;
    String device;
    boolean deleteOnTermination;
    String attachTime;
  }
}
