package dev.cordon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import dev.cordon.core.aws.AwsStateException;
import dev.cordon.sandbox.SandboxServer;
import dev.cordon.sandbox.Scenario;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.ec2.Ec2Client;

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
    assertThat(contain.stdout()).contains("Incident " + INCIDENT + ": instance i-0abc123def456 (foothold: the finding"
        + " shows it acting for the attacker)");
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
  void contain_forensicThenReattach_succeed() {
    CliRun contain = cordon("contain", "--finding", finding.toString(), "--yes", "--forensic-account", "210987654321",
        "--forensic-kms-key", "arn:aws:kms:us-east-1:123456789012:key/1f0e2d3c-4b5a-4697-8887-a1b2c3d4e5f6");

    assertThat(contain.exitCode()).as(contain.stderr()).isEqualTo(ExitCode.OK);
    assertThat(contain.stdout()).contains("Wait for the copies and share them with account 210987654321");
    assertThat(sandbox.stateJson()).contains("\"sharedWith\" : [ \"210987654321\" ]");

    CliRun release = cordon("release", INCIDENT, "--yes", "--reattach");
    assertThat(release.exitCode()).as(release.stderr()).isEqualTo(ExitCode.OK);
    assertThat(release.stdout()).contains("Associate Elastic IP 198.51.100.20 again")
        .contains("Put the instance back in service in Auto Scaling group prod-order-service-asg");
  }

  @Test
  void status_journalMirror_detectsTruncatedJournal() throws IOException {
    CliRun contain = cordon("contain", "--finding", finding.toString(), "--yes",
        "--journal-bucket", "prod-order-service-data/cordon");
    assertThat(contain.exitCode()).as(contain.stderr()).isEqualTo(ExitCode.OK);

    CliRun status = cordon("status", INCIDENT);
    assertThat(status.exitCode()).as(status.stderr()).isEqualTo(ExitCode.OK);
    assertThat(status.stdout()).contains("Journal matches its mirror s3://prod-order-service-data/cordon/" + INCIDENT);

    Path journal = incidents.resolve(INCIDENT).resolve("journal.jsonl");
    List<String> lines = Files.readAllLines(journal);
    Files.write(journal, lines.subList(0, lines.size() - 2));
    CliRun truncated = cordon("status", INCIDENT);
    assertThat(truncated.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(truncated.stdout()).contains("Journal hash chain intact").contains("Local journal is TRUNCATED");
  }

  @Test
  void status_deletedJournal_showsMirror() throws IOException {
    CliRun contain = cordon("contain", "--finding", finding.toString(), "--yes",
        "--journal-bucket", "prod-order-service-data/cordon");
    assertThat(contain.exitCode()).as(contain.stderr()).isEqualTo(ExitCode.OK);
    Path journal = incidents.resolve(INCIDENT).resolve("journal.jsonl");
    int entries = Files.readAllLines(journal).size();
    Files.delete(journal);

    CliRun status = cordon("status", INCIDENT);

    assertThat(status.exitCode()).as(status.stderr()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(status.stdout()).contains("The local journal of incident " + INCIDENT + " is missing");
    assertThat(status.stdout()).contains("done     quarantine-eni:eni-0a1b2c3d4e5f60001");
    assertThat(status.stdout()).contains("Journal hash chain intact (" + entries + " entries");
    assertThat(status.stdout()).contains("aws s3 cp s3://prod-order-service-data/cordon/" + INCIDENT);
  }

  @Test
  void status_journalBucketOption_findsMirror() throws IOException {
    cordon("contain", "--finding", finding.toString(), "--yes", "--journal-bucket", "prod-order-service-data/cordon");
    Files.delete(incidents.resolve(INCIDENT).resolve("journal.jsonl"));
    Files.delete(incidents.resolve(INCIDENT).resolve("journal-mirror.json"));

    CliRun status = cordon("status", INCIDENT, "--journal-bucket", "prod-order-service-data/cordon");

    assertThat(status.exitCode()).as(status.stderr()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(status.stdout()).contains("is missing").contains("done     snapshot-volumes");
  }

  @Test
  void status_mirrorRecordGone_suggestsJournalBucket() throws IOException {
    cordon("contain", "--finding", finding.toString(), "--yes", "--journal-bucket", "prod-order-service-data/cordon");
    Files.delete(incidents.resolve(INCIDENT).resolve("journal.jsonl"));
    Files.delete(incidents.resolve(INCIDENT).resolve("journal-mirror.json"));

    CliRun status = cordon("status", INCIDENT);

    assertThat(status.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(status.stderr()).contains("Incident " + INCIDENT + " not found");
    assertThat(status.stderr()).contains("If contain mirrored the journal to S3, pass its --journal-bucket");
  }

  @ParameterizedTest
  @CsvSource({
      "--endpoint-url, http://127.0.0.1:9, --endpoint-url http://127.0.0.1:",
      "--region, eu-west-1, --region us-east-1"})
  void status_otherMirrorEndpoint_rejectedBeforeCall(String option, String value, String fix) {
    cordon("contain", "--finding", finding.toString(), "--yes", "--journal-bucket", "prod-order-service-data/cordon");
    List<String> args = new java.util.ArrayList<>(List.of("status", INCIDENT, "--incident-dir", incidents.toString()));
    args.addAll(List.of(option, value));
    if (option.equals("--region")) {
      args.addAll(List.of("--endpoint-url", sandbox.endpoint().toString()));
    }

    CliRun status = CliRun.of(args.toArray(String[]::new));

    assertThat(status.exitCode()).as(status.stderr()).isEqualTo(ExitCode.USAGE);
    assertThat(status.stderr()).contains("nothing was read").contains(fix);
  }

  @Test
  void status_noJournalNorMirror_notFound() {
    CliRun status = cordon("status", "gone", "--journal-bucket", "prod-order-service-data/cordon");

    assertThat(status.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(status.stderr()).contains("Incident gone not found")
        .contains("s3://prod-order-service-data/cordon/gone/journal.jsonl does not exist either");
  }

  @Test
  void contain_deletedJournal_keepsMirror() throws IOException {
    cordon("contain", "--finding", finding.toString(), "--yes", "--journal-bucket", "prod-order-service-data/cordon");
    Files.delete(incidents.resolve(INCIDENT).resolve("journal.jsonl"));
    String before = sandbox.stateJson();

    CliRun again = cordon("contain", "--finding", finding.toString(), "--yes",
        "--journal-bucket", "prod-order-service-data/cordon");

    assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(again.stderr()).contains("the mirror was not overwritten").contains("--incident " + INCIDENT + "-2");
    assertThat(sandbox.stateJson()).isEqualTo(before);
  }

  @Test
  void contain_rerunAndStatus_countVisibleSteps() {
    CliRun contain = cordon("contain", "--finding", finding.toString(), "--yes");
    CliRun rerun = cordon("contain", "--finding", finding.toString(), "--yes");
    CliRun status = CliRun.of("status", INCIDENT, "--incident-dir", incidents.toString());

    assertThat(contain.stdout()).as("record-state writes a local file only")
        .contains("): 20 steps changed AWS, 0 were already done.");
    assertThat(rerun.stdout()).contains("): 0 steps changed AWS, 20 were already done.");
    assertThat(status.stdout()).contains("20 of 20 steps done");
    assertThat(status.stdout()).doesNotContain("UNKNOWN");
  }

  @Test
  void contain_eniMovedBack_namesRedoneSteps() {
    CliRun contain = cordon("contain", "--finding", finding.toString(), "--yes");
    assertThat(contain.exitCode()).as(contain.stderr()).isEqualTo(ExitCode.OK);
    try (Ec2Client ec2 = new AwsClientFactory(AwsClientSettings.loopback(sandbox.endpoint())).ec2()) {
      ec2.modifyNetworkInterfaceAttribute(
          r -> r.networkInterfaceId("eni-0a1b2c3d4e5f60001").groups("sg-0app1234"));
    }

    CliRun rerun = cordon("contain", "--finding", finding.toString(), "--yes");

    assertThat(rerun.exitCode()).as(rerun.stderr()).isEqualTo(ExitCode.OK);
    assertThat(rerun.stdout()).contains("): 2 steps changed AWS, 18 were already done.");
    assertThat(rerun.stdout()).contains("Redone because AWS no longer showed their result: ")
        .contains("untrack-eni:eni-0a1b2c3d4e5f60001").contains("quarantine-eni:eni-0a1b2c3d4e5f60001");
  }

  @Test
  void exitCodes_awsStateError_isAwsError() {
    CommandLine commandLine = new CommandLine(CommandLine.Model.CommandSpec.create());
    commandLine.setErr(new java.io.PrintWriter(new java.io.StringWriter()));

    int code = new ExitCodes().handleExecutionException(
        new AwsStateException("Isolation check failed"), commandLine, null);

    assertThat(code).isEqualTo(ExitCode.AWS_ERROR);
  }

  @Test
  void contain_awsManagedKey_usageError() {
    String before = sandbox.stateJson();

    CliRun run = cordon("contain", "i-0abc123def456", "--yes", "--forensic-account", "210987654321",
        "--forensic-kms-key", "alias/aws/ebs");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("Pass the ARN of a customer managed key");
    assertThat(sandbox.stateJson()).isEqualTo(before);
  }

  @Test
  void contain_planOnly_changesNothing() {
    String before = sandbox.stateJson();

    CliRun run = cordon("contain", "i-0abc123def456", "--plan");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.OK);
    assertThat(run.stdout()).contains("Incident i-0abc123def456-20240116").contains("Turn termination protection on");
    assertThat(run.stdout()).doesNotContain("deny-remote");
    assertThat(sandbox.stateJson()).isEqualTo(before);
    assertThat(incidents).as("--plan writes no lock file").isEmptyDirectory();
  }

  @Test
  void contain_instanceLocked_usageError() throws IOException {
    Path lockFile = incidents.resolve(".instance-locks").resolve("i-0abc123def456.lock");
    Files.createDirectories(lockFile.getParent());
    Files.writeString(lockFile, "{\"holder\":\"process 4242 (cordon contain of incident ir-first, started"
        + " 2024-01-16T00:00:00Z)\",\"incident\":\"ir-first\"}");
    String before = sandbox.stateJson();

    CliRun run;
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        FileLock otherRunLock = channel.lock()) {
      assertThat(otherRunLock.isValid()).isTrue();
      run = cordon("contain", "i-0abc123def456", "--incident", "ir-second", "--yes");
    }

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("Instance i-0abc123def456 is in use by another cordon run: process 4242"
        + " (cordon contain of incident ir-first, started 2024-01-16T00:00:00Z)");
    assertThat(run.stderr()).contains("run 'cordon status ir-first'").contains("nothing was changed");
    assertThat(sandbox.stateJson()).isEqualTo(before);
    assertThat(Files.exists(incidents.resolve("ir-second"))).isFalse();
  }

  @Test
  void contain_notConfirmed_releasesInstanceLock() {
    CliRun rejected = cordon("contain", "--instance", "i-0abc123def456");
    assertThat(rejected.exitCode()).isEqualTo(ExitCode.USAGE);

    CliRun contain = cordon("contain", "--instance", "i-0abc123def456", "--yes");

    assertThat(contain.exitCode()).as(contain.stderr()).isEqualTo(ExitCode.OK);
  }

  @Test
  void contain_newlineInGroupName_escaped() {
    sandbox.close();
    String seed = Scenario.builtIn().json();
    sandbox = SandboxServer.start(Scenario.fromJson("group-name-with-newline",
        seed.replace("prod-order-service-asg", "prod-asg\\nFAKE: done all clear")));

    CliRun plan = cordon("contain", "i-0abc123def456", "--plan");
    CliRun contain = cordon("contain", "i-0abc123def456", "--yes");
    CliRun status = cordon("status", "i-0abc123def456-20240116");

    assertThat(plan.exitCode()).as(plan.stderr()).isEqualTo(ExitCode.OK);
    assertThat(plan.stdout()).contains("prod-asg\\x0aFAKE: done all clear");
    assertThat(plan.stdout().lines()).noneMatch(line -> line.startsWith("FAKE"));
    assertThat(contain.stdout() + contain.stderr()).contains("prod-asg\\x0aFAKE: done all clear");
    assertThat((contain.stdout() + contain.stderr()).lines()).noneMatch(line -> line.startsWith("FAKE"));
    assertThat(status.stdout().lines()).noneMatch(line -> line.startsWith("FAKE"));
  }

  @Test
  void contain_withoutYesOrTerminal_isRejected() {
    String before = sandbox.stateJson();

    CliRun run = cordon("contain", "--instance", "i-0abc123def456");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("No terminal to confirm on, so nothing was changed.");
    assertThat(run.stderr()).contains("pass --yes");
    assertThat(run.stderr()).doesNotContain("--plan");
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
    assertThat(run.stderr()).contains("pass its --journal-bucket");
  }

  @Test
  void release_unknownIncident_noMirrorAdvice() {
    CliRun run = cordon("release", "nope", "--yes");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("Incident nope not found").doesNotContain("--journal-bucket");
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
  void contain_memoryWithoutEndpoints_rejectedBeforeAnyChange() {
    String before = sandbox.stateJson();

    CliRun run = cordon("contain", "i-0abc123def456", "--yes", "--memory", "--evidence-bucket", "acme-ir-evidence",
        "--memory-tool", "s3://acme-ir-tools/avml", "--memory-tool-sha256", "ab".repeat(32), "--stop");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("Memory capture cannot reach SSM once the instance is isolated")
        .contains("nothing was changed").contains("--waive-memory");
    assertThat(sandbox.stateJson()).isEqualTo(before);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--memory-tool s3://acme-ir-tools/avml --memory-tool-sha256 X | Missing --evidence-bucket: memory capture needs",
      "--evidence-bucket acme-ir-evidence --memory-tool-sha256 X | Missing --memory-tool: give s3://BUCKET/KEY",
      "--evidence-bucket acme-ir-evidence --memory-tool s3://acme-ir-tools/avml | Missing --memory-tool-sha256: give",
      "--evidence-bucket b-1 --memory-tool s3://t/avml --memory-tool-sha256 X --memory-timeout 5s"
          + " | Invalid --memory-timeout 5 s: the minimum is 1 minute and the maximum 2880 minutes"})
  void contain_memoryOptionMessages_nameOptionAndValue(String options, String message) {
    List<String> args = new java.util.ArrayList<>(List.of("i-0abc123def456", "--plan", "--memory"));
    args.addAll(List.of(options.replace("X", "ab".repeat(32)).split(" ")));

    CliRun run = cordon("contain", args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains(message).doesNotContain("'null'");
  }

  @Test
  void contain_planOnly_saysNothingChanged() {
    CliRun run = cordon("contain", "i-0abc123def456", "--plan");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.OK);
    assertThat(run.stdout()).endsWith("Nothing was changed; run again with --yes to carry it out."
        + System.lineSeparator());
    assertThat(run.stdout()).contains("(role unknown: no finding, or one that shows neither)");
  }

  @Test
  void contain_findingDirectory_namedAsDirectory() {
    CliRun run = cordon("contain", "--finding", incidents.toString(), "--plan");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(run.stderr()).contains(incidents + " is a directory");
  }

  @Test
  void contain_findingWithEscape_errorEscaped() throws IOException {
    Path file = incidents.resolve("escape-finding.json");
    Files.writeString(file, "{\"type\": x\u001b]0;pwned\u0007}");

    CliRun run = cordon("contain", "--finding", file.toString(), "--plan");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(run.stderr()).contains("Not a GuardDuty finding file: " + file);
    assertThat(run.stderr()).contains("x\\x1b");
    assertThat(run.stderr()).doesNotContain("\u001b").doesNotContain("\u0007");
  }

  @Test
  void contain_warningQuotingEscape_escaped() throws IOException {
    Path file = incidents.resolve("escape-after-finding.json");
    // The first line is not a whole JSON value, so the file is read as documents: one finding, then
    // invalid JSON, which the reader logs as a warning.
    Files.writeString(file, "{\"type\": \"Recon:EC2/PortProbeUnprotectedPort\",\n\"id\": \"a\"}\n"
        + "{\"type\": x\u001b]0;pwned\u0007}");

    CliRun run = cordon("contain", "--finding", file.toString(), "--plan");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(run.stderr()).contains("GuardDuty file " + file + " is incomplete");
    assertThat(run.stderr()).contains("x\\x1b");
    assertThat(run.stderr()).doesNotContain("\u001b").doesNotContain("\u0007");
  }

  @Test
  void status_binaryJournal_inputErrorWithLine() throws IOException {
    Path journal = incidents.resolve("binary").resolve("journal.jsonl");
    Files.createDirectories(journal.getParent());
    Files.write(journal, new byte[] {'{', '}', '\n', (byte) 0xff, (byte) 0xfe, 0, 1});

    CliRun run = CliRun.of("status", "binary", "--incident-dir", incidents.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(run.stderr()).contains("Journal " + journal + " line 2 is not UTF-8 text").doesNotContain("internal error");
  }

  @Test
  void status_escapeInJournal_shownEscaped() throws IOException {
    Path journal = incidents.resolve("edited").resolve("journal.jsonl");
    Files.createDirectories(journal.getParent());
    Files.writeString(journal, "{\"sequence\":1,\"time\":\"2024-01-15T03:00:00Z\",\"event\":\"PLANNED\","
        + "\"step\":\"record-state\\u001b]0;pwned\\u0007\",\"previousHash\":\"0\"}\n");

    CliRun run = CliRun.of("status", "edited", "--incident-dir", incidents.toString());

    assertThat(run.stdout()).contains("record-state\\x1b]0;pwned\\x07");
    assertThat(run.stdout()).doesNotContain("\u001b").doesNotContain("\u0007");
  }

  @Test
  void status_emptyJournal_saysEmpty() throws IOException {
    Path journal = incidents.resolve("empty").resolve("journal.jsonl");
    Files.createDirectories(journal.getParent());
    Files.createFile(journal);

    CliRun run = CliRun.of("status", "empty", "--incident-dir", incidents.toString());

    assertThat(run.stdout()).contains("The journal is empty").doesNotContain("0 of 0 steps");
  }

  @Test
  void status_journalIsDirectory_namedAsDirectory() throws IOException {
    Files.createDirectories(incidents.resolve("dir").resolve("journal.jsonl"));

    CliRun run = CliRun.of("status", "dir", "--incident-dir", incidents.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.stderr()).contains("is a directory, not a file");
  }

  @Test
  void status_afterContain_oneStateColumn() {
    cordon("contain", "--finding", finding.toString(), "--yes");

    CliRun status = CliRun.of("status", INCIDENT, "--incident-dir", incidents.toString());

    assertThat(status.stdout()).contains("  done     record-state" + System.lineSeparator())
        .doesNotContain("done     record-state  done");
  }

  @Test
  void help_examples_fitWithoutWrapping() {
    CliRun help = CliRun.of("contain", "--help");

    assertThat(help.stdout()).contains("      --role-arn arn:aws:iam::123456789012:role/Responder")
        .contains("      --forensic-kms-key arn:aws:kms:us-east-1:123456789012:alias/forensic");
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
