package dev.cordon.cli;

import dev.cordon.core.response.Outcome;
import java.nio.file.Path;

/** Summaries of contain and release runs for the terminal. */
final class Outcomes {
  private Outcomes() {}

  static String render(String verb, Outcome outcome, Path incidentRoot) {
    return verb + " (incident " + outcome.incidentId() + "): " + outcome.changed().size() + " steps changed AWS, "
        + outcome.alreadyDone().size() + " were already done. Journal "
        + (outcome.journalCheck().intact()
            ? "verified (" + outcome.journalCheck().validEntries() + " entries)"
            : "BROKEN: " + outcome.journalCheck().problem())
        + " in " + incidentRoot.resolve(outcome.incidentId()) + ".";
  }
}
