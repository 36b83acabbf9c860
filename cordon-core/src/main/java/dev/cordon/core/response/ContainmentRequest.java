package dev.cordon.core.response;

import dev.cordon.core.guardduty.GuardDutyFinding;
import dev.cordon.core.input.UsageException;

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
 * @param forensicCopy where to share re-encrypted copies of the snapshots, or null for no copies
 * @param ignoreIncidentTag whether to contain although the instance's {@code cordon:incident} tag
 *     names an incident without a journal here, for a tag Cordon did not write; an instance with
 *     a quarantine group or profile is rejected still
 */
public record ContainmentRequest(
    String instanceId, GuardDutyFinding finding, String incidentId, boolean stop, boolean force,
    boolean standby, MemoryCapture memory, boolean waiveMemory, ForensicCopy forensicCopy,
    boolean ignoreIncidentTag) {

  /** A request without memory capture or forensic copies. */
  public ContainmentRequest(String instanceId, GuardDutyFinding finding, String incidentId, boolean stop,
      boolean force, boolean standby) {
    this(instanceId, finding, incidentId, stop, force, standby, null, false, null, false);
  }

  /** A request with forensic copies and without memory capture. */
  public ContainmentRequest(String instanceId, GuardDutyFinding finding, String incidentId, boolean stop,
      boolean force, boolean standby, ForensicCopy forensicCopy) {
    this(instanceId, finding, incidentId, stop, force, standby, null, false, forensicCopy, false);
  }

  /** A request with memory capture and without forensic copies. */
  public ContainmentRequest(String instanceId, GuardDutyFinding finding, String incidentId, boolean stop,
      boolean force, boolean standby, MemoryCapture memory, boolean waiveMemory) {
    this(instanceId, finding, incidentId, stop, force, standby, memory, waiveMemory, null, false);
  }

  /**
   * The forensic account that receives copies of the snapshots, and the customer managed KMS key
   * the copies are encrypted with. The key's policy must let that account use it, because EC2
   * cannot share snapshots encrypted with the AWS managed EBS key.
   *
   * @param accountId 12-digit AWS account ID
   * @param kmsKeyId key ARN, key ID, alias name or alias ARN in the instance's account and region
   */
  public record ForensicCopy(String accountId, String kmsKeyId) {
    /**
     * Returns the forensic copy the two options ask for, or null when neither is given.
     *
     * @throws UsageException when one is missing, the account ID is not 12 digits, or the key is
     *     the AWS managed EBS key
     */
    public static ForensicCopy of(String accountId, String kmsKeyId) {
      if (accountId == null && kmsKeyId == null) {
        return null;
      }
      if (accountId == null) {
        throw new UsageException("--forensic-kms-key needs --forensic-account ID, the 12-digit account"
            + " that receives the snapshot copies.");
      }
      if (!accountId.matches("[0-9]{12}")) {
        throw new UsageException("Invalid --forensic-account '" + accountId + "': expected a 12-digit AWS account ID.");
      }
      if (kmsKeyId == null || kmsKeyId.isBlank()) {
        throw new UsageException("Missing --forensic-kms-key: pass the ARN of a customer managed KMS key whose"
            + " key policy lets account " + accountId + " use it; snapshots are copied and re-encrypted with it"
            + " before they are shared.");
      }
      if (isAwsManaged(kmsKeyId)) {
        throw new UsageException("Invalid --forensic-kms-key '" + kmsKeyId + "': AWS managed keys (alias/aws/...)"
            + " cannot be used by another account, so EC2 cannot share snapshots encrypted with them. Pass the"
            + " ARN of a customer managed key whose key policy lets account " + accountId + " use it.");
      }
      return new ForensicCopy(accountId, kmsKeyId);
    }

    /**
     * Returns whether the ID names an AWS managed key by alias. NOTE: a managed key given by key
     * ID or key ARN is not detected without a KMS DescribeKey call, so sharing fails later instead.
     */
    private static boolean isAwsManaged(String kmsKeyId) {
      return kmsKeyId.startsWith("alias/aws/") || kmsKeyId.contains(":alias/aws/");
    }
  }

  /** Returns the remote address to deny in the network ACLs, or null when there is none. */
  public String remoteAddress() {
    return finding == null ? null : finding.remoteIp();
  }

  public String findingId() {
    return finding == null ? null : finding.id();
  }
}
