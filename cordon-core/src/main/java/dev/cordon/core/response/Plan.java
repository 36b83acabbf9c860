package dev.cordon.core.response;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered changes a contain or release run will make, for the operator to approve. Steps the
 * journal already shows as done are listed and skipped when the plan runs.
 *
 * <p>A plan to execute holds the run's locks ({@link RunLock}) from planning on, so no other run
 * changes the instance between the reads the plan rests on and its execution. Executing the plan
 * releases them, and so does {@link #close}, for a plan that is not executed. A preview plan
 * holds no locks and cannot be executed.
 */
public final class Plan implements AutoCloseable {
  /**
   * One printed line of the plan.
   *
   * @param after names of the steps this one waits for, or null when it waits for every step above it
   */
  public record PlannedStep(String name, String resource, String description, boolean done, List<String> after) {}

  private final String incidentId;
  private final String instanceId;
  private final CompromiseRole role;
  private final String operator;
  private final List<PlannedStep> steps;
  private final List<String> blastRadius;
  final Run run;
  final List<Step> executable;
  private final RunLocks locks;

  Plan(String incidentId, String instanceId, CompromiseRole role, String operator,
      List<PlannedStep> steps, List<String> blastRadius, Run run, List<Step> executable, RunLocks locks) {
    this.incidentId = incidentId;
    this.instanceId = instanceId;
    this.role = role;
    this.operator = operator;
    this.steps = List.copyOf(steps);
    this.blastRadius = List.copyOf(blastRadius);
    this.run = run;
    this.executable = List.copyOf(executable);
    this.locks = locks;
  }

  /**
   * Rejects a plan that holds no locks: a preview, or a plan already executed or closed.
   *
   * @throws IllegalStateException for such a plan, as executing it could overlap another run
   */
  void requireLocks() {
    if (!locks.held()) {
      throw new IllegalStateException("Plan of incident " + incidentId + " has no run locks: it is a preview,"
          + " or it was executed or closed already. Plan the run again to execute it.");
    }
  }

  /** Releases the locks the plan holds, so other runs can plan. Closing again does nothing. */
  @Override public void close() {
    locks.close();
  }

  public String incidentId() {
    return incidentId;
  }

  public String instanceId() {
    return instanceId;
  }

  public CompromiseRole role() {
    return role;
  }

  /** Returns the ARN GetCallerIdentity returned, recorded in the instance's tags. */
  public String operator() {
    return operator;
  }

  public List<PlannedStep> steps() {
    return steps;
  }

  /** Returns what else the changes touch: Auto Scaling group, instances sharing role or groups. */
  public List<String> blastRadius() {
    return blastRadius;
  }

  /** Returns the plan as text for the terminal, one step per line, each line ending in a line feed. */
  public String render() {
    StringBuilder text = new StringBuilder();
    renderLines().forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  /**
   * Returns the lines of {@link #render}, without line feeds. A name from AWS may contain a line
   * break, so a caller that prints to a terminal escapes each line as a whole.
   */
  public List<String> renderLines() {
    List<String> lines = new ArrayList<>();
    lines.add("Incident " + incidentId + ": instance " + instanceId + " (" + role.explanation()
        + "), operator " + operator);
    Map<String, Integer> numbers = new HashMap<>();
    for (PlannedStep step : steps) {
      numbers.put(step.name(), numbers.size() + 1);
      String order = step.after() == null ? "" : " (after " + String.join(", ", step.after().stream()
          .map(name -> String.valueOf(numbers.get(name))).toList()) + ")";
      lines.add(String.format("%3d. %-8s %s%s", numbers.get(step.name()), step.done() ? "[done]" : "",
          step.description(), order));
    }
    if (steps.stream().anyMatch(step -> step.after() != null)) {
      lines.add("A step marked (after ...) starts once those steps are done, beside other steps;"
          + " any other step waits for every step above it.");
    }
    if (!blastRadius.isEmpty()) {
      lines.add("Blast radius:");
      blastRadius.forEach(line -> lines.add("  - " + line));
    }
    return lines;
  }
}
