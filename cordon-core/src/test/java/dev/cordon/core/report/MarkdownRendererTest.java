package dev.cordon.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

  @Test
  void render_sectionsInOrder() {
    String markdown = ReportFixtures.render(ReportFormat.MARKDOWN, false, ReportFixtures.report(ReportFixtures.everyKind()));

    assertThat(markdown.lines().filter(l -> l.startsWith("# ") || l.startsWith("## ")))
        .containsExactly("# Investigation of i-0abc123def456", "## Verdict", "## Findings", "## Details",
            "## Timeline", "## Inputs");
  }

  @Test
  void render_verdictTable() {
    String markdown = ReportFixtures.render(ReportFormat.MARKDOWN, false, ReportFixtures.report(ReportFixtures.everyKind()));

    assertThat(markdown.lines()).contains(
        "| Exfiltration? | **Yes** | 2.1 GB (2,147,483,648 bytes) to 198.51.100.77 |",
        "| Persistence? | **Yes** | svc-backup |");
  }

  @Test
  void render_cutFile_listedOnceAsBlindSpot() {
    String markdown = ReportFixtures.render(ReportFormat.MARKDOWN, false, ReportFixtures.reportWithCutFile());

    String inputs = markdown.substring(markdown.indexOf("## Inputs"));
    assertThat(inputs).containsOnlyOnce("reading stopped after line 36");
    assertThat(inputs.substring(inputs.indexOf("Blind spots:"), inputs.indexOf("Files with errors:")))
        .contains("reading stopped after line 36");
    assertThat(inputs).endsWith("Files with errors:\n\n- trail/b.json.gz: Unexpected end of gzip stream after 500"
        + " records\n\n");
  }

  @Test
  void render_skipSamples_locationOnce() {
    String markdown = ReportFixtures.render(ReportFormat.MARKDOWN, false, ReportFixtures.report(List.of()));

    assertThat(markdown).contains("Examples of skipped records:\n\n"
        + "- flow/a.log.gz line 7: invalid port '99999'\n"
        + "- flow/a.log.gz line 9: invalid port '-1'\n\n");
  }

  @Test
  void render_noFindings_saysSo() {
    String markdown = ReportFixtures.render(ReportFormat.MARKDOWN, false, ReportFixtures.report(List.of()));

    assertThat(markdown).contains("## Findings\n\nNo findings.\n");
    assertThat(markdown).doesNotContain("## Details");
    assertThat(markdown.lines()).contains("| Command and control? | No |  |");
  }
}
