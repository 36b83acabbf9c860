package dev.cordon.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;

/** The factory's --role-arn path against the sandbox's STS AssumeRole. */
class AssumeRoleSandboxTest {

  @Test
  void factory_withRole_signsAsTheAssumedRole() {
    try (SandboxServer sandbox = SandboxServer.start()) {
      AwsClientSettings settings = AwsClientSettings.fromOptions(null, null, sandbox.endpoint(),
          "arn:aws:iam::123456789012:role/cordon-responder");
      AwsClientFactory factory = new AwsClientFactory(settings);

      try (StsClient sts = factory.sts()) {
        String arn = sts.getCallerIdentity().arn();

        assertThat(settings.loopbackOnly()).isTrue();
        assertThat(arn).isEqualTo("arn:aws:sts::123456789012:assumed-role/cordon-responder/"
            + AwsClientFactory.ROLE_SESSION_NAME);
      }
    }
  }
}
