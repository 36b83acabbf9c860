package dev.cordon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inputs that yield nothing: exit codes, one summary line, and a window that misses the data. */
class InvestigateInputsTest {
  private static final String INSTANCE = "i-0abc123def456";

  @TempDir static Path directory;
  private static Path data;
  private static Path finding;

  @BeforeAll
  static void writeDemoData() throws IOException {
    data = directory.resolve("demo-data");
    CliRun demo = CliRun.of("demo", "--no-contain", "--data-dir", data.toString());
    assertThat(demo.exitCode()).as(demo.stderr()).isEqualTo(ExitCode.OK);
    try (Stream<Path> files = Files.list(data.resolve("guardduty"))) {
      finding = files.findFirst().orElseThrow();
    }
  }

  @Test
  void window_missesEveryRecord_reportedInEveryFormat() throws IOException {
    String[] args = {"investigate", "--finding", finding.toString(),
        "--flow-logs", data.resolve("flowlogs").toString(),
        "--cloudtrail", data.resolve("cloudtrail").toString(),
        "--since", "2024-02-01T00:00:00Z", "--color", "never"};

    CliRun text = CliRun.of(args);
    CliRun markdown = CliRun.of(with(args, "--format", "markdown"));
    CliRun json = CliRun.of(with(args, "--format", "json"));

    // The demo's GuardDuty finding is still reported, so the run exits with findings.
    assertThat(text.exitCode()).as(text.stderr()).isEqualTo(ExitCode.FINDINGS);
    assertThat(text.stdout()).contains("NO RECORDS IN THE WINDOW: 0 of");
    assertThat(text.stdout()).contains("flow logs: None of the");
    assertThat(text.stdout()).contains("Pass --since 2024-01-14T");
    assertThat(markdown.stdout()).contains("> **NO RECORDS IN THE WINDOW: 0 of");
    JsonNode window = new ObjectMapper().readTree(json.stdout()).path("inputs").path("window");
    assertThat(window).hasSize(2);
    for (JsonNode source : window) {
      assertThat(source.path("inWindow").asLong()).as(source.toString()).isZero();
      assertThat(source.path("records").asLong()).as(source.toString()).isPositive();
      assertThat(source.path("first").asText()).as(source.toString()).startsWith("2024-01-1");
    }
  }

  @Test
  void window_coversData_noWarningLine() {
    CliRun run = CliRun.of("investigate", "--finding", finding.toString(),
        "--flow-logs", data.resolve("flowlogs").toString(), "--since", "2024-01-14T00:00:00Z");

    assertThat(run.stdout()).doesNotContain("NO RECORDS IN THE WINDOW");
  }

  @Test
  void flowLogs_cloudTrailDirectory_inputError() throws IOException {
    Path cloudTrail = data.resolve("cloudtrail");
    long files;
    try (Stream<Path> walk = Files.walk(cloudTrail)) {
      files = walk.filter(Files::isRegularFile).count();
    }

    CliRun run = CliRun.of("investigate", "--instance", INSTANCE, "--flow-logs",
        cloudTrail.toString(), "--format", "json");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(run.stderr()).contains(String.format("%,d files under %s hold no flow-log records;"
        + " they look like CloudTrail JSON: pass them with --cloudtrail", files, cloudTrail));
    assertThat(run.stderr()).contains("cordon: no records in the logs given with --flow-logs");
    assertThat(run.stderr().lines().count()).as(run.stderr()).isLessThanOrEqualTo(3);
    JsonNode inputs = new ObjectMapper().readTree(run.stdout()).path("inputs");
    assertThat(inputs.path("files")).hasSize((int) files);
  }

  @Test
  void flowLogs_truncatedGzip_warnedOnce() throws IOException {
    Path whole;
    try (Stream<Path> files = Files.walk(data.resolve("flowlogs"))) {
      whole = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
    }
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gzip)) {
      out.write(Files.readAllBytes(whole));
    }
    byte[] bytes = gzip.toByteArray();
    Path cut = directory.resolve("cut").resolve(whole.getFileName() + ".gz");
    Files.createDirectories(cut.getParent());
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    // With --finding, investigate scans the flow logs more than once.
    CliRun run = CliRun.of("investigate", "--finding", finding.toString(), "--flow-logs", cut.toString());

    long warnings = run.stderr().lines().filter(line -> line.contains(cut + ": reading stopped")).count();
    assertThat(warnings).as(run.stderr()).isEqualTo(1);
    assertThat(run.stderr()).contains("the gzip data ends early, so the file is truncated");
    assertThat(run.stderr()).doesNotContain("ZLIB");
  }

  @ParameterizedTest
  @ValueSource(strings = {"empty.log", "empty.log.gz"})
  void flowLogs_emptyFile_inputError(String name) throws IOException {
    Path file = emptyFile(name);

    CliRun run = CliRun.of("investigate", "--ip", "10.0.1.55", "--flow-logs", file.toString());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(run.stderr()).contains(file + " holds no flow-log records; the file is empty");
    assertThat(run.stdout()).contains("Cordon investigation report");
  }

  @Test
  void flowLogs_emptyPartialInput_warns() throws IOException {
    Path file = emptyFile("partial.log");

    CliRun run = CliRun.of("investigate", "--finding", finding.toString(),
        "--flow-logs", file.toString(), "--cloudtrail", data.resolve("cloudtrail").toString());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.FINDINGS);
    assertThat(run.stderr()).contains("Partial input: --flow-logs yielded no records");
  }

  @ParameterizedTest
  @ValueSource(strings = {"empty", "flowlog", "junk", "digest"})
  void cloudTrail_noRecords_partialInput(String shape) throws IOException {
    Path cloudTrail = noCloudTrailRecords(shape);
    Path out = directory.resolve("out-" + shape);

    CliRun run = CliRun.of("investigate", "--finding", finding.toString(),
        "--flow-logs", data.resolve("flowlogs").toString(), "--cloudtrail", cloudTrail.toString(),
        "--out", out.toString());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.FINDINGS);
    assertThat(run.stderr()).contains("Partial input: --cloudtrail yielded no records");
    assertThat(run.stderr()).contains("No CloudTrail log file in " + cloudTrail);
    assertThat(out.resolve("report.json")).exists();
  }

  @Test
  void flowLogs_onlySymbolicLink_followed() throws IOException {
    Path target;
    try (Stream<Path> files = Files.walk(data.resolve("flowlogs"))) {
      target = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
    }
    Path links = Files.createDirectories(directory.resolve("links"));
    Files.createSymbolicLink(links.resolve("a.log.gz"), target.toAbsolutePath());

    CliRun run = CliRun.of("investigate", "--finding", finding.toString(),
        "--flow-logs", links.toString(), "--format", "json");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.FINDINGS);
    assertThat(run.stderr()).doesNotContain("no flow log files found");
    JsonNode inputs = new ObjectMapper().readTree(run.stdout()).path("inputs");
    assertThat(inputs.path("files").toString()).contains("a.log.gz");
  }

  /** Writes a CloudTrail input of the given shape that contains no CloudTrail record. */
  @Test
  void cloudTrail_loneSurrogate_reportFilesWritten() throws IOException {
    Path cloudTrail = directory.resolve("cloudtrail-lone-surrogates");
    Files.createDirectories(cloudTrail);
    try (Stream<Path> files = Files.walk(data.resolve("cloudtrail"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        if (file.toString().endsWith(".gz")) {
          try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            bytes = in.readAllBytes();
          }
        }
        // The JSON escapes name surrogates without their other half, as a forged userAgent can.
        String json = new String(bytes, StandardCharsets.UTF_8)
            .replace("aws-cli/2.13.0 Python", "aws-cli/2.13.0 lone \\ud800 high \\udc00 low Python");
        Files.writeString(cloudTrail.resolve(file.getFileName().toString().replace(".gz", "")), json);
      }
    }
    Path out = directory.resolve("out-lone-surrogates");

    CliRun run = CliRun.of("investigate", "--finding", finding.toString(),
        "--cloudtrail", cloudTrail.toString(), "--out", out.toString());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.FINDINGS);
    assertThat(run.stderr()).doesNotContain("--out");
    assertThat(Files.readString(out.resolve("report.txt"))).contains("aws-cli/2.13.0 lone \\ud800 high \\udc00 low");
    assertThat(Files.readString(out.resolve("report.md"))).contains("aws-cli/2.13.0 lone \\ud800 high \\udc00 low");
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.findValuesAsText("userAgent")).contains("aws-cli/2.13.0 lone \ud800 high \udc00 low Python/3.11.4 Linux/5.10");
  }

  private static Path noCloudTrailRecords(String shape) throws IOException {
    Path root = Files.createDirectories(directory.resolve("no-cloudtrail-" + shape));
    switch (shape) {
      case "empty":
        return Files.write(root.resolve("empty.json"), new byte[0]);
      case "flowlog":
        return Files.write(root.resolve("flow.json"), ("version account-id interface-id srcaddr"
            + " dstaddr srcport dstport protocol packets bytes start end action log-status\n"
            + "2 123456789012 eni-0a1b2c3d 10.0.1.55 198.51.100.7 44321 443 6 10 840"
            + " 1705276800 1705276860 ACCEPT OK\n").getBytes(StandardCharsets.UTF_8));
      case "junk":
        return Files.write(root.resolve("junk.json.gz"), new byte[] {0, 1, 2, (byte) 0xff, 7});
      default:
        Path digest = Files.createDirectories(root.resolve("CloudTrail-Digest"));
        Files.writeString(digest.resolve("digest.json"), "{\"awsAccountId\":\"123456789012\","
            + "\"digestStartTime\":\"2024-01-15T00:00:00Z\",\"digestEndTime\":"
            + "\"2024-01-15T01:00:00Z\",\"digestS3Bucket\":\"trail\",\"logFiles\":[]}");
        return digest;
    }
  }

  @Test
  void outOfMemory_printsHeapOption() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = Main.outOfMemory(new OutOfMemoryError("Java heap space"),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(ExitCode.SOFTWARE_ERROR);
    assertThat(message.lines().count()).isEqualTo(1);
    assertThat(message).startsWith("cordon: out of memory (Java heap space)");
    assertThat(message).contains("CORDON_JAVA_OPTS=-Xmx");
  }

  private static Path emptyFile(String name) throws IOException {
    Path file = directory.resolve(name);
    if (!name.endsWith(".gz")) {
      return Files.write(file, new byte[0]);
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.flush();
    }
    return file;
  }

  private static String[] with(String[] args, String... more) {
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
