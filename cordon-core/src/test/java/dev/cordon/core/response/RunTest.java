package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.DefaultAwsResponseMetadata;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;

class RunTest {
  private static Run run() {
    AwsClients none = new AwsClients(null, null, null, null, null, null, null, null);
    return new Run(none, "INC-1", Path.of("INC-1"), Clock.systemUTC(), null, null, null, null, null, line -> { },
        duration -> { }, CallHook.NONE);
  }

  @Test
  void change_withoutRequestId_recordsNone() {
    Run run = run().forStep("tag-instance");

    run.change("CreateTags", "i-0abc123def456", () -> (CreateTagsResponse) CreateTagsResponse.builder()
        .responseMetadata(DefaultAwsResponseMetadata.create(Map.of())).build());

    assertThat(run.requestIds()).isNull();
  }

  @Test
  void change_withRequestId_recordsIt() {
    Run run = run().forStep("tag-instance");

    run.change("CreateTags", "i-0abc123def456", () -> (CreateTagsResponse) CreateTagsResponse.builder()
        .responseMetadata(DefaultAwsResponseMetadata.create(Map.of("AWS_REQUEST_ID", "req-1"))).build());

    assertThat(run.requestIds()).isEqualTo("req-1");
  }
}
