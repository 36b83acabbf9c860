package dev.cordon.core.response;

import dev.cordon.core.input.UsageException;
import java.util.List;
import java.util.Objects;

/**
 * Detects an instance another incident contains, before any change: recording its quarantined
 * state as the original would make release restore the quarantine.
 */
final class PriorContainment {
  private PriorContainment() {}

  /**
   * Rejects {@code target} when its {@code cordon:incident} tag names another incident that was not
   * released since, or, unless {@code resuming} this incident or the tag names it, when an ENI is on
   * a Cordon quarantine group or the instance has the Cordon quarantine profile.
   *
   * @throws UsageException naming the incident that contains the instance and how to go on
   */
  static void requireNone(Target target, String incidentId, boolean resuming) {
    String holder = target.tags().get(ProtectSteps.INCIDENT_TAG);
    if (holder != null && !holder.equals(incidentId) && !releasedSince(target)) {
      throw new UsageException("Instance " + target.instanceId() + " is already contained by incident " + holder
          + " (tag " + ProtectSteps.INCIDENT_TAG + "); nothing was changed. Run contain with --incident " + holder
          + " to resume that incident, or run 'cordon release " + holder + "' first to contain it as a new one.");
    }
    if (resuming || Objects.equals(holder, incidentId)) {
      return;
    }
    List<String> signs = quarantineSigns(target);
    if (!signs.isEmpty()) {
      throw new UsageException("Instance " + target.instanceId() + " looks contained already (" + String.join(", ", signs)
          + ") but has no " + ProtectSteps.INCIDENT_TAG + " tag of a live incident; nothing was changed. Release the"
          + " incident that contained it, or put its original security groups and instance profile back, then run"
          + " contain again.");
    }
  }

  /** Returns whether release tagged the instance after the last contain did. ISO-8601 instants sort as text. */
  static boolean releasedSince(Target target) {
    String released = target.tags().get(ProtectSteps.RELEASED_AT);
    String contained = target.tags().get(ProtectSteps.CONTAINED_AT);
    return released != null && (contained == null || released.compareTo(contained) >= 0);
  }

  private static List<String> quarantineSigns(Target target) {
    List<String> signs = new java.util.ArrayList<>();
    target.described().networkInterfaces().forEach(eni -> eni.groups().stream()
        .filter(group -> group.groupName() != null && group.groupName().startsWith(IsolationSteps.QUARANTINE_PREFIX))
        .forEach(group -> signs.add(eni.networkInterfaceId() + " is on " + group.groupName())));
    if (target.instanceProfileArn() != null && target.instanceProfileArn().endsWith("/" + CredentialSteps.EMPTY_PROFILE)) {
      signs.add("its instance profile is " + CredentialSteps.EMPTY_PROFILE);
    }
    return signs;
  }
}
