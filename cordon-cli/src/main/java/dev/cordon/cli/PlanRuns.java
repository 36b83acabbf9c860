package dev.cordon.cli;

import dev.cordon.core.response.Containment;
import dev.cordon.core.response.Outcome;
import dev.cordon.core.response.Plan;
import java.nio.file.Path;
import java.util.Locale;

/** The shared end of contain and release: confirmation, execution and the summary line. */
final class PlanRuns {
  private PlanRuns() {}

  /**
   * Asks for confirmation unless {@code yes}, executes the plan with a resume hint on interruption,
   * and prints the outcome.
   *
   * @param verb {@code contain} or {@code release}
   */
  static int confirmAndExecute(Containment containment, Plan plan, boolean yes, String verb, Path incidentRoot) {
    String capitalised = verb.substring(0, 1).toUpperCase(Locale.ROOT) + verb.substring(1);
    if (!Confirmation.approved(yes, capitalised + " " + plan.instanceId() + " now?")) {
      System.err.println("cordon: not confirmed; nothing was changed.");
      return ExitCode.USAGE;
    }

    Thread interrupted = Interruptions.announceResume(verb, plan.incidentId());
    Outcome outcome;
    try {
      outcome = containment.execute(plan);
    } finally {
      Runtime.getRuntime().removeShutdownHook(interrupted);
    }
    String done = verb.equals("contain") ? "Contained" : "Released";
    EscapedPrint.println(System.out, Outcomes.render(done, outcome, incidentRoot));
    return ExitCode.OK;
  }
}
