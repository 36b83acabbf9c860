package dev.cordon.sandbox;

import java.time.Instant;
import java.util.Optional;

/**
 * The role session behind a request's access key, whose calls are evaluated against the role's
 * policies: an AssumeRole session or an instance's profile credentials.
 *
 * @param arn the assumed-role session ARN, named in AccessDenied messages
 * @param sourceInstanceArn the instance ARN for instance credentials, otherwise null
 * @param sourceIp the address set for the credentials, or null to use the caller's address
 */
record RequestPrincipal(
    String accessKeyId,
    String arn,
    String userId,
    String roleName,
    Instant issuedAt,
    String sourceInstanceArn,
    String sourceIp) {

  /**
   * Returns the session that owns {@code accessKeyId}, or empty for the scenario's admin key and
   * any other key, whose calls are not evaluated.
   */
  static Optional<RequestPrincipal> of(AccountState state, String accessKeyId) {
    Optional<RoleSession> session = state.roleSession(accessKeyId);
    if (session.isPresent()) {
      RoleSession s = session.get();
      String roleName = s.roleArn.substring(s.roleArn.lastIndexOf('/') + 1);
      return Optional.of(
          new RequestPrincipal(
              accessKeyId, s.arn, s.assumedRoleId, roleName, Instant.parse(s.issuedAt), null, s.sourceIp));
    }
    return state.instanceCredential(accessKeyId)
        .map(c -> new RequestPrincipal(
            accessKeyId, c.arn, c.userId, c.roleName, Instant.parse(c.issuedAt), c.instanceArn, c.sourceIp));
  }
}
