package dev.cordon.core.response;

import java.util.ArrayList;
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
    StringBuilder text = new StringBuilder();
    renderLines().forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  /**
   * Returns the lines of {@link #render}, without line feeds. A journal entry may contain a line
   * break, so a caller that prints to a terminal escapes each line as a whole.
   */
  public List<String> renderLines() {
    List<String> lines = new ArrayList<>();
    lines.add("Incident " + incidentId);
    if (steps.isEmpty()) {
      lines.add("The journal is empty: no step was planned yet.");
    }
    int width = steps.stream().mapToInt(step -> step.step().length()).max().orElse(0);
    for (StepState step : steps) {
      String line = String.format("  %-8s %-" + width + "s", step.lastEvent().name().toLowerCase(java.util.Locale.ROOT),
          step.step());
      String requestIds = Run.knownRequestIds(step.requestId());
      lines.add(requestIds == null ? line.stripTrailing() : line + "  request " + requestIds);
    }
    List<StepState> visible = steps.stream().filter(step -> !Step.internal(step.step())).toList();
    if (!visible.isEmpty()) {
      long done = visible.stream().filter(StepState::done).count();
      lines.add(done + " of " + visible.size() + " steps done (done or skipped as already done).");
    }
    lines.add(check.intact()
        ? "Journal hash chain intact (" + check.validEntries() + " entries, last hash " + check.lastHash() + ")."
        : "Journal hash chain BROKEN: " + check.problem());
    return lines;
  }
}
