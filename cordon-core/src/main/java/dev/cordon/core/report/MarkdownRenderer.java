package dev.cordon.core.report;

import dev.cordon.core.finding.ByteSizes;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.TimelineEntry;
import dev.cordon.core.scope.Scope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report to hand to a manager or an auditor: title, verdict, a findings table, the details of
 * each finding, the timeline and the inputs. Every value from a log goes through {@link
 * SafeText#forMarkdown}, so it can neither break a table nor become a link, tag or code span.
 */
final class MarkdownRenderer implements ReportRenderer {

  @Override
  public void render(Report report, Writer out) throws IOException {
    PrintWriter w = new PrintWriter(out);
    title(w, report);
    verdict(w, report.verdict());
    findingTable(w, report.findings());
    details(w, report.findings());
    timeline(w, report.timeline());
    inputs(w, report.inputs());
    w.flush();
    if (w.checkError()) {
      throw new IOException("Failed to write the Markdown report");
    }
  }

  private void title(PrintWriter w, Report report) {
    Scope scope = report.scope();
    String subject = scope == null || scope.instanceId() == null ? "" : " of " + md(scope.instanceId());
    w.print("# Investigation" + subject + "\n\n");
    w.print("Generated " + report.generatedAt() + " by cordon " + md(report.toolVersion())
        + " (report schema " + report.schemaVersion() + ").\n\n");
    if (scope != null) {
      line(w, "Role", scope.roleName() == null ? null : md(scope.roleName()));
      line(w, "Network interfaces", list(scope.networkInterfaceIds()));
      line(w, "Addresses", list(scope.localAddresses()));
      line(w, "Egress addresses", list(scope.egressAddresses()));
      line(w, "Window", TextRenderer.windowText(scope, report.inputs()));
      w.print("\n");
      for (Inputs.WindowCount missed : report.inputs().sourcesOutsideWindow()) {
        w.print("> **" + md(TextRenderer.outsideWindowText(missed)) + "**\n\n");
      }
    }
  }

  private void verdict(PrintWriter w, Verdict v) {
    w.print("## Verdict\n\n");
    String level = v.highestSeverity() == null ? "none" : v.highestSeverity().name();
    w.print("**Highest severity: " + level + ".** " + md(v.headline()) + "\n\n");
    w.print("| Question | Answer | Details |\n|---|---|---|\n");

    Verdict.CommandAndControl c2 = v.commandAndControl();
    String c2Detail = !c2.detected() ? "" : md(c2.address() + (c2.port() == null ? "" : ":" + c2.port()))
        + ", " + c2.confidence() + " confidence"
        + (c2.beaconScore() == null ? "" : String.format(Locale.ROOT, ", beacon score %.2f", c2.beaconScore()))
        + " (" + md(String.join(", ", c2.evidence())) + ")";
    row(w, "Command and control?", yesNo(c2.detected()), c2Detail);

    Verdict.Exfiltration ex = v.exfiltration();
    String exDetail = !ex.detected() ? "" : ByteSizes.full(ex.bytes())
        + (ex.destinations().isEmpty() ? "" : " to " + list(ex.destinations()));
    row(w, "Exfiltration?", yesNo(ex.detected()), exDetail);

    Verdict.CredentialTheft theft = v.credentialTheft();
    String theftDetail = !theft.detected() ? "" : list(theft.accessKeyIds())
        + (theft.sourceIps().isEmpty() ? "" : " used from " + list(theft.sourceIps()));
    row(w, "Credentials stolen?", yesNo(theft.detected()), theftDetail);

    Verdict.Persistence persistence = v.persistence();
    row(w, "Persistence?", yesNo(persistence.detected()), list(persistence.principals()));
    w.print("\n");
  }

  private void findingTable(PrintWriter w, List<Finding> findings) {
    w.print("## Findings\n\n");
    if (findings.isEmpty()) {
      w.print("No findings.\n\n");
      return;
    }
    w.print("| # | Severity | Kind | Summary | First seen |\n|---|---|---|---|---|\n");
    int number = 1;
    for (Finding f : findings) {
      String first = f.firstSeen() == null ? "" : f.firstSeen().toString();
      row(w, String.valueOf(number++), f.severity() == null ? "" : f.severity().name(), md(f.kind()),
          md(f.summary()), first);
    }
    w.print("\n");
  }

  private void details(PrintWriter w, List<Finding> findings) {
    if (findings.isEmpty()) {
      return;
    }
    w.print("## Details\n\n");
    int number = 1;
    for (Finding f : findings) {
      w.print("### " + number++ + ". " + md(f.summary()) + "\n\n");
      w.print("- id: " + md(f.id()) + "\n");
      w.print("- kind: " + md(f.kind()) + ", severity " + (f.severity() == null ? "none" : f.severity().name()) + "\n");
      for (FindingFacts.Fact fact : FindingFacts.of(f)) {
        w.print("- " + fact.label() + ": " + md(fact.value()) + "\n");
      }
      w.print("\n");
      if (f.explanation() != null && !f.explanation().isEmpty()) {
        w.print("How this was decided:\n\n");
        for (String step : f.explanation()) {
          w.print("1. " + md(step) + "\n");
        }
        w.print("\n");
      }
    }
  }

  private void timeline(PrintWriter w, List<TimelineEntry> timeline) {
    w.print("## Timeline\n\n");
    if (timeline.isEmpty()) {
      w.print("No events.\n\n");
      return;
    }
    w.print("| Time | Source | Severity | Event |\n|---|---|---|---|\n");
    for (TimelineEntry e : timeline) {
      row(w, String.valueOf(e.time()), md(e.source()), e.severity() == null ? "" : e.severity().name(),
          md(e.summary()));
    }
    w.print("\n");
  }

  private void inputs(PrintWriter w, Inputs in) {
    w.print("## Inputs\n\n");
    line(w, "Files read", String.valueOf(in.filesRead()));
    StringBuilder records = new StringBuilder();
    in.recordsRead().forEach((kind, n) ->
        records.append(records.length() == 0 ? "" : ", ").append(md(kind)).append(' ').append(ByteSizes.count(n)));
    line(w, "Records read", records.length() == 0 ? "none" : records.toString());
    line(w, "Records skipped", ByteSizes.count(in.recordsSkipped()));
    w.print("\n");
    skips(w, in);
    blindSpotsAndErrors(w, in);
  }

  private void skips(PrintWriter w, Inputs in) {
    if (!in.skippedByReason().isEmpty()) {
      w.print("| Skip reason | Records |\n|---|---|\n");
      for (Map.Entry<String, Long> e : in.skippedByReason().entrySet()) {
        row(w, md(e.getKey()), ByteSizes.count(e.getValue()));
      }
      w.print("\n");
    }
    if (!in.skipSamples().isEmpty()) {
      w.print("Examples of skipped records:\n\n");
      for (Inputs.SkippedRecord s : in.skipSamples()) {
        // The reason starts with the file and line, as in the text report.
        w.print("- " + md(s.reason()) + "\n");
      }
      w.print("\n");
    }
  }

  private void blindSpotsAndErrors(PrintWriter w, Inputs in) {
    w.print("Blind spots: " + (in.blindSpots().isEmpty() ? "none known." : "") + "\n\n");
    for (Inputs.BlindSpot b : in.blindSpots()) {
      String period = b.from() == null ? "" : " (" + b.from() + " to " + (b.to() == null ? "?" : b.to()) + ")";
      w.print("- " + md(TextRenderer.labelled(b.source(), b.description())) + period + "\n");
    }
    if (!in.blindSpots().isEmpty()) {
      w.print("\n");
    }
    List<Inputs.FileError> fileErrors = in.fileErrorsOutsideBlindSpots();
    if (!fileErrors.isEmpty()) {
      w.print("Files with errors:\n\n");
      for (Inputs.FileError e : fileErrors) {
        w.print("- " + md(TextRenderer.labelled(e.path(), e.error())) + "\n");
      }
      w.print("\n");
    }
  }

  private static void line(PrintWriter w, String label, String value) {
    if (value != null && !value.isEmpty()) {
      w.print("- " + label + ": " + value + "\n");
    }
  }

  private static void row(PrintWriter w, String... cells) {
    w.print("| " + String.join(" | ", cells) + " |\n");
  }

  private static String yesNo(boolean detected) {
    return detected ? "**Yes**" : "No";
  }

  private static String list(Collection<String> values) {
    return md(String.join(", ", values.stream().sorted().toList()));
  }

  private static String md(String text) {
    return SafeText.forMarkdown(text);
  }
}
