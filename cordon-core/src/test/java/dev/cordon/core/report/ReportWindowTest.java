package dev.cordon.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.scope.Scope;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A time window that misses a source's records: one bold line per format and a JSON field. */
class ReportWindowTest {
  // 1705201200 is 2024-01-14T03:00:00Z and 1705291199 is 2024-01-15T03:59:59Z.
  private static final InputStats.WindowCount MISSED =
      new InputStats.WindowCount("flow-log", 24_608, 0, 1705201200L, 1705291199L);
  private static final InputStats.WindowCount COVERED =
      new InputStats.WindowCount("CloudTrail", 506, 17, 1705201331L, 1705290931L);

  private static Report report(InputStats.WindowCount... counts) {
    return report(ReportFixtures.scope(), counts);
  }

  private static Report report(Scope scope, InputStats.WindowCount... counts) {
    InputStats stats = ReportFixtures.stats();
    for (InputStats.WindowCount count : counts) {
      stats.windowCount(count);
    }
    return Report.of(scope, List.of(), List.of(), stats, ReportFixtures.GENERATED, "0.1.0");
  }

  /** Returns the fixture scope with the window set to {@code since} and {@code until}, each may be null. */
  private static Scope window(String since, String until) {
    Scope s = ReportFixtures.scope();
    return new Scope(s.instanceId(), s.roleName(), s.networkInterfaceIds(), s.localAddresses(), s.egressAddresses(),
        s.flaggedAddresses(), s.flaggedPort(), s.responderArns(), since == null ? null : Instant.parse(since),
        until == null ? null : Instant.parse(until));
  }

  @Test
  void text_sinceAfterData_statesOpenWindow() {
    String text = ReportFixtures.render(ReportFormat.TEXT, false, report(window("2026-01-02T00:00:00Z", null), MISSED));

    assertThat(text).contains("Window from 2026-01-02T00:00:00Z, open-ended\n");
    assertThat(text).doesNotContain("last record");
  }

  @Test
  void markdown_untilBeforeData_statesOpenWindow() {
    String markdown = ReportFixtures.render(ReportFormat.MARKDOWN, false,
        report(window(null, "2020-01-01T00:00:00Z"), MISSED));

    assertThat(markdown).contains("- Window: before 2020-01-01T00:00:00Z, with no start\n");
    assertThat(markdown).doesNotContain("first record");
  }

  @Test
  void text_recordsInside_keepsLastRecord() {
    String text = ReportFixtures.render(ReportFormat.TEXT, false, report(window("2024-01-14T03:00:00Z", null), COVERED));

    assertThat(text).contains("Window 2024-01-14T03:00:00Z to last record\n");
  }

  @Test
  void text_sourceOutsideWindow_boldLineUnderWindow() {
    String text = ReportFixtures.render(ReportFormat.TEXT, false, report(MISSED, COVERED));

    assertThat(text).contains("Window 2024-01-14T03:00:00Z to 2024-01-15T04:00:00Z\n"
        + "  NO RECORDS IN THE WINDOW: 0 of 24,608 flow-log records about the suspect fall inside;"
        + " they run from 2024-01-14T03:00:00Z to 2024-01-15T03:59:59Z.\n");
    assertThat(text).doesNotContain("0 of 506");
  }

  @Test
  void markdown_sourceOutsideWindow_quotedBoldLine() {
    String markdown = ReportFixtures.render(ReportFormat.MARKDOWN, false, report(MISSED));

    assertThat(markdown).contains("> **NO RECORDS IN THE WINDOW: 0 of 24,608 flow-log records");
  }

  @Test
  void json_windowCounts_listedPerSource() throws IOException {
    String json = ReportFixtures.render(ReportFormat.JSON, false, report(MISSED, COVERED));

    JsonNode window = new ObjectMapper().readTree(json).path("inputs").path("window");
    assertThat(window).hasSize(2);
    assertThat(window.get(0).path("source").asText()).isEqualTo("flow-log");
    assertThat(window.get(0).path("records").asLong()).isEqualTo(24_608);
    assertThat(window.get(0).path("inWindow").asLong()).isZero();
    assertThat(window.get(0).path("first").asText()).isEqualTo("2024-01-14T03:00:00Z");
    assertThat(window.get(1).path("inWindow").asLong()).isEqualTo(17);
    assertThat(ReportSchemaTest.strictSchema().validate(new ObjectMapper().readTree(json))).isEmpty();
  }

  @Test
  void json_noWindowCounts_fieldLeftOut() throws IOException {
    String json = ReportFixtures.render(ReportFormat.JSON, false, report());

    assertThat(new ObjectMapper().readTree(json).path("inputs").has("window")).isFalse();
  }
}
