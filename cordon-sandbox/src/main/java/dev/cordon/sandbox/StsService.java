package dev.cordon.sandbox;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS Security Token Service over the query protocol: GetCallerIdentity and AssumeRole. A session
 * from AssumeRole is recorded in the state, and requests signed with its access key identify as
 * the assumed role.
 */
final class StsService extends QueryProtocolService {
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

  /** Shortest and default session AssumeRole grants, in seconds. */
  private static final int MIN_SESSION_SECONDS = 900;
  private static final int DEFAULT_SESSION_SECONDS = 3600;

  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]+)");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

  StsService() {
    super("sts", NAMESPACE, "2011-06-15");
    register("GetCallerIdentity", StsService::getCallerIdentity);
    register("AssumeRole", StsService::assumeRole);
  }

  private static String getCallerIdentity(QueryCall call) {
    AccountState state = call.state;
    RoleSession session = state.roleSession(call.scope.accessKeyId()).orElse(null);
    Xml xml = call.result();
    xml.text("Arn", session == null ? state.caller.arn : session.arn)
        .text("UserId", session == null ? state.caller.userId : session.assumedRoleId)
        .text("Account", state.accountId);
    return call.finish(xml);
  }

  /**
   * Grants a session on a role of this account. The trust policy is not evaluated: any caller may
   * assume any role that exists, and an unknown role is AccessDenied as in AWS.
   */
  private static String assumeRole(QueryCall call) {
    AccountState state = call.state;
    String roleArn = call.params.require("RoleArn");
    String sessionName = call.params.require("RoleSessionName");
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw AwsError.badRequest(
          "ValidationError",
          "1 validation error detected: Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}");
    }
    Matcher arn = ROLE_ARN.matcher(roleArn);
    if (!arn.matches()) {
      throw AwsError.badRequest("ValidationError", roleArn + " is invalid");
    }
    String callerArn = IamService.callerArn(state, call.scope);
    IamRole role =
        state.role(arn.group(2))
            .filter(r -> arn.group(1).equals(state.accountId) && r.arn(state.accountId).equals(roleArn))
            .orElseThrow(
                () -> new AwsError(403, "AccessDenied",
                    "User: " + callerArn + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn));
    Integer requested = call.params.integer("DurationSeconds");
    int duration = requested == null ? DEFAULT_SESSION_SECONDS : requested;
    if (duration < MIN_SESSION_SECONDS || duration > role.maxSessionDuration) {
      throw AwsError.badRequest(
          "ValidationError",
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role or is below " + MIN_SESSION_SECONDS + ".");
    }

    Instant issued = state.clockNow();
    RoleSession session = new RoleSession();
    state.idSequence++;
    session.accessKeyId = String.format("ASIA%016X", state.idSequence);
    session.roleArn = roleArn;
    session.roleSessionName = sessionName;
    session.assumedRoleId = role.roleId + ":" + sessionName;
    session.arn = "arn:aws:sts::" + state.accountId + ":assumed-role/" + role.roleName + "/" + sessionName;
    session.issuedAt = issued.toString();
    session.expiration = issued.plusSeconds(duration).toString();
    session.sourceArn = callerArn;
    state.roleSessions.add(session);

    Xml xml = call.result();
    xml.start("Credentials")
        .text("AccessKeyId", session.accessKeyId)
        .text("SecretAccessKey", "sandbox-session-secret-" + session.accessKeyId)
        .text("SessionToken", "sandbox-session-token-" + session.accessKeyId)
        .text("Expiration", session.expiration)
        .end();
    xml.start("AssumedRoleUser")
        .text("AssumedRoleId", session.assumedRoleId)
        .text("Arn", session.arn)
        .end();
    xml.text("PackedPolicySize", 0);
    return call.finish(xml);
  }
}
