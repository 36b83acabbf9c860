package dev.cordon.sandbox;

/**
 * Role credentials handed to an instance through its instance profile, as the instance metadata
 * service would deliver them. The sandbox serves no metadata endpoint: tests obtain them from
 * {@link SandboxServer#instanceCredentials}. Like in AWS, they stay valid after the instance
 * loses its profile, which is why containment denies them by policy.
 */
final class InstanceCredential {
  String accessKeyId;
  String secretAccessKey;
  String sessionToken;
  String instanceId;
  /** Value of the {@code ec2:SourceInstanceARN} condition key. */
  String instanceArn;
  String roleName;
  /** Assumed-role ARN whose session name is the instance id, as EC2 names it. */
  String arn;
  /** Role id and instance id joined by a colon, the {@code aws:userid} of the session. */
  String userId;
  /** Scenario time of issue, the {@code aws:TokenIssueTime} condition key. */
  String issuedAt;
  String expiration;
  /** Value of {@code aws:SourceIp} for calls with these credentials; null means the caller's address. */
  String sourceIp;
}
