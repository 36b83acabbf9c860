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
}
