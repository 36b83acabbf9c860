package dev.cordon.cli;

import dev.cordon.core.response.Containment;
import dev.cordon.core.response.IncidentStatus;
import dev.cordon.core.response.Incidents;
import dev.cordon.core.response.JournalMirror;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cordon status}: prints an incident's journal and compares it with its S3 mirror, if any. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Prints the steps of an incident as its journal records them, done and pending, and checks the"
          + " journal's hash chain. When contain mirrored the journal to S3 (--journal-bucket), it also"
          + " compares the local journal with the mirror, using the AWS options as release does; otherwise it"
          + " makes no AWS call. When the local journal is missing but its mirror is known, it prints the"
          + " mirror's steps instead. Exit code 3 when the chain is broken or the local journal is missing,"
          + " truncated or edited against its mirror."
    })
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INCIDENT", description = "Incident ID.")
  String incidentId;

  @Option(names = "--journal-bucket", paramLabel = "NAME[/PREFIX]",
      description = "Compare with the journal mirror in s3://NAME/PREFIX/<incident>/journal.jsonl. Default: the"
          + " mirror contain recorded in the incident directory, if any.")
  String journalBucket;

  @Mixin AwsOptions aws;
  @Mixin LoggingOptions logging;

  @Override
  public Integer call() {
    Path incidentRoot = aws.incidentRoot();
    JournalMirror.Location location = journalBucket != null
        ? JournalMirror.Location.parse(journalBucket) : Containment.recordedMirror(incidentRoot, incidentId);
    if (location != null && !Incidents.hasJournal(incidentRoot, incidentId)) {
      return mirrorOnly(incidentRoot, location);
    }
    if (location == null) {
      // With journal-mirror.json gone too, only --journal-bucket can find the mirror.
      Incidents.existing(incidentRoot, incidentId, " If contain mirrored the journal to S3, pass its"
          + " --journal-bucket to print the steps from the mirror.");
    }
    IncidentStatus status = Containment.status(incidentRoot, incidentId);
    EscapedPrint.printLines(System.out, status.renderLines());
    boolean intact = status.check().intact();
    if (location != null) {
      JournalMirror.Check mirror = containment(incidentRoot).checkMirror(incidentId, location);
      EscapedPrint.println(System.out, mirror.message());
      intact = intact && !mirror.tampered();
    }
    return intact ? ExitCode.OK : ExitCode.INPUT_ERROR;
  }

  /** Prints the steps the mirror records for an incident whose local journal is missing. */
  private int mirrorOnly(Path incidentRoot, JournalMirror.Location location) {
    Containment containment = containment(incidentRoot);
    IncidentStatus mirrored = containment.mirroredStatus(incidentId, location);
    EscapedPrint.println(System.out, "The local journal of incident " + incidentId + " is missing; the steps below"
        + " are from its mirror " + location.uri(incidentId) + ".");
    EscapedPrint.printLines(System.out, mirrored.renderLines());
    EscapedPrint.println(System.out, containment.checkMirror(incidentId, location).message());
    return ExitCode.INPUT_ERROR;
  }

  /**
   * Returns a containment for the mirror comparison. Unless --journal-bucket names the mirror, it
   * must call the region and endpoint contain recorded with the mirror.
   */
  private Containment containment(Path incidentRoot) {
    Containment containment = new Containment(aws.factory(), incidentRoot, Clock.systemUTC(), EscapedPrint::progress);
    if (journalBucket == null) {
      containment.requireRecordedMirrorEndpoint(incidentId);
    }
    return containment;
  }
}
