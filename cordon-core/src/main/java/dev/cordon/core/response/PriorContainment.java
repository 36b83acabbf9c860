package dev.cordon.core.response;

import dev.cordon.core.input.UsageException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * Detects an instance another incident contains, before any change: recording its quarantined
 * state as the original would make release restore the quarantine.
 */
final class PriorContainment {
  private PriorContainment() {}

  /**
   * Rejects {@code target} when its {@code cordon:incident} tag names an incident that was not
   * released since and is either another incident or this one without its recorded original
   * state ({@code resuming} false). Unless {@code resuming} this incident or the tag names it, it
   * also rejects an ENI on a Cordon quarantine group or the Cordon quarantine profile. With {@code
   * ignoreTag} the tag is not read, and only those signs are.
   *
   * @param journalFile where this incident's journal was expected
   * @param restoreCommand the command that restores the journal from its S3 mirror, or null when
   *     this run has no mirror location
   * @throws UsageException naming the incident that contains the instance and how to go on
   */
  static void requireNone(Target target, String incidentId, boolean resuming, boolean ignoreTag, Path journalFile,
      String restoreCommand) {
    String holder = target.tags().get(ProtectSteps.INCIDENT_TAG);
    boolean live = holder != null && !releasedSince(target) && !ignoreTag;
    List<String> signs = quarantineSigns(target);
    if (live && !holder.equals(incidentId)) {
      throw new UsageException("Instance " + target.instanceId() + " is already contained by incident " + holder
          + " (tag " + ProtectSteps.INCIDENT_TAG + "); nothing was changed. Run contain with --incident " + holder
          + " to resume that incident, or run 'cordon release " + holder + "' first to contain it as a new one."
          + unbackedTagHint(signs));
    }
    if (live && !resuming) {
      // Recording the state now would store the quarantine as the original, and release would restore it.
      throw new UsageException("Instance " + target.instanceId() + " is already contained by incident " + holder
          + " (tag " + ProtectSteps.INCIDENT_TAG + "), but its journal and original state are not in "
          + journalFile.getParent() + "; nothing was changed. " + recoveryHint(journalFile, restoreCommand)
          + unbackedTagHint(signs));
    }
    if (resuming || (!ignoreTag && Objects.equals(holder, incidentId))) {
      return;
    }
    if (!signs.isEmpty()) {
      String tag = ignoreTag ? "; --ignore-incident-tag does not apply to an instance held by Cordon's quarantine"
          : " but has no " + ProtectSteps.INCIDENT_TAG + " tag of a live incident";
      throw new UsageException("Instance " + target.instanceId() + " looks contained already (" + String.join(", ", signs)
          + ")" + tag + "; nothing was changed. Release the incident that contained it, or put its original"
          + " security groups and instance profile back, then run contain again.");
    }
  }

  /**
   * Returns advice for a tag that nothing else on the instance backs, or "" when a quarantine group
   * or profile shows that it was contained. Anyone allowed ec2:CreateTags on the instance, the
   * attacker among them, can write the tag to keep contain away.
   */
  private static String unbackedTagHint(List<String> signs) {
    if (!signs.isEmpty()) {
      return "";
    }
    return " No quarantine group or profile is on the instance, and anyone allowed ec2:CreateTags on it can"
        + " write this tag: if Cordon did not write it, run contain again with --ignore-incident-tag.";
  }

  private static String recoveryHint(Path journalFile, String restoreCommand) {
    String mirror = restoreCommand != null
        ? "Restore the journal from its mirror with '" + restoreCommand + "', or"
        : "If contain mirrored the journal to S3, run contain again with the same --journal-bucket for the"
            + " command that restores it, or";
    return mirror + " run contain again with the --incident-dir (or " + Incidents.DIRECTORY_VARIABLE
        + ") that holds the incident's directory. Whoever moved the directory should move it back instead of"
        + " starting over, because the original state in it is what release restores.";
  }

  /** Returns whether release tagged the instance after the last contain did. ISO-8601 instants sort as text. */
  static boolean releasedSince(Target target) {
    Instant released = instant(target.tags().get(ProtectSteps.RELEASED_AT));
    String containedTag = target.tags().get(ProtectSteps.CONTAINED_AT);
    if (released == null) {
      return false;
    }
    if (containedTag == null) {
      return true;
    }
    // A contained-at that is not a time counts as later than any release, so the instance stays held.
    Instant contained = instant(containedTag);
    return contained != null && !released.isBefore(contained);
  }

  /** Returns the time in a Cordon tag, or null when the tag is absent or is not an ISO 8601 instant. */
  private static Instant instant(String tag) {
    if (tag == null) {
      return null;
    }
    try {
      return Instant.parse(tag);
    } catch (DateTimeParseException e) {
      return null;
    }
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
