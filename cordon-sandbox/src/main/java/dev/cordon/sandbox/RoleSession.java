package dev.cordon.sandbox;

/**
 * A session AssumeRole handed out. Requests signed with its access key identify as the assumed
 * role in GetCallerIdentity.
 */
final class RoleSession {
  String accessKeyId;
  String roleArn;
  String roleSessionName;
  String assumedRoleId;
  String arn;
  String issuedAt;
  String expiration;
  /** ARN of the identity that called AssumeRole. */
  String sourceArn;
  /** Value of {@code aws:SourceIp} for calls with this session; null means the caller's address. */
  String sourceIp;
}
