package dev.cordon.core.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A compiled Sigma rule for CloudTrail records. It is immutable and safe to share between threads.
 *
 * <p>Matching walks the record's JSON in place: plain values without wildcards are compared with
 * {@link String#regionMatches}, so testing a rule allocates nothing unless it uses patterns,
 * {@code fieldref}, {@code cidr} or a field whose value is a JSON object.
 */
public final class SigmaRule {
  private final String name;
  private final String id;
  private final String title;
  private final String description;
  private final String level;
  private final List<String> tactics;
  private final List<String> techniques;
  private final boolean routine;
  private final List<String> notes;
  private final String source;
  private final Map<String, Selection> selections;
  private final Condition condition;
  /**
   * The event sources the condition requires, in lower case, or null when it requires none. Most rules name a service, so this check skips them on other services' calls.
   */
  private final Set<String> eventSources;

  SigmaRule(String name, String id, String title, String description, String level,
      AttackTags attack, boolean routine, List<String> notes, String source,
      Map<String, Selection> selections, Condition condition) {
    this.name = name;
    this.id = id;
    this.title = title;
    this.description = description;
    this.level = level;
    this.tactics = attack.tactics();
    this.techniques = attack.techniques();
    this.routine = routine;
    this.notes = List.copyOf(notes);
    this.source = source;
    this.selections = selections;
    this.condition = condition;
    this.eventSources = EventSources.required(condition);
  }

  /** Returns whether the whole CloudTrail record matches the rule's condition. */
  public boolean matches(JsonNode record) {
    if (record == null) {
      return false;
    }
    if (eventSources != null) {
      JsonNode source = record.get("eventSource");
      if (source == null || !source.isTextual() || !EventSources.contains(eventSources,
          source.textValue())) {
        return false;
      }
    }
    return condition.test(record);
  }

  public boolean matches(CloudTrailEvent event) {
    return matches(event.raw());
  }

  /**
   * Returns the rule's short name, reported as a finding's {@code rule}: the Sigma {@code name}
   * attribute, else the file name without its extension.
   */
  public String name() {
    return name;
  }

  /** Returns the Sigma {@code id}, usually a UUID, or null. */
  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public String description() {
    return description;
  }

  /** Returns the Sigma level: informational, low, medium, high or critical. */
  public String level() {
    return level;
  }

  /** Returns the level as a finding severity; informational is low. */
  public Severity severity() {
    return switch (level.toLowerCase(Locale.ROOT)) {
      case "critical" -> Severity.CRITICAL;
      case "high" -> Severity.HIGH;
      case "medium" -> Severity.MEDIUM;
      default -> Severity.LOW;
    };
  }

  /** Returns the ATT&CK v19 tactics from the {@code attack.*} tags, lower-case with hyphens. */
  public List<String> tactics() {
    return tactics;
  }

  /** Returns the first tactic, which Cordon reports as the finding's tactic, or null. */
  public String tactic() {
    return tactics.isEmpty() ? null : tactics.get(0);
  }

  /** Returns the ATT&CK v19 technique IDs, such as {@code T1098.001}. */
  public List<String> techniques() {
    return techniques;
  }

  /**
   * Returns whether an application may make this call as part of its normal work, from the
   * Cordon attribute {@code cordon: {routine: true}}. A call that is never routine ends the
   * instance role's baseline.
   */
  public boolean routine() {
    return routine;
  }

  /**
   * Returns the quirks found while compiling, such as a filter value that names a field and so
   * never excludes anything, or a filter that keeps the rule from firing for assumed roles.
   */
  public List<String> notes() {
    return notes;
  }

  /** Returns the file or resource the rule came from. */
  public String source() {
    return source;
  }

  /** Returns the selections by name, in the order the rule declares them. */
  Map<String, Selection> selections() {
    return selections;
  }

  Condition condition() {
    return condition;
  }

  @Override
  public String toString() {
    return name + " (" + source + ")";
  }
}
