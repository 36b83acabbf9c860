package dev.cordon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvestigateCommandTest {

  @Test
  void investigate_withoutScope_exitsWithUsageError(@TempDir Path directory) {
    CliRun run = CliRun.of("investigate", "--flow-logs", directory.toString());

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
  void investigate_sinceWithNewline_escapedInError() {
    CliRun run = CliRun.of("investigate", "--instance", "i-0abc123def456", "--since", "yesterday\nFAKE: all clear");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("invalid --since 'yesterday\\x0aFAKE: all clear'");
    assertThat(run.stderr().lines()).noneMatch(line -> line.startsWith("FAKE"));
  }

  @Test
  void investigate_fileNameWithNewline_escapedInWarning(@TempDir Path directory) throws IOException {
    flowLog(directory);
    Files.createSymbolicLink(directory.resolve("gone\nFAKE: all clear.log"), directory.resolve("missing"));

    CliRun run = CliRun.of("investigate", "--ip", "10.0.1.55", "--flow-logs", directory.toString());

    assertThat(run.stderr()).contains("gone\\x0aFAKE: all clear.log");
    assertThat(run.stderr().lines()).noneMatch(line -> line.startsWith("FAKE"));
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

  @Test
  void investigate_noEvidence_usageError() {
    CliRun run = CliRun.of("investigate", "--ip", "10.0.1.55");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("no evidence to read: give --flow-logs PATH and/or --cloudtrail PATH");
  }

  @Test
  void investigate_outIsAFile_usageError(@TempDir Path directory) throws IOException {
    Path file = Files.writeString(directory.resolve("report.txt"), "x");
    Path logs = Files.writeString(directory.resolve("flow.log"),
        "2 123456789012 eni-1 10.0.1.55 203.0.113.100 49152 443 6 10 840 1705288522 1705288582 ACCEPT OK\n");

    CliRun run = CliRun.of("investigate", "--ip", "10.0.1.55", "--flow-logs", logs.toString(),
        "--out", file.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("invalid --out '" + file + "': it is a file");
  }

  @Test
  void investigate_reportFileNotWritable_namesTheFile(@TempDir Path directory) throws IOException {
    Path plain = Files.writeString(directory.resolve("plain"), "x");
    Path out = Files.createDirectories(directory.resolve("out"));
    // A link through a file passes the checks made before the run, but writing through it fails.
    Path report = Files.createSymbolicLink(out.resolve("report.json"), plain.resolve("report.json"));

    CliRun run = CliRun.of("investigate", "--ip", "10.0.1.55",
        "--flow-logs", flowLog(directory).toString(), "--out", out.toString());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("failed to write the report file " + report);
    assertThat(run.stderr()).doesNotContain("invalid --out");
  }

  @Test
  void investigate_outUnderAFile_usageError(@TempDir Path directory) throws IOException {
    Path file = Files.writeString(directory.resolve("plain"), "x");
    Path out = file.resolve("x");

    CliRun run = CliRun.of("investigate", "--ip", "10.0.1.55",
        "--flow-logs", flowLog(directory).toString(), "--out", out.toString());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("invalid --out '" + out + "': " + file + " is not a directory");
    assertThat(run.stderr()).doesNotContain("internal error");
  }

  @Test
  void investigate_outReportIsADirectory_usageError(@TempDir Path directory) throws IOException {
    Path out = directory.resolve("out");
    Path reportDirectory = Files.createDirectories(out.resolve("report.json"));

    CliRun run = CliRun.of("investigate", "--ip", "10.0.1.55",
        "--flow-logs", flowLog(directory).toString(), "--out", out.toString());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains(reportDirectory + " is a directory, so the report cannot be written");
    assertThat(run.stderr()).doesNotContain("internal error");
  }

  private static Path flowLog(Path directory) throws IOException {
    return Files.writeString(directory.resolve("flow.log"), "2 123456789012 eni-1 10.0.1.55"
        + " 203.0.113.100 49152 443 6 10 840 1705288522 1705288582 ACCEPT OK\n");
  }

  @Test
  void investigate_intelIsADirectory_inputError(@TempDir Path directory) {
    CliRun run = CliRun.of("investigate", "--ip", "10.0.1.55", "--intel", directory.toString(),
        "--flow-logs", directory.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(run.stderr()).contains("expected a file, not a directory: " + directory);
  }

  @Test
  void investigate_invalidColor_usageError(@TempDir Path directory) {
    CliRun run = CliRun.of("investigate", "--ip", "10.0.1.55", "--flow-logs", directory.toString(),
        "--color", "purple");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("invalid --color 'purple'");
  }

  @Test
  void investigate_unknownOption_oneLineAndHint() {
    CliRun run = CliRun.of("investigate", "--bogus");

    assertThat(run.stderr()).isEqualTo("cordon: Unknown option: '--bogus'" + System.lineSeparator()
        + "Try 'cordon investigate --help' for the options." + System.lineSeparator());
  }

  @Test
  void cordon_withoutCommand_usageError() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("investigate");
  }

  @Test
  void investigate_rulesOption_appliesUserRule(@TempDir Path directory) throws IOException {
    Path trail = directory.resolve("trail.json");
    Files.writeString(trail, """
        {"Records":[{"eventVersion":"1.08","eventTime":"2024-01-15T02:30:00Z",
          "eventID":"e-1","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity",
          "awsRegion":"us-east-1","sourceIPAddress":"198.51.100.66",
          "userAgent":"TruffleHog","recipientAccountId":"123456789012",
          "userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:i-0abc123def456",
            "arn":"arn:aws:sts::123456789012:assumed-role/app/i-0abc123def456",
            "accessKeyId":"ASIAEXAMPLE"}}]}
        """);
    Path rules = Files.createDirectory(directory.resolve("rules"));
    Files.writeString(rules.resolve("scanner.yml"), """
        title: Secret scanner checks its credentials
        name: secret-scanner-identity
        logsource: {product: aws, service: cloudtrail}
        detection:
          selection:
            eventName: GetCallerIdentity
            userAgent|contains: trufflehog
          condition: selection
        level: high
        tags: [attack.discovery, attack.t1087.004]
        """);
    Files.writeString(rules.resolve("unsupported.yml"), """
        title: Needs a count
        logsource: {product: aws, service: cloudtrail}
        detection:
          selection: {eventName: ListBuckets}
          condition: selection | count() > 10
        """);

    CliRun run = CliRun.of("investigate", "--instance", "i-0abc123def456",
        "--cloudtrail", trail.toString(), "--rules", rules.toString(), "--format", "json");

    assertThat(run.exitCode()).isIn(ExitCode.OK, ExitCode.FINDINGS);
    assertThat(run.stdout()).contains("\"rule\" : \"secret-scanner-identity\"");
    assertThat(run.stdout()).contains("\"rule\" : \"caller-identity\"");
  }

  @Test
  void investigate_missingRulesDirectory_exitsWithInputError(@TempDir Path directory) {
    Path missing = directory.resolve("no-rules");

    CliRun run = CliRun.of("investigate", "--instance", "i-0abc123def456",
        "--rules", missing.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(run.stderr()).contains("input not found: " + missing);
  }
}
