package dev.cordon.core.response;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One unit of the playbook. A step checks in AWS whether its result is already there, so a run
 * that crashed between a call and its journal entry does not repeat the call.
 *
 * <p>By default a step starts once every step listed before it has finished. A step whose
 * {@link #after} names its predecessors may run beside other steps, each journaling its own
 * entries.
 */
interface Step {
  /** Unique within an incident, such as {@code isolate-eni:eni-0a1b2c3d4e5f60001}. */
  String name();

  /** Resource the step acts on. */
  String resource();

  /** One line for the printed plan. */
  String description();

  /** Returns whether AWS (or the incident directory) already shows the step's result. */
  boolean isDone(Run run);

  /** Makes the change and returns results worth journaling, such as created IDs. */
  Map<String, String> apply(Run run);

  /**
   * Returns whether {@link #apply} leaves the same result when that result is already in place.
   * The executor then skips the {@link #isDone} check of a step the journal shows never started,
   * which saves calls before the instance is isolated. A started step is always checked.
   */
  default boolean repeatable() {
    return false;
  }

  /**
   * Returns whether a run that finds this step journaled as done checks {@link #isDone} again and
   * repeats the step when AWS no longer shows its result. Isolation steps return true, because
   * something outside Cordon may undo them after the journal recorded them. A step whose result a
   * later step deliberately replaces must return false, or the re-run would put the old result back.
   */
  default boolean recheckedOnRerun() {
    return false;
  }

  /** Returns results the last {@link #isDone} check found, journaled with the skip. */
  default Map<String, String> doneData() {
    return Map.of();
  }

  /**
   * Returns the names of the steps that must finish before this one starts, each listed earlier in
   * the plan, or empty for the default: every step listed before this one.
   */
  default Optional<List<String>> after() {
    return Optional.empty();
  }

  /**
   * Returns whether a failure of this step stops the plan. When false, the failure is journaled,
   * the steps that wait for this one still start, except those that name it in
   * {@link #requiresSuccessOf}, and the failure is thrown once the plan has run.
   */
  default boolean failureStopsPlan() {
    return true;
  }

  /**
   * Returns the names of steps whose failure keeps this step from starting, although their failure
   * does not stop the plan ({@link #failureStopsPlan}). Names that are not planned are ignored.
   */
  default List<String> requiresSuccessOf() {
    return List.of();
  }

  /**
   * Returns whether the step named {@code name} is internal: record-state only writes the original
   * state to the incident directory, so counts of steps shown to the operator leave it out.
   */
  static boolean internal(String name) {
    return ProtectSteps.RecordState.NAME.equals(name);
  }

  /** Returns {@code step} set to wait only for the steps named {@code predecessors}. */
  static Step after(List<String> predecessors, Step step) {
    return new OrderedStep(step, List.copyOf(predecessors));
  }

  /** Returns every step of {@code steps} set to wait only for the steps named {@code predecessors}. */
  static List<Step> after(List<String> predecessors, List<Step> steps) {
    return steps.stream().map(step -> after(predecessors, step)).toList();
  }
}
