package dev.cordon.core.response;

import java.nio.file.Path;

/** Layout of one incident directory. */
final class IncidentFiles {
  private IncidentFiles() {}

  static Path journal(Path incident) {
    return incident.resolve("journal.jsonl");
  }

  /** File that a contain or release run locks while it runs ({@link RunLock}). */
  static Path lock(Path incident) {
    return incident.resolve("journal.lock");
  }

  /**
   * File that a contain or release run of {@code instanceId} locks while it runs, under the
   * incidents root. Incident IDs start with a letter or digit, so no incident directory is named
   * like its directory.
   */
  static Path instanceLock(Path incidentRoot, String instanceId) {
    return incidentRoot.resolve(".instance-locks").resolve(instanceId + ".lock");
  }

  /** State before the first change, written once and never overwritten, so release can restore it. */
  static Path originalState(Path incident) {
    return incident.resolve("original-state.json");
  }

  static Path evidence(Path incident) {
    return incident.resolve("evidence");
  }

  static Path manifest(Path incident) {
    return evidence(incident).resolve("manifest.json");
  }
}
