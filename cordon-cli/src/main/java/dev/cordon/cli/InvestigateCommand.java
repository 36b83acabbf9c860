package dev.cordon.cli;

import dev.cordon.core.input.UsageException;
import dev.cordon.core.investigate.InvestigationRequest;
import dev.cordon.core.investigate.Investigator;
import dev.cordon.core.investigate.TimeArguments;
import dev.cordon.core.report.Report;
import dev.cordon.core.report.ReportFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cordon investigate}: reports what happened, from a finding, flow logs and CloudTrail. */
@Command(
    name = "investigate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reads a GuardDuty finding, VPC Flow Logs and CloudTrail and reports what the suspect"
          + " instance did: command and control, exfiltration, stolen credentials, persistence.",
      "Exit code 10 means findings of medium severity or higher were reported."
    },
    footer = {
      "",
      "Examples:",
      "  cordon investigate --finding f.json --flow-logs flowlogs/ --cloudtrail ct/",
      "  cordon investigate --instance i-0abc123def456 --ip 10.0.1.55 \\",
      "      --flow-logs vpc.log.gz --since 24h",
      "  cordon investigate --finding f.json --flow-logs flowlogs/ --format json \\",
      "      | jq '.findings[]'",
      "  cordon investigate --finding f.json --cloudtrail ct/ --out report/"
    })
final class InvestigateCommand implements Callable<Integer> {

  @Option(names = "--finding", paramLabel = "FILE",
      description = "GuardDuty finding: one finding, an EventBridge event, or get-findings output.")
  Path findingFile;

  @Option(names = "--instance", paramLabel = "ID",
      description = "Suspect instance id (i-…); selects the finding about it when several are given.")
  String instanceId;

  @Option(names = "--ip", paramLabel = "ADDRESS",
      description = "Another address of the instance (secondary, IPv6, public). Repeatable.")
  List<String> addresses = new ArrayList<>();

  @Option(names = "--flow-logs", paramLabel = "PATH",
      description = "VPC Flow Logs file or directory (walked recursively; plain or .gz). Repeatable.")
  List<Path> flowLogs = new ArrayList<>();

  @Option(names = "--flow-format", paramLabel = "FORMAT",
      description = "Format of headerless custom flow logs, as in the flow log's LogFormat:"
          + " '$${version} $${srcaddr} …'. Files with a header line do not need it.")
  String flowFormat;

  @Option(names = "--cloudtrail", paramLabel = "PATH",
      description = "CloudTrail log file or directory (S3 files, lookup-events output, JSON Lines). Repeatable.")
  List<Path> cloudTrail = new ArrayList<>();

  @Option(names = "--intel", paramLabel = "FILE",
      description = "Threat intel: a text list of IPs and CIDRs, or a STIX 2.1 bundle. Repeatable.")
  List<Path> intel = new ArrayList<>();

  @Option(names = "--rules", paramLabel = "DIR",
      description = "Sigma rules for CloudTrail to apply besides Cordon's own: a directory (walked"
          + " recursively for .yml and .yaml files) or one rule file. Rules with unsupported"
          + " features are skipped and logged with the reason. Repeatable.")
  List<Path> rules = new ArrayList<>();

  @Option(names = "--since", paramLabel = "TIME",
      description = "Start of the window: ISO 8601 (2024-01-15T03:00:00Z), a date, or a duration before now (24h, 7d).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "End of the window (exclusive), in the same forms as --since.")
  String until;

  @Option(names = "--egress-ip", paramLabel = "ADDRESS",
      description = "Public address the instance's traffic leaves from (NAT gateway, Elastic IP). Repeatable.")
  List<String> egressAddresses = new ArrayList<>();

  @Option(names = "--responder", paramLabel = "ARN",
      description = "Principal whose calls are response actions, not attacker activity. Repeatable.")
  List<String> responders = new ArrayList<>();

  @Mixin ReportOptions report;
  @Mixin LoggingOptions logging;
  @Spec CommandSpec spec;

  private static final Logger log = LoggerFactory.getLogger(InvestigateCommand.class);

  private final Clock clock;

  InvestigateCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    Instant sinceTime = since == null ? null : TimeArguments.parse("--since", since, clock);
    Instant untilTime = until == null ? null : TimeArguments.parse("--until", until, clock);
    if (sinceTime != null && untilTime != null && !sinceTime.isBefore(untilTime)) {
      throw new UsageException("invalid window: --since " + sinceTime + " is not before --until "
          + untilTime + "; swap them or widen the window");
    }
    InvestigationRequest request = new InvestigationRequest(findingFile, instanceId, addresses,
        egressAddresses, responders, flowLogs, flowFormat, cloudTrail, intel, sinceTime, untilTime,
        rules);

    ReportFormat format = ReportFormat.parse(report.format);
    report.validate();
    Report result = new Investigator(clock, VersionProvider.version()).investigate(request);
    report.write(result, format);
    return exitCode(result);
  }

  /**
   * Returns 3 when every log option given was read and none yielded a record, because then the
   * report rests on nothing but the finding, even if that finding alone would exit 10. When only
   * some log options came up empty, warns and returns 10 or 0 by the findings.
   */
  private int exitCode(Report result) {
    EmptyInputs empty = EmptyInputs.of(result, !flowLogs.isEmpty(), !cloudTrail.isEmpty());
    if (empty.any() && !empty.anyLogRecords()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("cordon: no records in the logs given with " + empty.names() + "; the report"
          + " was written, and its blind spots say what the files hold");
      err.flush();
      return ExitCode.INPUT_ERROR;
    }
    if (empty.any()) {
      log.warn("Partial input: {} yielded no records, so the verdict rests on the other inputs",
          empty.names());
    }
    return ExitCodes.forReport(result);
  }
}
