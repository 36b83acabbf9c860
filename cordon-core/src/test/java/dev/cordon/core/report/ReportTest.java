package dev.cordon.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final Instant T1 = Instant.parse("2024-01-15T01:00:00Z");
  private static final Instant T2 = Instant.parse("2024-01-15T02:00:00Z");

  private static Finding finding(String id, Severity severity, Instant firstSeen) {
    return Finding.builder(FindingKind.API_ACTIVITY, severity, id).id(id).firstSeen(firstSeen).build();
  }

  @Test
  void of_sortsFindingsBySeverityThenTimeThenId() {
    List<Finding> input = List.of(
        finding("low", Severity.LOW, T1),
        finding("high-late", Severity.HIGH, T2),
        finding("high-b", Severity.HIGH, T1),
        finding("high-a", Severity.HIGH, T1),
        finding("high-untimed", Severity.HIGH, null),
        finding("critical", Severity.CRITICAL, T2));

    Report report = ReportFixtures.report(input);

    assertThat(report.findings()).extracting(Finding::id)
        .containsExactly("critical", "high-a", "high-b", "high-late", "high-untimed", "low");
  }

  @Test
  void of_sortsTimelineByTimeThenSource() {
    Report report = ReportFixtures.report(List.of());

    assertThat(report.timeline()).extracting(TimelineEntry::time).isSorted();
    assertThat(report.timeline().get(0).summary()).isEqualTo("GetCallerIdentity");
  }

  @Test
  void of_setsSchemaVersionAndInputs() {
    Report report = ReportFixtures.report(List.of());

    assertThat(report.schemaVersion()).isEqualTo("1.0");
    assertThat(report.inputs().filesRead()).isEqualTo(2);
    assertThat(report.inputs().recordsReadTotal()).isEqualTo(1_500L);
    assertThat(report.inputs().skippedByReason()).containsEntry("invalid port", 2L);
    assertThat(report.inputs().fileErrors()).extracting(Inputs.FileError::path).containsExactly("trail/b.json.gz");
    assertThat(report.inputs().blindSpots().get(0).from()).isEqualTo(Instant.parse("2024-01-15T03:00:00Z"));
  }

  @Test
  void hasFindingsAtLeast_comparesWithHighest() {
    Report report = ReportFixtures.report(List.of(finding("m", Severity.MEDIUM, T1)));

    assertThat(report.hasFindingsAtLeast(Severity.LOW)).isTrue();
    assertThat(report.hasFindingsAtLeast(Severity.MEDIUM)).isTrue();
    assertThat(report.hasFindingsAtLeast(Severity.HIGH)).isFalse();
  }

  @Test
  void hasFindingsAtLeast_noFindings_false() {
    assertThat(ReportFixtures.report(List.of()).hasFindingsAtLeast(Severity.LOW)).isFalse();
  }
}
