package dev.cordon.core.report;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.scope.Scope;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Everything an investigation found, in the order the renderers print it. The JSON output follows
 * {@code docs/investigation-report.schema.json}, whose version is {@link #SCHEMA_VERSION}.
 *
 * @param schemaVersion the JSON schema version: the major part changes only when a field is removed
 *     or changes meaning
 * @param toolVersion the Cordon version that produced the report
 */
public record Report(
    String schemaVersion,
    Instant generatedAt,
    String toolVersion,
    Scope scope,
    Verdict verdict,
    List<Finding> findings,
    List<TimelineEntry> timeline,
    Inputs inputs) {

  public static final String SCHEMA_VERSION = "1.0";

  /** Most severe first; then earliest; then by id so equal findings keep a stable order. */
  static final Comparator<Finding> FINDING_ORDER = Comparator
      .comparing(Finding::severity, Comparator.nullsLast(Comparator.<Severity>reverseOrder()))
      .thenComparing(Finding::firstSeen, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(Finding::id, Comparator.nullsLast(Comparator.naturalOrder()));

  static final Comparator<TimelineEntry> TIMELINE_ORDER = Comparator
      .comparing(TimelineEntry::time, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(TimelineEntry::source, Comparator.nullsLast(Comparator.naturalOrder()));

  public Report {
    findings = List.copyOf(findings);
    timeline = List.copyOf(timeline);
  }

  /**
   * Sorts findings (severity descending, then firstSeen, then id) and the timeline (time, then
   * source), and computes the verdict. Timeline entries with the same time and source keep their
   * input order, because the sort is stable.
   */
  public static Report of(Scope scope, List<Finding> findings, List<TimelineEntry> timeline,
      InputStats stats, Instant generatedAt, String toolVersion) {
    List<Finding> sortedFindings = findings.stream().sorted(FINDING_ORDER).toList();
    List<TimelineEntry> sortedTimeline = timeline.stream().sorted(TIMELINE_ORDER).toList();
    return new Report(SCHEMA_VERSION, generatedAt, toolVersion, scope, Verdict.of(sortedFindings),
        sortedFindings, sortedTimeline, Inputs.from(stats));
  }

  /** Returns whether any finding is at {@code severity} or above, as exit codes and alerts need. */
  public boolean hasFindingsAtLeast(Severity severity) {
    return findings.stream().anyMatch(f -> f.severity() != null && f.severity().atLeast(severity));
  }
}
