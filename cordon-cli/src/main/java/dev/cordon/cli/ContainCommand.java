package dev.cordon.cli;

import dev.cordon.core.guardduty.GuardDutyFinding;
import dev.cordon.core.guardduty.GuardDutyReader;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.UsageException;
import dev.cordon.core.investigate.DurationArguments;
import dev.cordon.core.response.Containment;
import dev.cordon.core.response.ContainmentRequest;
import dev.cordon.core.response.JournalMirror;
import dev.cordon.core.response.MemoryCapture;
import dev.cordon.core.response.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cordon contain}: isolates an instance, keeps its evidence and journals every change. */
@Command(
    name = "contain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Isolates a compromised instance without destroying its evidence: records its state, turns on"
          + " termination protection, takes it out of its Auto Scaling group and target groups without"
          + " losing capacity, moves every ENI to a per-VPC quarantine group (through an untrack group,"
          + " so open connections are cut), disassociates Elastic IPs, denies the finding's remote"
          + " address in the subnets' network ACLs, cuts the role credentials issued to the instance"
          + " and snapshots every volume. With --forensic-account it shares re-encrypted copies of the"
          + " snapshots with a forensic account.",
      "With --memory it first captures memory through SSM Run Command (AVML on Linux, WinPMem on"
          + " Windows) into an S3 bucket through presigned upload URLs, so no credentials reach the host;"
          + " --stop is accepted only after a capture or with --waive-memory.",
      "Every change is journaled under the incident directory. Running the same command again"
          + " resumes where it stopped and repeats nothing; 'cordon release' undoes it."
    },
    footer = {
      "",
      "Examples:",
      "  cordon contain i-0abc123def456 --plan",
      "  cordon contain --finding finding.json --yes",
      "  cordon contain --finding finding.json --yes \\",
      "      --forensic-account 210987654321 \\",
      "      --forensic-kms-key arn:aws:kms:us-east-1:123456789012:alias/forensic",
      "  cordon contain --finding finding.json --memory \\",
      "      --evidence-bucket acme-ir-evidence \\",
      "      --memory-tool s3://acme-ir-tools/avml \\",
      "      --memory-tool-sha256 <64 hex digits> --stop --yes",
      "  cordon contain --finding finding.json --region us-east-1 \\",
      "      --role-arn arn:aws:iam::123456789012:role/Responder"
    })
final class ContainCommand implements Callable<Integer> {
  private final Clock clock;

  @Parameters(index = "0", arity = "0..1", paramLabel = "INSTANCE", description = "Instance ID (i-…).")
  String positionalInstance;

  @Option(names = "--instance", paramLabel = "ID", description = "Instance ID (i-…), as an option.")
  String instanceOption;

  @Option(names = "--finding", paramLabel = "FILE",
      description = "GuardDuty finding naming the instance; its remote address is denied in the network ACLs.")
  Path findingFile;

  @Option(names = "--incident", paramLabel = "ID",
      description = "Incident ID. Default: gd-<finding ID>, else <instance ID>-<UTC date>.")
  String incidentId;

  @Option(names = "--plan", description = "Print the plan and blast radius, then stop without changing anything.")
  boolean planOnly;

  @Option(names = "--yes", description = "Proceed without asking for confirmation.")
  boolean yes;

  @Option(names = "--stop",
      description = "Stop the instance after the evidence is taken. Needs --memory or --waive-memory, as a stop loses the memory.")
  boolean stop;

  @Option(names = "--memory",
      description = "Capture memory through SSM Run Command after isolation, before the role credentials are cut.")
  boolean memory;

  @Option(names = "--evidence-bucket", paramLabel = "NAME",
      description = "S3 bucket that receives the memory image (with --memory).")
  String evidenceBucket;

  @Option(names = "--evidence-prefix", paramLabel = "PREFIX",
      description = "Key prefix in the evidence bucket; the image key adds <incident>/<instance>-memory.lime or .raw.")
  String evidencePrefix;

  @Option(names = "--memory-tool", paramLabel = "URI",
      description = "Static AVML (Linux) or WinPMem (Windows) binary: s3://BUCKET/KEY, which Cordon presigns,"
          + " or a presigned https:// URL.")
  String memoryTool;

  @Option(names = "--memory-tool-sha256", paramLabel = "HEX",
      description = "SHA-256 of the tool binary; the host checks it and does not run a binary that differs.")
  String memoryToolSha256;

  @Option(names = "--memory-timeout", paramLabel = "DURATION",
      description = "Maximum run time of the capture on the host, such as 90m or 2h (1 minute to 48 hours). Default: 60m.")
  String memoryTimeout;

  @Option(names = "--waive-memory", description = "Accept --stop without a memory capture.")
  boolean waiveMemory;

  @Option(names = "--disable-imds",
      description = "After the capture, turn the instance metadata endpoint off (release turns it back on).")
  boolean disableImds;

  @Option(names = "--force", description = "Act on a GuardDuty sample finding.")
  boolean force;

  @Option(names = "--ignore-incident-tag", description = "Contain although the instance's cordon:incident tag"
      + " names an incident whose journal is not here: for a tag Cordon did not write, as anyone allowed"
      + " ec2:CreateTags on the instance can write one. An instance on a quarantine group or profile is still"
      + " refused.")
  boolean ignoreIncidentTag;

  @Option(names = "--standby",
      description = "Put the instance in Standby in its Auto Scaling group instead of detaching it.")
  boolean standby;

  @Option(names = "--forensic-account", paramLabel = "ID",
      description = "After the snapshots complete, copy them re-encrypted with --forensic-kms-key and share"
          + " the copies with this 12-digit account. Release keeps the copies.")
  String forensicAccount;

  @Option(names = "--forensic-kms-key", paramLabel = "ARN",
      description = "Customer managed KMS key the copies are encrypted with; its key policy must let the"
          + " forensic account use it. AWS managed keys (alias/aws/ebs) cannot be shared.")
  String forensicKmsKey;

  @Option(names = "--journal-bucket", paramLabel = "NAME[/PREFIX]",
      description = "Copy the journal to s3://NAME/PREFIX/<incident>/journal.jsonl after every entry, in the"
          + " background, so 'cordon status' detects a truncated or edited local journal. Release and later"
          + " runs keep mirroring there.")
  String journalBucket;

  @Mixin AwsOptions aws;
  @Mixin LoggingOptions logging;

  ContainCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    ContainmentRequest request = new ContainmentRequest(instanceId(), finding(), incidentId, stop, force, standby,
        memoryCapture(), waiveMemory, ContainmentRequest.ForensicCopy.of(forensicAccount, forensicKmsKey),
        ignoreIncidentTag);
    Containment containment = new Containment(aws.factory(), aws.incidentRoot(), clock, EscapedPrint::progress);
    if (journalBucket != null) {
      containment.mirrorJournal(JournalMirror.Location.parse(journalBucket));
    }
    // --plan writes nothing, so it takes no lock; a plan to carry out holds the locks until it ends.
    try (Plan plan = planOnly ? containment.previewContainment(request) : containment.planContainment(request)) {
      EscapedPrint.printLines(System.out, plan.renderLines());
      System.out.flush();
      if (planOnly) {
        System.out.println("Nothing was changed; run again with --yes to carry it out.");
        return ExitCode.OK;
      }
      return PlanRuns.confirmAndExecute(containment, plan, yes, "contain", aws.incidentRoot());
    }
  }

  /** Returns the capture options, or null without --memory; memory options alone are rejected. */
  private MemoryCapture memoryCapture() {
    if (memory && waiveMemory) {
      throw new UsageException("--memory and --waive-memory contradict each other; pass one of them.");
    }
    if (!memory) {
      for (var option : new Object[][] {{"--evidence-bucket", evidenceBucket}, {"--evidence-prefix", evidencePrefix},
          {"--memory-tool", memoryTool}, {"--memory-tool-sha256", memoryToolSha256}, {"--memory-timeout", memoryTimeout},
          {"--disable-imds", disableImds ? "" : null}}) {
        if (option[1] != null) {
          throw new UsageException(option[0] + " applies to a memory capture; add --memory or leave it out.");
        }
      }
      return null;
    }
    java.time.Duration timeout = memoryTimeout == null ? null : DurationArguments.parse("--memory-timeout", memoryTimeout);
    return new MemoryCapture(evidenceBucket, evidencePrefix, memoryTool, memoryToolSha256, timeout, disableImds);
  }

  private String instanceId() {
    if (positionalInstance != null && instanceOption != null && !positionalInstance.equals(instanceOption)) {
      throw new UsageException("Two instance IDs given (" + positionalInstance + ", " + instanceOption + "); pass one.");
    }
    String id = positionalInstance != null ? positionalInstance : instanceOption;
    if (id == null && findingFile == null) {
      throw new UsageException("Missing instance: pass an instance ID (i-…) or --finding FILE.");
    }
    return id;
  }

  private GuardDutyFinding finding() {
    if (findingFile == null) {
      return null;
    }
    if (Files.isDirectory(findingFile)) {
      throw new InputException("Finding file " + findingFile + " is a directory; pass the JSON file of the finding.");
    }
    if (!Files.isRegularFile(findingFile)) {
      throw new InputException("Finding file not found: " + findingFile + "; check the path.");
    }
    List<GuardDutyFinding> findings = new GuardDutyReader().read(findingFile, new InputStats());
    List<GuardDutyFinding> withInstance = findings.stream().filter(f -> f.instanceId() != null).toList();
    if (withInstance.size() != 1) {
      throw new InputException("Finding file " + findingFile + " contains " + withInstance.size()
          + " findings about an EC2 instance; contain acts on exactly one. Save that finding alone.");
    }
    return withInstance.get(0);
  }
}
