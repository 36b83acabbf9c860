package dev.cordon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvestigateCommandTest {

  @Test
  void investigate_withoutScope_exitsWithUsageError() {
    CliRun run = CliRun.of("investigate");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).isEqualTo("cordon: nothing to investigate: give --finding FILE with an EC2"
        + " finding, --instance i-…, or --ip ADDRESS" + System.lineSeparator());
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void investigate_missingFindingFile_exitsWithInputError(@TempDir Path directory) {
    Path missing = directory.resolve("nope.json");

    CliRun run = CliRun.of("investigate", "--finding", missing.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(run.stderr()).startsWith("cordon: input not found: " + missing);
    assertThat(run.stderr()).doesNotContain("Exception");
  }

  @Test
  void investigate_invalidInstanceId_namesTheValue() {
    CliRun run = CliRun.of("investigate", "--instance", "i-XYZ");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("invalid instance id 'i-XYZ'");
  }

  @Test
  void investigate_invalidSince_namesTheOptionAndForms() {
    CliRun run = CliRun.of("investigate", "--instance", "i-0abc123def456", "--since", "yesterday");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("invalid --since 'yesterday'");
    assertThat(run.stderr()).contains("24h");
  }

  @Test
  void investigate_invalidFormat_exitsWithUsageError() {
    CliRun run = CliRun.of("investigate", "--instance", "i-0abc123def456", "--format", "yaml");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("yaml");
  }

  @Test
  void investigate_unknownOption_exitsWithUsageError() {
    CliRun run = CliRun.of("investigate", "--bogus");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("--bogus");
  }

  @Test
  void investigate_instanceWithEmptyFlowLogDirectory_saysNoLogs(@TempDir Path directory) throws IOException {
    Path empty = Files.createDirectory(directory.resolve("flowlogs"));

    CliRun run = CliRun.of("investigate", "--instance", "i-0abc123def456", "--flow-logs", empty.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(run.stderr()).contains("no flow log files found under " + empty);
  }

  @Test
  void help_listsExamplesAndExitCodes() {
    CliRun run = CliRun.of("investigate", "--help");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.stdout()).contains("Examples:");
    assertThat(run.stdout()).contains("--flow-format");
    assertThat(run.stdout()).contains("${version}");
  }

  @Test
  void investigate_sinceAfterUntil_usageError() {
    CliRun run = CliRun.of("investigate", "--instance", "i-0abc123def456",
        "--since", "2024-01-16", "--until", "2024-01-15");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("--since 2024-01-16T00:00:00Z is not before --until 2024-01-15T00:00:00Z");
  }
}
