package dev.cordon.cli;

import dev.cordon.core.response.Containment;
import dev.cordon.core.response.IncidentStatus;
import dev.cordon.core.response.Incidents;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cordon status}: prints an incident's journal, with no AWS call. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Prints the steps of an incident as its journal records them, done and pending, and checks the"
          + " journal's hash chain. Makes no AWS call. Exit code 3 when the chain is broken."
    })
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INCIDENT", description = "Incident ID.")
  String incidentId;

  @Option(names = "--incident-dir", paramLabel = "DIR",
      description = "Directory of incident journals. Default: $$CORDON_INCIDENT_DIR, else ./incidents.")
  Path incidentDir;

  @Mixin LoggingOptions logging;

  @Override
  public Integer call() {
    IncidentStatus status = Containment.status(Incidents.directory(incidentDir, System.getenv()), incidentId);
    System.out.print(status.render());
    return status.check().intact() ? ExitCode.OK : ExitCode.INPUT_ERROR;
  }
}
