package dev.cordon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.sandbox.SandboxServer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** contain, status and release through the command line against the sandbox's seed incident. */
class ContainCommandTest {
  private static final String INCIDENT = "gd-5ec2c2c2c2c2c2c2c2c2c2c2c2c2c201";

  @TempDir Path incidents;
  private SandboxServer sandbox;
  private Path finding;

  @BeforeEach
  void start() throws URISyntaxException {
    sandbox = SandboxServer.start();
    finding = Path.of(getClass().getResource("/contain/c2-finding.json").toURI());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private CliRun cordon(String command, String... args) {
    String[] all = new String[args.length + 5];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--endpoint-url";
    all[args.length + 2] = sandbox.endpoint().toString();
    all[args.length + 3] = "--incident-dir";
    all[args.length + 4] = incidents.toString();
    return CliRun.of(all);
  }

  @Test
  void contain_findingWithYes_thenStatusAndRelease() {
    CliRun contain = cordon("contain", "--finding", finding.toString(), "--yes");

    assertThat(contain.exitCode()).as(contain.stderr()).isEqualTo(ExitCode.OK);
    assertThat(contain.stdout()).contains("Incident " + INCIDENT + ": instance i-0abc123def456 (foothold)");
    assertThat(contain.stdout()).contains("Move eni-0a1b2c3d4e5f60002 to the quarantine group");
    assertThat(contain.stdout()).contains("Blast radius:").contains("i-0abc123def789");
    assertThat(contain.stdout()).contains("Contained (incident " + INCIDENT + ")").contains("Journal verified");
    assertThat(sandbox.stateJson()).contains("\"closedReason\"");

    CliRun status = CliRun.of("status", INCIDENT, "--incident-dir", incidents.toString());
    assertThat(status.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(status.stdout()).contains("done     quarantine-eni:eni-0a1b2c3d4e5f60001").contains("Journal hash chain intact");

    CliRun release = cordon("release", INCIDENT, "--yes");
    assertThat(release.exitCode()).as(release.stderr()).isEqualTo(ExitCode.OK);
    assertThat(release.stdout()).contains("Put eni-0a1b2c3d4e5f60001 back on [sg-0app1234]").contains("Released");
  }

  @Test
  void contain_planOnly_changesNothing() {
    String before = sandbox.stateJson();

    CliRun run = cordon("contain", "i-0abc123def456", "--plan");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.OK);
    assertThat(run.stdout()).contains("Incident i-0abc123def456-20240116").contains("Turn termination protection on");
    assertThat(run.stdout()).doesNotContain("deny-remote");
    assertThat(sandbox.stateJson()).isEqualTo(before);
  }

  @Test
  void contain_withoutYesOrTerminal_isRejected() {
    String before = sandbox.stateJson();

    CliRun run = cordon("contain", "--instance", "i-0abc123def456");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("No terminal to confirm on: pass --yes");
    assertThat(sandbox.stateJson()).isEqualTo(before);
  }

  @Test
  void contain_unknownInstance_exitsWithAwsError() {
    CliRun run = cordon("contain", "i-0000000000000dead", "--yes");

    assertThat(run.exitCode()).isEqualTo(ExitCode.AWS_ERROR);
    assertThat(run.stderr()).contains("InvalidInstanceID.NotFound").contains("i-0000000000000dead");
  }

  @Test
  void status_unknownIncident_isUsageError() {
    CliRun run = CliRun.of("status", "nope", "--incident-dir", incidents.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("Incident nope not found");
  }

  @Test
  void contain_stopWithoutMemory_rejectedBeforeAnyChange() {
    String before = sandbox.stateJson();

    CliRun run = cordon("contain", "i-0abc123def456", "--stop", "--yes");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("--stop loses the instance's memory").contains("--waive-memory");
    assertThat(sandbox.stateJson()).isEqualTo(before);
  }

  @Test
  void contain_memoryPlan_namesImageAndMissingEndpoints() {
    CliRun run = cordon("contain", "i-0abc123def456", "--plan", "--memory", "--evidence-bucket", "acme-ir-evidence",
        "--memory-tool", "s3://acme-ir-tools/avml", "--memory-tool-sha256", "ab".repeat(32), "--memory-timeout", "90m",
        "--disable-imds", "--stop");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.OK);
    assertThat(run.stdout()).contains("Capture memory with AVML through SSM Run Command into s3://acme-ir-evidence")
        .contains("up to 90 min").contains("Turn the instance metadata endpoint off")
        .contains("Memory capture cannot reach SSM once the instance is isolated");
  }

  @Test
  void contain_memoryOptionWithoutMemory_isUsageError() {
    CliRun run = cordon("contain", "i-0abc123def456", "--plan", "--evidence-bucket", "acme-ir-evidence");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("--evidence-bucket applies to a memory capture; add --memory");
  }

  @Test
  void contain_memoryWithoutTool_isUsageError() {
    CliRun run = cordon("contain", "i-0abc123def456", "--plan", "--memory", "--evidence-bucket", "acme-ir-evidence");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("--memory-tool");
  }
}
