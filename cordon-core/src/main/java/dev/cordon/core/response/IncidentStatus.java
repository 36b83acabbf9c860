package dev.cordon.core.response;

import java.util.List;

/**
 * The state of an incident as its journal records it.
 *
 * @param steps every step in the order first planned, with its latest event
 * @param check the journal's hash-chain check
 */
public record IncidentStatus(String incidentId, List<StepState> steps, Journal.ChainCheck check) {

  /** A step and the latest thing that happened to it. */
  public record StepState(
      String step, String resource, JournalEntry.Event lastEvent, String time, String requestId, String errorCode) {
    public boolean done() {
      return lastEvent == JournalEntry.Event.DONE || lastEvent == JournalEntry.Event.SKIPPED;
    }
  }

  public List<StepState> pending() {
    return steps.stream().filter(step -> !step.done()).toList();
  }

  /** Returns the status as text: one line per step, then the chain check. */
  public String render() {
    StringBuilder text = new StringBuilder("Incident " + incidentId + "\n");
    for (StepState step : steps) {
      text.append(String.format("  %-8s %-45s %s%s%n", step.done() ? "done" : "pending", step.step(),
          step.lastEvent().name().toLowerCase(java.util.Locale.ROOT),
          step.requestId() == null ? "" : " request " + step.requestId()));
    }
    text.append(steps.size() - pending().size()).append(" of ").append(steps.size()).append(" steps done.\n");
    text.append(check.intact()
        ? "Journal hash chain intact (" + check.validEntries() + " entries, last hash " + check.lastHash() + ").\n"
        : "Journal hash chain BROKEN: " + check.problem() + "\n");
    return text.toString();
  }
}
