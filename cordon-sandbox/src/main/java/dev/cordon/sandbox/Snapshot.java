package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An EBS snapshot; {@code progress} is a percentage from 0 to 100. */
final class Snapshot {
  String snapshotId;
  String volumeId;
  int volumeSize;
  String description = "";
  /** One of pending, completed, error. */
  String state;
  int progress;
  String startTime;
  boolean encrypted;
  /** ARN of the KMS key of an encrypted snapshot, or null when unencrypted. */
  String kmsKeyId;
  /** Accounts allowed to create volumes from the snapshot (createVolumePermission). */
  List<String> sharedWith = new ArrayList<>();
  Map<String, String> tags = new LinkedHashMap<>();
}
