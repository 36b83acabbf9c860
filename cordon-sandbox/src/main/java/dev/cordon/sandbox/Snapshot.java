package dev.cordon.sandbox;

import java.util.LinkedHashMap;
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
  Map<String, String> tags = new LinkedHashMap<>();
}
