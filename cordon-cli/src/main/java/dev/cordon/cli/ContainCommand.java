package dev.cordon.cli;

import dev.cordon.core.guardduty.GuardDutyFinding;
import dev.cordon.core.guardduty.GuardDutyReader;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.UsageException;
import dev.cordon.core.response.Containment;
import dev.cordon.core.response.ContainmentRequest;
import dev.cordon.core.response.JournalMirror;
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
      "Every change is journaled under the incident directory. Running the same command again"
          + " resumes where it stopped and repeats nothing; 'cordon release' undoes it."
    },
    footer = {
      "",
      "Examples:",
      "  cordon contain i-0abc123def456 --plan",
      "  cordon contain --finding finding.json --yes",
      "  cordon contain --finding finding.json --yes --forensic-account 210987654321 \\",
      "      --forensic-kms-key arn:aws:kms:us-east-1:123456789012:key/1f0e2d3c-4b5a-4697-8887-a1b2c3d4e5f6",
      "  cordon contain --finding finding.json --role-arn arn:aws:iam::123456789012:role/Responder --region us-east-1"
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

  @Option(names = "--stop", description = "Stop the instance after the evidence is taken (memory is lost).")
  boolean stop;

  @Option(names = "--force", description = "Act on a GuardDuty sample finding.")
  boolean force;

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
        ContainmentRequest.ForensicCopy.of(forensicAccount, forensicKmsKey));
    Containment containment = new Containment(aws.factory(), aws.incidentRoot(), clock, System.err::println);
    if (journalBucket != null) {
      containment.mirrorJournal(JournalMirror.Location.parse(journalBucket));
    }
    Plan plan = containment.planContainment(request);
    System.out.print(plan.render());
    System.out.flush();
    if (planOnly) {
      return ExitCode.OK;
    }
    return PlanRuns.confirmAndExecute(containment, plan, yes, "contain", aws.incidentRoot());
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
