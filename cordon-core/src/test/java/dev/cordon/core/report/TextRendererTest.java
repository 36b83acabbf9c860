package dev.cordon.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextRendererTest {

  @Test
  void render_fullIncident_verdictFirst() {
    String text = ReportFixtures.render(ReportFormat.TEXT, false, ReportFixtures.report(ReportFixtures.everyKind()));

    String verdict = text.substring(text.indexOf("VERDICT"), text.indexOf("FINDINGS"));
    assertThat(verdict).isEqualTo("""
        VERDICT CRITICAL
          CRITICAL: Command and control to 203.0.113.100:443 (high confidence); 2.1 GB exfiltrated to 198.51.100.77; instance credentials used from 192.0.2.77; persistence through svc-backup.
          Command and control? YES  203.0.113.100:443 (high confidence, beacon score 0.91; beacon, guardduty-finding)
          Exfiltration?        YES  2.1 GB (2,147,483,648 bytes) to 198.51.100.77
          Credentials stolen?  YES  ASIAEXAMPLEKEY000001 used from 192.0.2.77
          Persistence?         YES  svc-backup
          A "no" above may be a blind spot: 1 known gap(s) in the evidence, listed at the end.

        """);
  }

  @Test
  void render_noFindings_answersNo() {
    String text = ReportFixtures.render(ReportFormat.TEXT, false, ReportFixtures.report(List.of()));

    assertThat(text).contains("  Command and control? no\n", "  Persistence?         no\n", "FINDINGS (0)\n  none\n");
  }

  @Test
  void render_cutFile_listedOnceAsBlindSpot() {
    String text = ReportFixtures.render(ReportFormat.TEXT, false, ReportFixtures.reportWithCutFile());

    String inputs = text.substring(text.indexOf("INPUTS"));
    assertThat(inputs).containsOnlyOnce("reading stopped after line 36");
    assertThat(inputs).contains("    " + ReportFixtures.CUT_FILE_ERROR + " (2024-01-15T03:00:00Z to ?)\n");
    assertThat(inputs).endsWith("""
          Files with errors:
            trail/b.json.gz: Unexpected end of gzip stream after 500 records
        """);
  }

  @Test
  void render_inputs_listsSkipsBlindSpotsAndErrors() {
    String text = ReportFixtures.render(ReportFormat.TEXT, false, ReportFixtures.report(List.of()));

    assertThat(text.substring(text.indexOf("INPUTS"))).isEqualTo("""
        INPUTS
          Files read:      2
          Records read:    cloudtrail 500, flowlogs 1,000
          Records skipped: 2
            invalid port: 2
          Examples of skipped records:
            flow/a.log.gz line 7: invalid port '99999'
            flow/a.log.gz line 9: invalid port '-1'
          Blind spots:     1
            flowlogs: SKIPDATA on eni-0a1b2c3d4e5f60002 (2024-01-15T03:00:00Z to 2024-01-15T03:01:00Z)
          Files with errors:
            trail/b.json.gz: Unexpected end of gzip stream after 500 records
        """);
  }
}
