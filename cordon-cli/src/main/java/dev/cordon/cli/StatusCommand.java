package dev.cordon.cli;

import dev.cordon.core.response.Containment;
import dev.cordon.core.response.IncidentStatus;
import dev.cordon.core.response.JournalMirror;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
          + " makes no AWS call. Exit code 3 when the chain is broken or the local journal is truncated or"
          + " edited against its mirror."
    })
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INCIDENT", description = "Incident ID.")
  String incidentId;

  @Mixin AwsOptions aws;
  @Mixin LoggingOptions logging;

  @Override
  public Integer call() {
    Path incidentRoot = aws.incidentRoot();
    IncidentStatus status = Containment.status(incidentRoot, incidentId);
    System.out.print(status.render());
    boolean intact = status.check().intact();
    if (Containment.recordedMirror(incidentRoot, incidentId) != null) {
      JournalMirror.Check mirror = new Containment(aws.factory(), incidentRoot, Clock.systemUTC(), System.err::println)
          .checkMirror(incidentId);
      System.out.println(mirror.message());
      intact = intact && !mirror.tampered();
    }
    return intact ? ExitCode.OK : ExitCode.INPUT_ERROR;
  }
}
