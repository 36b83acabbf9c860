package dev.cordon.cli;

import dev.cordon.core.response.Outcome;
import java.nio.file.Path;

/** Summaries of contain and release runs for the terminal. */
final class Outcomes {
  private Outcomes() {}

  static String render(String verb, Outcome outcome, Path incidentRoot) {
    int changed = outcome.changedCount();
    int done = outcome.alreadyDoneCount();
    return verb + " (incident " + outcome.incidentId() + "): " + changed
        + (changed == 1 ? " step" : " steps") + " changed AWS, " + done
        + (done == 1 ? " was" : " were") + " already done. "
        + (outcome.redone().isEmpty() ? "" : "Redone because AWS no longer showed their result: "
            + String.join(", ", outcome.redone()) + ". ")
        + "Journal "
        + (outcome.journalCheck().intact()
            ? "verified (" + outcome.journalCheck().validEntries() + " entries)"
            : "BROKEN: " + outcome.journalCheck().problem())
        + " in " + incidentRoot.resolve(outcome.incidentId()) + ".";
  }
}
