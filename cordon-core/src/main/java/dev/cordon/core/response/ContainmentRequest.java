package dev.cordon.core.response;

import dev.cordon.core.guardduty.GuardDutyFinding;

/**
 * Request of one {@code cordon contain} run.
 *
 * @param instanceId instance to contain; taken from the finding when null
 * @param finding GuardDuty finding that triggered the response, or null
 * @param incidentId incident ID to use, or null to derive it
 * @param stop whether to stop the instance once the evidence is taken
 * @param force whether to act on a GuardDuty sample finding
 * @param standby whether to put the instance in Standby in its Auto Scaling group rather than
 *     detach it; both keep the desired capacity, so a replacement launches either way
 * @param memory memory capture to run after isolation, or null for none
 * @param waiveMemory whether the operator accepts stopping without a memory capture
 */
public record ContainmentRequest(
    String instanceId, GuardDutyFinding finding, String incidentId, boolean stop, boolean force,
    boolean standby, MemoryCapture memory, boolean waiveMemory) {

  /** A request without memory capture. */
  public ContainmentRequest(String instanceId, GuardDutyFinding finding, String incidentId, boolean stop,
      boolean force, boolean standby) {
    this(instanceId, finding, incidentId, stop, force, standby, null, false);
  }

  /** Returns the remote address to deny in the network ACLs, or null when there is none. */
  public String remoteAddress() {
    return finding == null ? null : finding.remoteIp();
  }

  public String findingId() {
    return finding == null ? null : finding.id();
  }
}
