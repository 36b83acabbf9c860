package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import dev.cordon.sandbox.SandboxServer;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Runs the generated Linux capture script with the local bash and curl against the sandbox's S3
 * on 127.0.0.1, with a shell script standing in for AVML. Skipped where bash or curl is missing.
 */
class MemoryScriptBashTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T03:25:00Z"), ZoneOffset.UTC);
  private static final String LINE = "cordon-memory-test\n";
  /** 13 MiB and 5 bytes: one full part of 8 MiB and a last part of 5 MiB and 5 bytes. */
  private static final int IMAGE_BYTES = (13 << 20) + 5;
  private static final long PART_BYTES = 8L << 20;

  @TempDir Path work;

  /** Output of one script run. */
  private record Result(int exitCode, String stdout, String stderr, MemoryUpload upload, Run run) {}

  private static String fakeTool(String body) {
    return "#!/bin/sh\n# Stands in for AVML: writes the image to the file named by its last argument.\n" + body + "\n";
  }

  private static byte[] expectedImage() {
    byte[] line = LINE.getBytes(StandardCharsets.US_ASCII);
    byte[] image = new byte[IMAGE_BYTES];
    for (int i = 0; i < image.length; i++) {
      image[i] = line[i % line.length];
    }
    return image;
  }

  private Result runScript(SandboxServer sandbox, AwsClients clients, String toolSha256) throws Exception {
    return runScript(sandbox, clients, toolSha256, 3);
  }

  private Result runScript(SandboxServer sandbox, AwsClients clients, String toolSha256, int presignedParts)
      throws Exception {
    Run run = new Run(clients, "gd-test", work, CLOCK, null, null, null, null, null, line -> {}, duration -> {},
        CallHook.NONE);
    MemoryUpload upload = MemoryUpload.create(run, "cordon-evidence", "gd-test/i-0abc123def456-memory.lime");
    List<URL> parts = upload.presignParts(run, presignedParts, Duration.ofMinutes(15));
    URL tool = clients.presigner().presignGetObject(presign -> presign.signatureDuration(Duration.ofMinutes(15))
        .getObjectRequest(request -> request.bucket("cordon-tools").key("avml"))).url();
    assertThat(parts.get(0).getHost()).isEqualTo("127.0.0.1");
    String script = MemoryScripts.linux("gd-test", "i-0abc123def456", tool, toolSha256, PART_BYTES, parts,
        CLOCK.instant().plus(Duration.ofMinutes(15)));
    Path file = work.resolve("capture.sh");
    Files.writeString(file, script);

    ProcessBuilder builder = new ProcessBuilder("bash", file.toString());
    builder.environment().keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).contains("proxy"));
    builder.environment().put("NO_PROXY", "*");
    builder.redirectOutput(work.resolve("stdout").toFile()).redirectError(work.resolve("stderr").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("script finished").isTrue();
    return new Result(process.exitValue(), Files.readString(work.resolve("stdout")),
        Files.readString(work.resolve("stderr")), upload, run);
  }

  private static boolean installed(String command) {
    try {
      Process process = new ProcessBuilder("bash", "-c", "command -v " + command).start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static SandboxServer sandbox(String tool) {
    byte[] body = tool.getBytes(StandardCharsets.UTF_8);
    return SandboxServer.start(MemoryCaptureSandboxTest.scenario(root -> {
      for (var bucket : root.get("buckets")) {
        if (bucket.get("name").asText().equals("cordon-tools")) {
          ((ObjectNode) bucket.get("objects").get(0)).put("body", Base64.getEncoder().encodeToString(body));
        }
      }
    }));
  }

  private static AwsClients clients(SandboxServer sandbox) {
    return AwsClients.of(new AwsClientFactory(AwsClientSettings.loopback(sandbox.endpoint())));
  }

  @Test
  void linuxScript_bashAndCurl_uploadsParts() throws Exception {
    assumeTrue(installed("curl") && installed("sha256sum") && installed("base64"), "bash, curl and coreutils needed");
    String tool = fakeTool("yes cordon-memory-test | head -c " + IMAGE_BYTES + " > \"$1\"");
    try (SandboxServer sandbox = sandbox(tool)) {
      AwsClients clients = clients(sandbox);
      Result result = runScript(sandbox, clients, Hashing.sha256().hashString(tool, StandardCharsets.UTF_8).toString());

      assertThat(result.exitCode()).as(result.stderr()).isZero();
      MemoryScripts.Summary summary = MemoryScripts.parseSummary(result.stdout());
      String expectedSha256 = Hashing.sha256().hashBytes(expectedImage()).toString();
      assertThat(summary).isEqualTo(new MemoryScripts.Summary(IMAGE_BYTES, expectedSha256, 2));
      assertThat(result.stderr()).contains("cordon-memory part=1 bytes=8388608 etag=")
          .contains("cordon-memory part=2 bytes=5242885 etag=");

      List<Part> parts = result.upload().parts(result.run());
      assertThat(parts).extracting(Part::size).containsExactly(8388608L, 5242885L);
      result.upload().complete(result.run(), parts);
      byte[] stored = clients.s3().getObjectAsBytes(request -> request.bucket("cordon-evidence")
          .key("gd-test/i-0abc123def456-memory.lime")).asByteArray();
      assertThat(Hashing.sha256().hashBytes(stored).toString()).isEqualTo(expectedSha256);
    }
  }

  @Test
  void linuxScript_toolHashMismatch_toolNotRun() throws Exception {
    assumeTrue(installed("curl") && installed("sha256sum") && installed("base64"), "bash, curl and coreutils needed");
    Path marker = work.resolve("tool-ran");
    String tool = fakeTool("touch '" + marker + "'");
    try (SandboxServer sandbox = sandbox(tool)) {
      Result result = runScript(sandbox, clients(sandbox), "0".repeat(64));

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(MemoryScripts.errorLine(result.stderr())).startsWith("capture tool SHA-256 is ")
          .endsWith("expected " + "0".repeat(64) + "; it was not run");
      assertThat(marker).doesNotExist();
      assertThat(result.upload().parts(result.run())).isEmpty();
    }
  }

  @Test
  void linuxScript_toolFails_reportsItsStatus() throws Exception {
    assumeTrue(installed("curl") && installed("sha256sum") && installed("base64"), "bash, curl and coreutils needed");
    String tool = fakeTool("echo 'avml: failed to open /proc/kcore' >&2\nexit 3");
    try (SandboxServer sandbox = sandbox(tool)) {
      Result result = runScript(sandbox, clients(sandbox),
          Hashing.sha256().hashString(tool, StandardCharsets.UTF_8).toString());

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr()).contains("avml: failed to open /proc/kcore");
      assertThat(MemoryScripts.errorLine(result.stderr())).isEqualTo("the capture tool exited with status 3");
      assertThat(MemoryScripts.parseSummary(result.stdout())).isNull();
    }
  }

  @Test
  void linuxScript_imageLargerThanParts_stopsUploading() throws Exception {
    assumeTrue(installed("curl") && installed("sha256sum") && installed("base64"), "bash, curl and coreutils needed");
    String tool = fakeTool("yes cordon-memory-test | head -c " + IMAGE_BYTES + " > \"$1\"");
    try (SandboxServer sandbox = sandbox(tool)) {
      Result result = runScript(sandbox, clients(sandbox),
          Hashing.sha256().hashString(tool, StandardCharsets.UTF_8).toString(), 1);

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr()).contains("cordon-memory error: the image is larger than the 1 presigned parts");
      assertThat(MemoryScripts.parseSummary(result.stdout())).isNull();
      assertThat(result.upload().parts(result.run())).hasSize(1);
    }
  }
}
