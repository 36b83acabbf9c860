package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.assertAwsError;
import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

class StsContractTest extends SeedSandboxTest {
  private static final String RESPONDER_ROLE = "arn:aws:iam::123456789012:role/cordon-responder";

  @Test
  void assumeRole_seedRole_recordsSession() {
    AssumeRoleResponse response =
        sandbox.sts.assumeRole(r -> r.roleArn(RESPONDER_ROLE).roleSessionName("cordon-INC-1").durationSeconds(7200));

    assertThat(response.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::123456789012:assumed-role/cordon-responder/cordon-INC-1");
    assertThat(response.assumedRoleUser().assumedRoleId()).isEqualTo("AROASANDBOXRESPONDER1:cordon-INC-1");
    assertThat(response.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
    // The scenario clock starts at 2024-01-15T03:20:00Z; 7200 s later is 05:20.
    assertThat(response.credentials().expiration().toString()).startsWith("2024-01-15T05:2");
    assertThat(sandbox.dump().at("/roleSessions/0/arn").asText()).isEqualTo(response.assumedRoleUser().arn());
  }

  @Test
  void callerIdentity_sessionKey_isAssumedRole() {
    var credentials =
        sandbox.sts.assumeRole(r -> r.roleArn(RESPONDER_ROLE).roleSessionName("cordon")).credentials();
    AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.loopback(sandbox.server.endpoint()));
    var builder =
        factory.configure(StsClient.builder())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())));

    try (StsClient assumed = builder.build()) {
      assertThat(assumed.getCallerIdentity().arn())
          .isEqualTo("arn:aws:sts::123456789012:assumed-role/cordon-responder/cordon");
    }
  }

  @Test
  void assumeRole_unknownRole_isAccessDenied403() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.sts.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/none").roleSessionName("x1")));

    assertAwsError(thrown, "AccessDenied", 403);
  }

  @Test
  void assumeRole_tooLong_isValidationError() {
    // order-service-instance-role allows 3600 s sessions.
    Throwable thrown =
        catchThrowable(
            () -> sandbox.sts.assumeRole(
                r -> r.roleArn("arn:aws:iam::123456789012:role/order-service-instance-role")
                    .roleSessionName("cordon")
                    .durationSeconds(3601)));

    assertThat(errorCode(thrown)).isEqualTo("ValidationError");
  }
}
