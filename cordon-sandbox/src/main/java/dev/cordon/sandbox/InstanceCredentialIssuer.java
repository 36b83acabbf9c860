package dev.cordon.sandbox;

import java.time.Duration;
import java.time.Instant;

/** Issues the role credentials an instance receives through its instance profile. */
final class InstanceCredentialIssuer {
  /**
   * Expiration recorded with instance credentials. Six hours is a typical lifetime, not a value AWS
   * documents, and the sandbox never expires credentials anyway.
   */
  private static final Duration LIFETIME = Duration.ofHours(6);

  private InstanceCredentialIssuer() {}

  /**
   * Issues and records credentials of {@code instanceId}'s profile role at the current scenario
   * time. The caller holds the state lock.
   *
   * @throws IllegalArgumentException when the instance is unknown or has no profile with a role
   */
  static InstanceCredentials issue(AccountState state, String instanceId, String sourceIp) {
    Instance instance = state.instance(instanceId)
        .orElseThrow(() -> new IllegalArgumentException("Instance " + instanceId + " not found in the scenario."));
    if (instance.iamInstanceProfile == null) {
      throw new IllegalArgumentException("Instance " + instanceId + " has no IAM instance profile, so it has no role credentials.");
    }
    InstanceProfile profile = state.instanceProfileByArn(instance.iamInstanceProfile.arn)
        .orElseThrow(() -> new IllegalArgumentException("Instance profile " + instance.iamInstanceProfile.arn + " of " + instanceId + " not found."));
    IamRole role = profile.roleNames.stream()
        .findFirst()
        .flatMap(state::role)
        .orElseThrow(() -> new IllegalArgumentException("Instance profile " + profile.instanceProfileName + " of " + instanceId + " has no role."));

    Instant issued = state.clockNow();
    state.idSequence++;
    InstanceCredential credential = new InstanceCredential();
    credential.accessKeyId = String.format("ASIA%016X", state.idSequence);
    credential.secretAccessKey = "sandbox-instance-secret-" + credential.accessKeyId;
    credential.sessionToken = "sandbox-instance-token-" + credential.accessKeyId;
    credential.instanceId = instanceId;
    credential.instanceArn = PolicyRequests.instanceArn(state, instanceId);
    credential.roleName = role.roleName;
    credential.arn = "arn:aws:sts::" + state.accountId + ":assumed-role/" + role.roleName + "/" + instanceId;
    credential.userId = role.roleId + ":" + instanceId;
    credential.issuedAt = issued.toString();
    credential.expiration = issued.plus(LIFETIME).toString();
    credential.sourceIp = sourceIp;
    state.instanceCredentials.add(credential);
    return new InstanceCredentials(
        credential.accessKeyId, credential.secretAccessKey, credential.sessionToken, instanceId, issued);
  }
}
