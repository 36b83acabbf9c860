package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.assertAwsError;
import static dev.cordon.sandbox.SandboxClients.assertDryRunPassed;
import static dev.cordon.sandbox.SandboxClients.errorCode;
import static dev.cordon.sandbox.SandboxClients.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Explicit-deny evaluation through the SDK clients: calls made with an instance's or an assumed
 * role's credentials against the role's policies, as Cordon's credential containment relies on.
 */
class PolicyEvaluationContractTest extends SeedSandboxTest {
  private static final String ROLE = "order-service-instance-role";
  private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/" + ROLE;
  private static final String SUSPECT = "i-0abc123def456";
  private static final String SIBLING = "i-0abc123def789";
  private static final String SUSPECT_ARN = "arn:aws:ec2:us-east-1:123456789012:instance/" + SUSPECT;
  private static final String SECRET = "prod/order-service/db-password";
  private static final String DENY_MESSAGE = "with an explicit deny in an identity-based policy";

  /** Puts an inline policy with one Deny statement of every action on every resource. */
  private void denyAll(String sid, String condition) {
    putPolicy("cordon-deny", "{\"Sid\":\"" + sid + "\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":" + condition + "}");
  }

  private void putPolicy(String name, String statement) {
    String document = "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";
    sandbox.iam.putRolePolicy(r -> r.roleName(ROLE).policyName(name).policyDocument(document));
  }

  /** SDK clients signing with one set of session credentials, on the sandbox's endpoint. */
  private final class Caller implements AutoCloseable {
    final Ec2Client ec2;
    final SecretsManagerClient secrets;
    final S3Client s3;
    final IamClient iam;
    final StsClient sts;

    Caller(String accessKeyId, String secretAccessKey, String sessionToken) {
      AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.loopback(sandbox.server.endpoint()));
      var credentials = StaticCredentialsProvider.create(AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
      ec2 = factory.configure(Ec2Client.builder()).credentialsProvider(credentials).build();
      secrets = factory.configure(SecretsManagerClient.builder()).credentialsProvider(credentials).build();
      s3 = factory.configure(S3Client.builder()).forcePathStyle(true).credentialsProvider(credentials).build();
      iam = factory.configure(IamClient.builder()).credentialsProvider(credentials).build();
      sts = factory.configure(StsClient.builder()).credentialsProvider(credentials).build();
    }

    @Override
    public void close() {
      ec2.close();
      secrets.close();
      s3.close();
      iam.close();
      sts.close();
    }
  }

  private Caller instance(String instanceId) {
    return caller(sandbox.server.instanceCredentials(instanceId));
  }

  private Caller caller(InstanceCredentials credentials) {
    return new Caller(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
  }

  private Caller caller(Credentials credentials) {
    return new Caller(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
  }

  private Credentials assumeRole(String sessionName) {
    return sandbox.sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName(sessionName)).credentials();
  }

  @ParameterizedTest
  @CsvSource({"ArnEquals", "StringEquals", "ArnLike"})
  void sourceInstanceArnDeny_blocksSuspectNotSibling(String operator) {
    denyAll("CutSuspect", "{\"" + operator + "\":{\"ec2:SourceInstanceARN\":\"" + SUSPECT_ARN + "\"}}");

    try (Caller suspect = instance(SUSPECT); Caller sibling = instance(SIBLING)) {
      Throwable ec2 = catchThrowable(() -> suspect.ec2.describeInstances());
      Throwable secret = catchThrowable(() -> suspect.secrets.describeSecret(r -> r.secretId(SECRET)));

      assertAwsError(ec2, "UnauthorizedOperation", 403);
      assertThat(ec2).hasMessageContaining(
          "User: arn:aws:sts::123456789012:assumed-role/" + ROLE + "/" + SUSPECT
              + " is not authorized to perform: ec2:DescribeInstances " + DENY_MESSAGE);
      assertAwsError(secret, "AccessDeniedException", 400);
      assertThat(secret).hasMessageContaining(
          "secretsmanager:DescribeSecret on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/order-service/db-password-a1B2c3 " + DENY_MESSAGE);
      assertThat(sibling.ec2.describeInstances().reservations()).isNotEmpty();
      assertThat(sibling.secrets.describeSecret(r -> r.secretId(SECRET)).name()).isEqualTo(SECRET);
    }
  }

  @Test
  void sourceInstanceArnDeny_queryAndRestServices_answerAccessDenied() {
    denyAll("CutSuspect", "{\"ArnEquals\":{\"ec2:SourceInstanceARN\":\"" + SUSPECT_ARN + "\"}}");

    try (Caller suspect = instance(SUSPECT)) {
      Throwable iam = catchThrowable(() -> suspect.iam.getRole(r -> r.roleName(ROLE)));
      Throwable s3 = catchThrowable(() -> suspect.s3.listObjectsV2(r -> r.bucket("prod-order-service-data")));

      assertAwsError(iam, "AccessDenied", 403);
      assertThat(iam).hasMessageContaining("iam:GetRole on resource: " + ROLE_ARN + " " + DENY_MESSAGE);
      assertAwsError(s3, "AccessDenied", 403);
      assertThat(s3).hasMessageContaining("s3:ListBucket on resource: arn:aws:s3:::prod-order-service-data " + DENY_MESSAGE);
    }
  }

  /** EC2 checks permissions before DryRun, so a dry run shows whether a deny is in place. */
  @Test
  void sourceInstanceArnDeny_dryRun_isUnauthorized() {
    denyAll("CutSuspect", "{\"ArnEquals\":{\"ec2:SourceInstanceARN\":\"" + SUSPECT_ARN + "\"}}");

    try (Caller suspect = instance(SUSPECT); Caller sibling = instance(SIBLING)) {
      Throwable denied = catchThrowable(() -> suspect.ec2.stopInstances(r -> r.instanceIds(SUSPECT).dryRun(true)));
      Throwable passed = catchThrowable(() -> sibling.ec2.stopInstances(r -> r.instanceIds(SUSPECT).dryRun(true)));

      assertThat(errorCode(denied)).isEqualTo("UnauthorizedOperation");
      assertDryRunPassed(passed);
    }
  }

  @Test
  void sourceInstanceArnDeny_getCallerIdentity_stillAnswers() {
    denyAll("CutSuspect", "{\"ArnEquals\":{\"ec2:SourceInstanceARN\":\"" + SUSPECT_ARN + "\"}}");

    try (Caller suspect = instance(SUSPECT)) {
      var identity = suspect.sts.getCallerIdentity();

      assertThat(identity.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/" + ROLE + "/" + SUSPECT);
      assertThat(identity.userId()).isEqualTo("AROASANDBOXORDERSVC01:" + SUSPECT);
    }
  }

  @Test
  void tokenIssueTimeDeny_blocksOnlyCredentialsIssuedBeforeCut() throws InterruptedException {
    Credentials sessionBefore = assumeRole("before-cut");
    InstanceCredentials before = sandbox.server.instanceCredentials(SUSPECT);
    // The cut lies 10 ms after the first issue; 30 ms of sleep puts the next issue after it.
    Instant cut = before.issuedAt().plusMillis(10);
    Thread.sleep(30);
    InstanceCredentials after = sandbox.server.instanceCredentials(SUSPECT);
    denyAll("RevokeOlderSessions", "{\"DateLessThan\":{\"aws:TokenIssueTime\":\"" + cut + "\"}}");

    try (Caller old = caller(before); Caller oldSession = caller(sessionBefore); Caller fresh = caller(after)) {
      assertThat(after.issuedAt()).isAfter(cut);
      assertThat(errorCode(catchThrowable(() -> old.ec2.describeInstances()))).isEqualTo("UnauthorizedOperation");
      assertThat(errorCode(catchThrowable(() -> oldSession.ec2.describeInstances()))).isEqualTo("UnauthorizedOperation");
      assertThat(fresh.ec2.describeInstances().reservations()).isNotEmpty();
    }
  }

  @Test
  void tokenIssueTimeDeny_dateGreaterThan_blocksLaterCredentials() {
    InstanceCredentials credentials = sandbox.server.instanceCredentials(SIBLING);
    String earlier = credentials.issuedAt().minusSeconds(60).toString();
    denyAll("NewTokensOnly", "{\"DateGreaterThan\":{\"aws:TokenIssueTime\":\"" + earlier + "\"}}");

    try (Caller sibling = caller(credentials)) {
      assertThat(errorCode(catchThrowable(() -> sibling.ec2.describeInstances()))).isEqualTo("UnauthorizedOperation");
    }
  }

  /** A deny unless the call comes from the VPC's 10.0.0.0/16, for credentials used from each address. */
  @ParameterizedTest
  @CsvSource({
      "203.0.113.100, UnauthorizedOperation",
      "10.0.1.55,     ",
      "127.0.0.1,     UnauthorizedOperation"})
  void notIpAddressDeny_sourceIp_deniesOutsideVpc(String sourceIp, String expectedError) {
    denyAll("OutsideVpc", "{\"NotIpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/16\",\"192.0.2.0/24\"]}}");

    try (Caller caller = caller(sandbox.server.instanceCredentials(SUSPECT, sourceIp))) {
      Throwable thrown = catchThrowable(() -> caller.ec2.describeInstances());

      if (expectedError == null) {
        assertThat(thrown).isNull();
      } else {
        assertThat(errorCode(thrown)).isEqualTo(expectedError);
      }
    }
  }

  @Test
  void ipAddressDeny_defaultSourceIp_isLoopback() {
    denyAll("FromLoopback", "{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.1\"}}");

    try (Caller suspect = instance(SUSPECT)) {
      assertThat(errorCode(catchThrowable(() -> suspect.ec2.describeInstances()))).isEqualTo("UnauthorizedOperation");
    }
  }

  /**
   * Denies that single out the suspect by {@code ec2:SourceInstanceARN}, which a role session
   * lacks. A missing key makes an IfExists condition hold and a negated operator hold, so those
   * denies also reach the session; a plain ArnEquals does not.
   */
  @ParameterizedTest
  @CsvSource({
      "ArnEquals,               i-0abc123def456, false",
      "ArnEqualsIfExists,       i-0abc123def456, true",
      "StringNotEquals,         i-0abc123def789, true",
      "StringNotEqualsIfExists, i-0abc123def789, true"})
  void sourceInstanceArnDeny_missingKey_followsIfExists(String operator, String instanceId, boolean sessionDenied) {
    String instanceArn = "arn:aws:ec2:us-east-1:123456789012:instance/" + instanceId;
    denyAll("Suspect", "{\"" + operator + "\":{\"ec2:SourceInstanceARN\":\"" + instanceArn + "\"}}");

    try (Caller suspect = instance(SUSPECT); Caller sibling = instance(SIBLING); Caller session = caller(assumeRole("responder"))) {
      Throwable sessionCall = catchThrowable(() -> session.ec2.describeInstances());

      assertThat(errorCode(catchThrowable(() -> suspect.ec2.describeInstances()))).isEqualTo("UnauthorizedOperation");
      assertThat(sibling.ec2.describeInstances().reservations()).isNotEmpty();
      assertThat(sessionCall != null).as("session denied; thrown: %s", sessionCall).isEqualTo(sessionDenied);
    }
  }

  @Test
  void resourceDeny_wildcardSecretArn_spareOtherResources() {
    putPolicy("cordon-deny", "{\"Sid\":\"ProtectDb\",\"Effect\":\"Deny\",\"Action\":\"secretsmanager:*\","
        + "\"Resource\":\"arn:aws:secretsmanager:*:*:secret:prod/order-service/db-*\"}");

    try (Caller sibling = instance(SIBLING)) {
      Throwable denied = catchThrowable(() -> sibling.secrets.describeSecret(r -> r.secretId(SECRET)));

      assertThat(errorCode(denied)).isEqualTo("AccessDeniedException");
      assertThat(sibling.secrets.describeSecret(r -> r.secretId("prod/order-service/api-key")).name())
          .isEqualTo("prod/order-service/api-key");
      // ListSecrets names no resource, so only a statement on "*" could deny it.
      assertThat(sibling.secrets.listSecrets().secretList()).hasSize(2);
    }
  }

  @Test
  void actionDeny_wildcardAndNotAction_matchCaseInsensitively() {
    putPolicy("cordon-deny", "{\"Effect\":\"Deny\",\"Action\":\"EC2:Describe*\",\"Resource\":\"*\"}");
    putPolicy("cordon-deny-writes", "{\"Effect\":\"Deny\",\"NotAction\":[\"ec2:*\",\"secretsmanager:*\"],\"Resource\":\"*\"}");

    try (Caller sibling = instance(SIBLING)) {
      assertThat(errorCode(catchThrowable(() -> sibling.ec2.describeInstances()))).isEqualTo("UnauthorizedOperation");
      assertThat(errorCode(catchThrowable(() -> sibling.iam.getRole(r -> r.roleName(ROLE))))).isEqualTo("AccessDenied");
      assertThat(sibling.secrets.listSecrets().secretList()).isNotEmpty();
    }
  }

  @Test
  void managedPolicyDeny_defaultVersion_applies() {
    sandbox.server.state().withLock(() -> {
      ManagedPolicy policy = sandbox.server.state().managedPolicy("arn:aws:iam::123456789012:policy/order-service-logs").orElseThrow();
      ManagedPolicy.Version version = new ManagedPolicy.Version();
      version.versionId = "v3";
      version.createDate = "2024-01-15T03:00:00Z";
      version.document = "{\"Statement\":{\"Sid\":\"Quarantine\",\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}}";
      policy.versions.add(version);
      policy.defaultVersionId = "v3";
      return null;
    });

    try (Caller sibling = instance(SIBLING)) {
      assertThat(errorCode(catchThrowable(() -> sibling.ec2.describeInstances()))).isEqualTo("UnauthorizedOperation");
    }
    JsonNode decision = sandbox.dump().at("/policyDecisions/0");
    assertThat(decision.get("policy").asText()).isEqualTo("arn:aws:iam::123456789012:policy/order-service-logs");
    assertThat(decision.at("/statement/Sid").asText()).isEqualTo("Quarantine");
  }

  @Test
  void adminKey_denyAll_isNeverEvaluated() {
    denyAll("DenyEverything", "{}");

    assertThat(sandbox.ec2.describeInstances().reservations()).isNotEmpty();
    assertThat(sandbox.iam.getRole(r -> r.roleName(ROLE)).role().roleName()).isEqualTo(ROLE);
    assertThat(sandbox.dump().get("policyDecisions")).isEmpty();
  }

  @Test
  void decisionLog_recordsDenyAndPass() {
    denyAll("CutSuspect", "{\"ArnEquals\":{\"ec2:SourceInstanceARN\":\"" + SUSPECT_ARN + "\"}}");

    try (Caller suspect = instance(SUSPECT); Caller sibling = instance(SIBLING)) {
      catchThrowable(() -> suspect.ec2.stopInstances(r -> r.instanceIds(SIBLING)));
      sibling.ec2.describeInstances(r -> r.instanceIds(SIBLING));
    }
    JsonNode decisions = sandbox.dump().get("policyDecisions");

    assertThat(decisions).hasSize(2);
    JsonNode denied = decisions.get(0);
    assertThat(denied.get("principal").asText()).isEqualTo("arn:aws:sts::123456789012:assumed-role/" + ROLE + "/" + SUSPECT);
    assertThat(denied.get("action").asText()).isEqualTo("ec2:StopInstances");
    assertThat(denied.at("/resources/0").asText()).isEqualTo("arn:aws:ec2:us-east-1:123456789012:instance/" + SIBLING);
    assertThat(denied.get("decision").asText()).isEqualTo("ExplicitDeny");
    assertThat(denied.get("policy").asText()).isEqualTo("cordon-deny");
    assertThat(denied.at("/statement/Sid").asText()).isEqualTo("CutSuspect");
    JsonNode passed = decisions.get(1);
    assertThat(passed.get("principal").asText()).endsWith("/" + SIBLING);
    assertThat(passed.get("action").asText()).isEqualTo("ec2:DescribeInstances");
    assertThat(passed.get("decision").asText()).isEqualTo("NotDenied");
    assertThat(passed.hasNonNull("statement")).isFalse();
    assertThat(sandbox.dump().at("/instances/1/state").asText()).isEqualTo("running");
  }

  @Test
  void instanceCredentials_stateDump_recordsIssue() {
    InstanceCredentials credentials = sandbox.server.instanceCredentials(SUSPECT, "203.0.113.100");
    JsonNode issued = sandbox.dump().at("/instanceCredentials/0");

    assertThat(credentials.accessKeyId()).startsWith("ASIA").hasSize(20);
    assertThat(issued.get("accessKeyId").asText()).isEqualTo(credentials.accessKeyId());
    assertThat(issued.get("instanceArn").asText()).isEqualTo(SUSPECT_ARN);
    assertThat(issued.get("roleName").asText()).isEqualTo(ROLE);
    assertThat(issued.get("sourceIp").asText()).isEqualTo("203.0.113.100");
    // The scenario clock starts at 2024-01-15T03:20:00Z.
    assertThat(issued.get("issuedAt").asText()).startsWith("2024-01-15T03:2");
  }

  /** A dump seeds the next run, so credentials issued in one run keep their identity and issue time. */
  @Test
  void instanceCredentials_dumpAsScenario_keepsDenyTarget() {
    InstanceCredentials credentials = sandbox.server.instanceCredentials(SUSPECT);
    denyAll("CutSuspect", "{\"ArnEquals\":{\"ec2:SourceInstanceARN\":\"" + SUSPECT_ARN + "\"}}");
    String dump = sandbox.server.stateJson();
    sandbox.close();
    sandbox = SandboxClients.of(Scenario.fromJson("after-cut", dump));

    try (Caller suspect = caller(credentials)) {
      assertThat(errorCode(catchThrowable(() -> suspect.ec2.describeInstances()))).isEqualTo("UnauthorizedOperation");
    }
  }

  @Test
  void scenario_instanceCredentialsWithoutIssueTime_isRejected() {
    String json = Scenario.builtIn().json().replace(
        "\"roleSessions\": [],",
        "\"roleSessions\": [], \"instanceCredentials\": [{\"accessKeyId\": \"ASIA0000000000000001\", \"roleName\": \"" + ROLE + "\", \"arn\": \"x\"}],");

    Throwable thrown = catchThrowable(() -> SandboxServer.start(Scenario.fromJson("no-issue-time", json)));

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO 8601 issuedAt");
  }

  @Test
  void instanceCredentials_unknownInstance_isRejected() {
    Throwable thrown = catchThrowable(() -> sandbox.server.instanceCredentials("i-0000000000000000"));

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("i-0000000000000000 not found");
  }

  @Test
  void unsupportedOperator_failsCallLoudly() {
    denyAll("Odd", "{\"StringMatchesRegex\":{\"aws:userid\":\".*\"}}");

    try (Caller sibling = instance(SIBLING)) {
      Throwable thrown = catchThrowable(() -> sibling.ec2.describeInstances());

      assertThat(status(thrown)).isEqualTo(500);
      assertThat(thrown).hasMessageContaining("Unsupported condition operator 'StringMatchesRegex'");
    }
  }
}
