package dev.cordon.cli;

import dev.cordon.core.response.Containment;
import dev.cordon.core.response.Plan;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cordon release}: undoes containment, for a false positive. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Undoes 'cordon contain' from the state it recorded: security groups per ENI, network ACL"
          + " entries, the role's inline deny, the instance profile, target registrations, Elastic IPs,"
          + " DeleteOnTermination, shutdown behaviour and termination protection, and tags the instance"
          + " cordon:released-at. Snapshots, forensic copies and evidence are kept.",
      "Run it with the account, region and endpoint contain used; it refuses others before any change."
    },
    footer = {"", "Example:", "  cordon release gd-7cc6a5ddb6a2bd5d0d1b5e0c1a2f3e4d --yes"})
final class ReleaseCommand implements Callable<Integer> {
  private final Clock clock;

  @Parameters(index = "0", paramLabel = "INCIDENT", description = "Incident ID, as contain printed it.")
  String incidentId;

  @Option(names = "--yes", description = "Proceed without asking for confirmation.")
  boolean yes;

  @Option(names = "--reattach",
      description = "Also put the instance back in the Auto Scaling group it left (AttachInstances, or"
          + " ExitStandby after --standby). The group's desired capacity grows by one, as the replacement stays.")
  boolean reattach;

  @Mixin AwsOptions aws;
  @Mixin LoggingOptions logging;

  ReleaseCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    Containment containment = new Containment(aws.factory(), aws.incidentRoot(), clock, EscapedPrint::progress);
    try (Plan plan = containment.planRelease(incidentId, reattach)) {
      EscapedPrint.printLines(System.out, plan.renderLines());
      System.out.flush();
      return PlanRuns.confirmAndExecute(containment, plan, yes, "release", aws.incidentRoot());
    }
  }
}
