package dev.cordon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SandboxCommandTest {

  @Test
  void sandbox_freePortWithDuration_printsUsageAndStops() {
    CliRun run = CliRun.of("sandbox", "--port", "0", "--duration", "1s");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.stdout()).containsPattern("on http://127\\.0\\.0\\.1:\\d+");
    assertThat(run.stdout()).contains("export AWS_ACCESS_KEY_ID=");
    assertThat(run.stdout()).contains("AWS_EC2_METADATA_DISABLED=true");
    assertThat(run.stderr()).contains("sandbox stopped after 1s");
  }

  @Test
  void sandbox_nonLoopbackHost_rejected() {
    CliRun run = CliRun.of("sandbox", "--host", "0.0.0.0", "--duration", "1s");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("Rejected bind address '0.0.0.0'");
  }

  @Test
  void sandbox_missingScenario_inputError() {
    CliRun run = CliRun.of("sandbox", "--scenario", "/nonexistent/scenario.json", "--duration", "1s");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(run.stderr()).contains("scenario file not found: /nonexistent/scenario.json");
  }

  @Test
  void sandbox_invalidDuration_usageError() {
    CliRun run = CliRun.of("sandbox", "--port", "0", "--duration", "forever");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("invalid --duration 'forever'");
  }

  @Test
  void sandbox_builtInScenarioByName_serves() {
    CliRun run = CliRun.of("sandbox", "--scenario", "seed-incident", "--port", "0", "--duration", "1s");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.stdout()).contains("Sandbox AWS account 123456789012");
  }

  @Test
  void sandbox_unknownScenarioName_usageError() {
    CliRun run = CliRun.of("sandbox", "--scenario", "no-such-scenario", "--duration", "1s");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("no-such-scenario");
  }
}
