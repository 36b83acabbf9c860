package dev.cordon.core.response;

import java.util.List;

/**
 * Result of one contain or release run.
 *
 * @param changed steps that called AWS in this run, with internal ones ({@link Step#internal})
 * @param alreadyDone steps skipped because the journal or AWS showed them done, with internal ones
 * @param redone steps the journal showed done that ran again because AWS no longer showed their
 *     result; each is also in {@code changed}
 * @param journalCheck the journal's hash-chain check after the run
 */
public record Outcome(String incidentId, List<String> changed, List<String> alreadyDone, List<String> redone,
    Journal.ChainCheck journalCheck) {

  /** Returns the number of steps that called AWS in this run, internal steps left out. */
  public int changedCount() {
    return visible(changed);
  }

  /** Returns the number of steps already done before this run, internal steps left out. */
  public int alreadyDoneCount() {
    return visible(alreadyDone);
  }

  private static int visible(List<String> steps) {
    return (int) steps.stream().filter(step -> !Step.internal(step)).count();
  }
}
