package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryScriptsTest {
  private static final String SHA = "ab".repeat(32);
  private static final Instant EXPIRY = Instant.parse("2024-01-15T04:35:00Z");

  private static URL url(String text) throws Exception {
    return URI.create(text).toURL();
  }

  @Test
  void linux_script_holdsUrlsAndChecksNothingElse() throws Exception {
    URL part = url("http://127.0.0.1:4566/bucket/key?partNumber=1&uploadId=u1&X-Amz-Signature=abc");
    String script = MemoryScripts.linux("inc-1", "i-0abc123def456", url("http://127.0.0.1:4566/tools/avml?X-Amz-Signature=d"),
        SHA, 8L << 20, List.of(part), EXPIRY);

    assertThat(script).startsWith("#!/bin/bash\n").contains("part_bytes=8388608\n").contains("tool_sha256=" + SHA + "\n")
        .contains("<<'CORDON_URLS'\n" + part + "\nCORDON_URLS\n")
        .contains("expires at 2024-01-15T04:35:00Z")
        .doesNotContain("AKIA").doesNotContain("aws_secret");
  }

  @Test
  void windows_script_listsUrlsInSingleQuotes() throws Exception {
    URL part = url("https://bucket.s3.us-east-1.amazonaws.com/key?partNumber=1&uploadId=u1");
    String script = MemoryScripts.windows("inc-1", "i-0abc123def456", url("https://tools.example/winpmem.exe"),
        SHA, 8L << 20, List.of(part), EXPIRY);

    assertThat(script).contains("$partBytes = 8388608\n").contains("$toolSha256 = '" + SHA + "'\n")
        .contains("$urls = @(\n  '" + part + "'\n)\n");
  }

  @Test
  void linux_urlWithQuote_rejected() throws Exception {
    URL hostile = url("http://127.0.0.1:4566/b/k?x=1%27");
    URL quoted = new URL("http", "127.0.0.1", 4566, "/b/k'");

    assertThat(MemoryScripts.linux("i", "i-0abc123def456", hostile, SHA, 1, List.of(hostile), EXPIRY)).isNotEmpty();
    assertThatThrownBy(() -> MemoryScripts.linux("i", "i-0abc123def456", quoted, SHA, 1, List.of(quoted), EXPIRY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseSummary_summaryLine_read() {
    String stdout = "noise\ncordon-memory image bytes=13631493 sha256=" + SHA + " parts=2\n";

    assertThat(MemoryScripts.parseSummary(stdout)).isEqualTo(new MemoryScripts.Summary(13631493, SHA, 2));
  }

  @Test
  void parseSummary_noSummary_null() {
    assertThat(MemoryScripts.parseSummary("cordon-memory image bytes=1 sha256=short parts=1")).isNull();
    assertThat(MemoryScripts.parseSummary(null)).isNull();
  }

  @Test
  void errorLine_firstErrorOfScript_returned() {
    String stderr = "cordon-memory part=1 bytes=5 etag=\"x\"\ncordon-memory error: upload of part 2 failed\n"
        + "cordon-memory error: later\n";

    assertThat(MemoryScripts.errorLine(stderr)).isEqualTo("upload of part 2 failed");
  }
}
