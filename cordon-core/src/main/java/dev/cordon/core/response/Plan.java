package dev.cordon.core.response;

import java.util.List;

/**
 * The ordered changes a contain or release run will make, for the operator to approve. Steps the
 * journal already shows as done are listed and skipped when the plan runs.
 */
public final class Plan {
  /** One printed line of the plan. */
  public record PlannedStep(String name, String resource, String description, boolean done) {}

  private final String incidentId;
  private final String instanceId;
  private final CompromiseRole role;
  private final String operator;
  private final List<PlannedStep> steps;
  private final List<String> blastRadius;
  final Run run;
  final List<Step> executable;

  Plan(String incidentId, String instanceId, CompromiseRole role, String operator,
      List<PlannedStep> steps, List<String> blastRadius, Run run, List<Step> executable) {
    this.incidentId = incidentId;
    this.instanceId = instanceId;
    this.role = role;
    this.operator = operator;
    this.steps = List.copyOf(steps);
    this.blastRadius = List.copyOf(blastRadius);
    this.run = run;
    this.executable = List.copyOf(executable);
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

  /** Returns the plan as text for the terminal, one step per line. */
  public String render() {
    StringBuilder text = new StringBuilder();
    text.append("Incident ").append(incidentId).append(": instance ").append(instanceId)
        .append(" (").append(role.name().toLowerCase(java.util.Locale.ROOT)).append("), operator ")
        .append(operator).append('\n');
    int number = 1;
    for (PlannedStep step : steps) {
      text.append(String.format("%3d. %-8s %s%n", number++, step.done() ? "[done]" : "", step.description()));
    }
    if (!blastRadius.isEmpty()) {
      text.append("Blast radius:\n");
      blastRadius.forEach(line -> text.append("  - ").append(line).append('\n'));
    }
    return text.toString();
  }
}
