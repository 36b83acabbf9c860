package dev.cordon.core.response;

import java.util.Map;

/**
 * One unit of the playbook. A step checks in AWS whether its result is already there, so a run
 * that crashed between a call and its journal entry does not repeat the call.
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

  /** Returns results the last {@link #isDone} check found, journaled with the skip. */
  default Map<String, String> doneData() {
    return Map.of();
  }
}
