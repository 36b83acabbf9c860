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

  /**
   * Returns the status as text: one line per step, then the count of steps done without internal
   * ones ({@link Step#internal}), then the chain check.
   */
  public String render() {
    StringBuilder text = new StringBuilder("Incident " + incidentId + "\n");
    if (steps.isEmpty()) {
      text.append("The journal is empty: no step was planned yet.\n");
    }
    int width = steps.stream().mapToInt(step -> step.step().length()).max().orElse(0);
    for (StepState step : steps) {
      String line = String.format("  %-8s %-" + width + "s", step.lastEvent().name().toLowerCase(java.util.Locale.ROOT),
          step.step());
      String requestIds = Run.knownRequestIds(step.requestId());
      text.append(requestIds == null ? line.stripTrailing() : line + "  request " + requestIds).append('\n');
    }
    List<StepState> visible = steps.stream().filter(step -> !Step.internal(step.step())).toList();
    if (!visible.isEmpty()) {
      long done = visible.stream().filter(StepState::done).count();
      text.append(done).append(" of ").append(visible.size())
          .append(" steps done (done or skipped as already done).\n");
    }
    text.append(check.intact()
        ? "Journal hash chain intact (" + check.validEntries() + " entries, last hash " + check.lastHash() + ").\n"
        : "Journal hash chain BROKEN: " + check.problem() + "\n");
    return text.toString();
  }
}
