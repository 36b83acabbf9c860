package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.UsageException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryCaptureTest {
  private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void memoryCapture_s3Tool_splitsBucketAndKey() {
    MemoryCapture capture = new MemoryCapture("evidence", "/forensics/", "s3://tools/avml/v0.14/avml", SHA.toUpperCase(), null, false);

    assertThat(capture.toolBucket()).isEqualTo("tools");
    assertThat(capture.toolKey()).isEqualTo("avml/v0.14/avml");
    assertThat(capture.toolSha256()).isEqualTo(SHA);
    assertThat(capture.timeout()).isEqualTo(MemoryCapture.DEFAULT_TIMEOUT);
    assertThat(capture.imageKey("gd-1", "i-0abc123def456", "lime")).isEqualTo("forensics/gd-1/i-0abc123def456-memory.lime");
  }

  @Test
  void memoryCapture_httpsTool_hasNoBucket() {
    MemoryCapture capture = new MemoryCapture("evidence", null, "https://example.com/avml?X-Amz-Signature=1", SHA,
        Duration.ofMinutes(5), true);

    assertThat(capture.toolBucket()).isNull();
    assertThat(capture.imageKey("gd-1", "i-0abc123def456", "raw")).isEqualTo("gd-1/i-0abc123def456-memory.raw");
  }

  @ParameterizedTest(name = "{0} / {1} / {2} / {3} min -> {4}")
  @CsvSource({
      "Evidence_Bucket, s3://tools/avml, " + SHA + ", 60, --evidence-bucket",
      "evidence, http://tools/avml, " + SHA + ", 60, --memory-tool",
      "evidence, s3://tools, " + SHA + ", 60, --memory-tool",
      "evidence, s3://tools/avml, abc, 60, --memory-tool-sha256",
      "evidence, s3://tools/avml, " + SHA + ", 0, --memory-timeout",
      // 48 hours is 2880 minutes, SSM's maximum execution timeout.
      "evidence, s3://tools/avml, " + SHA + ", 2881, --memory-timeout",
  })
  void memoryCapture_invalidOption_namesIt(String bucket, String tool, String sha, long minutes, String option) {
    assertThatThrownBy(() -> new MemoryCapture(bucket, null, tool, sha, Duration.ofMinutes(minutes), false))
        .isInstanceOf(UsageException.class).hasMessageContaining(option);
  }
}
