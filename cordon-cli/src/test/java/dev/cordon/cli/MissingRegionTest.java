package dev.cordon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands without --region, --endpoint-url or AWS_REGION, each in a child JVM whose environment
 * names no region, profile or credentials and turns the instance metadata off. The SDK then finds
 * no region, so these runs fail before any client is built and never reach AWS.
 */
class MissingRegionTest {
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path home;
  @TempDir Path incidents;

  /** One finished run of the child JVM. */
  private record Result(int exitCode, String stderr) {}

  private Result cordon(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Daws.disableEc2Metadata=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Path stderr = home.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(stderr.toFile());
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.put("HOME", home.toString());
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.put("AWS_CONFIG_FILE", "/dev/null");
    environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("cordon " + String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS + " s");
    }
    return new Result(process.exitValue(), Files.readString(stderr, StandardCharsets.UTF_8));
  }

  @Test
  void status_mirrorWithoutRegion_usageError() throws Exception {
    Path directory = Files.createDirectories(incidents.resolve("INC-1"));
    Files.createFile(directory.resolve("journal.jsonl"));
    Files.writeString(directory.resolve("journal-mirror.json"), "{\"bucket\":\"cordon-journals\",\"prefix\":\"\"}");

    Result status = cordon("status", "INC-1", "--incident-dir", incidents.toString());

    assertThat(status.exitCode()).as(status.stderr()).isEqualTo(ExitCode.USAGE);
    assertThat(status.stderr()).contains("Missing AWS region").contains("--region").contains("AWS_REGION");
    assertThat(status.stderr()).doesNotContain("internal error");
  }

  @Test
  void contain_withoutRegion_usageError() throws Exception {
    Result contain = cordon("contain", "i-0abc123def456", "--plan", "--incident-dir", incidents.toString());

    assertThat(contain.exitCode()).as(contain.stderr()).isEqualTo(ExitCode.USAGE);
    assertThat(contain.stderr()).contains("Missing AWS region");
  }

  @Test
  void release_withoutRegion_usageError() throws Exception {
    Result release = cordon("release", "INC-1", "--yes", "--incident-dir", incidents.toString());

    assertThat(release.exitCode()).as(release.stderr()).isEqualTo(ExitCode.USAGE);
    assertThat(release.stderr()).contains("Missing AWS region");
  }
}
