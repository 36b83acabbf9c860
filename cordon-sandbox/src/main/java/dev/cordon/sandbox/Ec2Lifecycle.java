package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves transitional states on. The sandbox has no background work: each Describe call first
 * completes pending transitions, so a client that polls gets what EC2 would return a little later.
 * Instances go pending to running, stopping to stopped and shutting-down to terminated in one
 * step; snapshots gain {@value #SNAPSHOT_PROGRESS_STEP} points of progress per step until
 * completed.
 */
final class Ec2Lifecycle {
  /** Progress a pending snapshot makes per Describe call, in percentage points. */
  static final int SNAPSHOT_PROGRESS_STEP = 50;

  private Ec2Lifecycle() {}

  static void settle(AccountState state) {
    for (Instance instance : state.instances) {
      switch (instance.state) {
        case "pending":
          instance.state = "running";
          break;
        case "stopping":
          instance.state = "stopped";
          break;
        case "shutting-down":
          finishTermination(state, instance);
          break;
        default:
          break;
      }
    }
    for (Snapshot snapshot : state.snapshots) {
      if (snapshot.state.equals("pending")) {
        snapshot.progress = Math.min(100, snapshot.progress + SNAPSHOT_PROGRESS_STEP);
        if (snapshot.progress == 100) {
          snapshot.state = "completed";
        }
      }
    }
  }

  /**
   * Marks the instance terminated and releases its storage and network interfaces as EC2 does:
   * attachments flagged DeleteOnTermination are deleted with it, the others are detached and kept.
   */
  private static void finishTermination(AccountState state, Instance instance) {
    instance.state = "terminated";
    List<Volume> deleted = new ArrayList<>();
    for (Volume volume : state.volumesOf(instance.instanceId)) {
      if (volume.attachment.deleteOnTermination) {
        deleted.add(volume);
      } else {
        volume.attachment = null;
        volume.state = "available";
      }
    }
    state.volumes.removeAll(deleted);

    List<NetworkInterface> removed = new ArrayList<>();
    for (NetworkInterface eni : state.interfacesOf(instance.instanceId)) {
      if (eni.attachment.deleteOnTermination) {
        removed.add(eni);
      } else {
        eni.attachment = null;
        eni.status = "available";
      }
    }
    state.networkInterfaces.removeAll(removed);
  }
}
