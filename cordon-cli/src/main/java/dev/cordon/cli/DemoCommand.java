package dev.cordon.cli;

import dev.cordon.core.demo.DemoDataset;
import dev.cordon.core.input.UsageException;
import dev.cordon.core.investigate.InvestigationRequest;
import dev.cordon.core.investigate.Investigator;
import dev.cordon.core.report.Report;
import dev.cordon.core.report.ReportFormat;
import java.io.IOException;
import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import dev.cordon.core.guardduty.GuardDutyFinding;
import dev.cordon.core.guardduty.GuardDutyReader;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.response.Containment;
import dev.cordon.core.response.ContainmentRequest;
import dev.cordon.core.response.Outcome;
import dev.cordon.core.response.Plan;
import dev.cordon.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cordon demo}: writes the built-in incident (GuardDuty finding, a day of flow logs and
 * CloudTrail, threat intel), investigates it and contains the instance in a sandbox, which shows
 * the whole job offline.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Investigates a built-in incident: i-0abc123def456 (prod-order-service-3) beaconing to"
          + " 203.0.113.100:443. Needs no AWS account and no network.",
      "Then contains the instance in a built-in sandbox AWS account on 127.0.0.1 and prints the plan"
          + " and the outcome on stderr (skip with --no-contain).",
      "Exits 0 when it ran to completion; the findings are the expected outcome."
    },
    footer = {"", "Examples:", "  cordon demo", "  cordon demo --format json | jq '.verdict'",
        "  cordon demo --data-dir demo-data --out demo-report"})
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Write the demo's input files here and keep them (default: a temporary directory, deleted afterwards).")
  Path dataDirectory;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "20240115",
      description = "Seed of the data generator; the same seed writes the same files. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--no-contain",
      description = "Skip containing the instance in the built-in sandbox after the investigation.")
  boolean skipContainment;

  @Mixin ReportOptions report;
  @Mixin LoggingOptions logging;

  private final Clock clock;

  DemoCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    ReportFormat format = ReportFormat.parse(report.format);
    report.validate();
    if (dataDirectory != null && Files.exists(dataDirectory) && !Files.isDirectory(dataDirectory)) {
      throw new UsageException("invalid --data-dir '" + dataDirectory
          + "': it is a file; give a directory (created if missing)");
    }
    boolean temporary = dataDirectory == null;
    Path directory = temporary ? Files.createTempDirectory("cordon-demo-") : dataDirectory;
    try {
      DemoDataset.Options defaults = DemoDataset.Options.defaults();
      DemoDataset.Written data = DemoDataset.write(directory,
          new DemoDataset.Options(seed, defaults.backgroundHosts(), defaults.gzip()));
      if (!LoggingOptions.quiet) {
        System.err.println("cordon: demo data written to " + directory
            + (temporary ? " (deleted when the demo ends; keep it with --data-dir DIR)" : ""));
      }

      InvestigationRequest request = new InvestigationRequest(data.findingFile(), null, List.of(),
          List.of(), List.of(), List.of(data.flowLogDirectory()), null,
          List.of(data.cloudTrailDirectory()), data.intelFiles(), null, null);
      Report result = new Investigator(clock, VersionProvider.version()).investigate(request);
      report.write(result, format);
      if (!skipContainment) {
        containInSandbox(data.findingFile(), directory.resolve("incidents"));
      }
      if (!temporary && !LoggingOptions.quiet) {
        System.err.println("cordon: investigate the same files with:" + System.lineSeparator()
            + "  ./cordon investigate --finding " + data.findingFile() + " --flow-logs "
            + data.flowLogDirectory() + " --cloudtrail " + data.cloudTrailDirectory()
            + data.intelFiles().stream().map(file -> " --intel " + file).reduce("", String::concat));
      }
      return ExitCode.OK;
    } finally {
      if (temporary) {
        deleteRecursively(directory);
      }
    }
  }

  /**
   * Contains the demo's instance in a sandbox seeded with the same incident. Output goes to stderr,
   * so stdout stays the report alone.
   */
  private void containInSandbox(Path findingFile, Path incidents) {
    GuardDutyFinding finding = new GuardDutyReader().read(findingFile, new InputStats()).get(0);
    try (SandboxServer sandbox = SandboxServer.start()) {
      AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.loopback(sandbox.endpoint()));
      Containment containment = new Containment(factory, incidents, clock, line -> { });
      Plan plan = containment.planContainment(new ContainmentRequest(null, finding, null, false, false, false));
      System.err.println("cordon: containing " + plan.instanceId() + " in a sandbox on " + sandbox.endpoint());
      System.err.print(plan.render());
      Outcome outcome = containment.execute(plan);
      System.err.println("cordon: " + Outcomes.render("Contained", outcome, incidents));
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
