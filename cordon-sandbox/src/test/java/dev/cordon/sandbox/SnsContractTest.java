package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.assertAwsError;
import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

class SnsContractTest extends SeedSandboxTest {
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:cordon-alerts";

  @Test
  void publish_seedTopic_recordsMessage() {
    String messageId = sandbox.sns.publish(r -> r.topicArn(TOPIC).subject("Cordon").message("i-0abc123def456 isolated")).messageId();
    String dump = sandbox.server.stateJson();

    assertThat(messageId).hasSize(36);
    assertThat(dump).contains("\"messageId\" : \"" + messageId + "\"").contains("i-0abc123def456 isolated");
  }

  @Test
  void publish_unknownTopic_isNotFound404() {
    Throwable thrown = catchThrowable(() -> sandbox.sns.publish(r -> r.topicArn(TOPIC + "-x").message("m")));

    assertAwsError(thrown, "NotFound", 404);
  }

  @Test
  void publish_emptyMessage_isInvalidParameter() {
    Throwable thrown = catchThrowable(() -> sandbox.sns.publish(r -> r.topicArn(TOPIC).message("")));

    assertThat(errorCode(thrown)).isEqualTo("InvalidParameter");
  }
}
