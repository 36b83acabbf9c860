package dev.cordon.cli;

/** Tells the operator what to do when a run that changes AWS is stopped by Ctrl-C or a kill. */
final class Interruptions {
  private Interruptions() {}

  /**
   * Registers a shutdown hook that prints how to resume; the caller removes it once the run has
   * finished. Every step is journaled before the next one starts, so running the same command
   * again continues where this run stopped.
   */
  static Thread announceResume(String command, String incidentId) {
    Thread hook = new Thread(() -> System.err.println("cordon: " + command + " of incident "
        + incidentId + " was interrupted; every finished step is in its journal, so run the same"
        + " command again to resume (cordon status " + incidentId + " shows what is done)."));
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }
}
