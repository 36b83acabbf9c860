package dev.cordon.core.report;

import dev.cordon.core.finding.ByteSizes;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.finding.TimelineEntry;
import dev.cordon.core.scope.Scope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal report, read first: the verdict, the findings by severity, the timeline, then what
 * was read. Every value from a log goes through {@link SafeText#forTerminal}.
 */
final class TextRenderer implements ReportRenderer {
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String CYAN = "\u001b[36m";
  private static final String GREEN = "\u001b[32m";

  private final boolean color;

  TextRenderer(boolean color) {
    this.color = color;
  }

  @Override
  public void render(Report report, Writer out) throws IOException {
    PrintWriter w = new PrintWriter(out);
    header(w, report);
    verdict(w, report.verdict(), report.inputs().blindSpots());
    findings(w, report.findings());
    timeline(w, report.timeline());
    inputs(w, report.inputs());
    w.flush();
    if (w.checkError()) {
      throw new IOException("Failed to write the text report");
    }
  }

  private void header(PrintWriter w, Report report) {
    w.print(style(BOLD, "Cordon investigation report") + "\n");
    w.printf("Generated %s by cordon %s (report schema %s)\n", report.generatedAt(),
        safe(report.toolVersion()), report.schemaVersion());
    Scope scope = report.scope();
    if (scope != null) {
      w.printf("Instance %s", scope.instanceId() == null
          ? "not known (scoped by address)" : safe(scope.instanceId()));
      if (scope.roleName() != null) {
        w.printf(", role %s", safe(scope.roleName()));
      }
      w.print("\n");
      printSetLine(w, "ENIs", scope.networkInterfaceIds());
      printSetLine(w, "Addresses", scope.localAddresses());
      printSetLine(w, "Egress", scope.egressAddresses());
      w.printf("Window %s\n", windowText(scope, report.inputs()));
      for (Inputs.WindowCount missed : report.inputs().sourcesOutsideWindow()) {
        w.print(style(BOLD + RED, "  " + outsideWindowText(missed)) + "\n");
      }
    }
    w.print("\n");
  }

  private void printSetLine(PrintWriter w, String label, Collection<String> values) {
    if (!values.isEmpty()) {
      w.printf("%s %s\n", label, safe(String.join(", ", values.stream().sorted().toList())));
    }
  }

  private void verdict(PrintWriter w, Verdict v, List<Inputs.BlindSpot> blindSpots) {
    String level = v.highestSeverity() == null ? "NONE" : v.highestSeverity().name();
    w.print(style(BOLD, "VERDICT ") + severityStyle(v.highestSeverity(), level) + "\n");
    w.print("  " + safe(v.headline()) + "\n");

    Verdict.CommandAndControl c2 = v.commandAndControl();
    String c2Detail = c2.detected() ? c2Text(c2) : "";
    answer(w, "Command and control", c2.detected(), c2Detail);

    Verdict.Exfiltration ex = v.exfiltration();
    String exDetail = ex.detected() ? ByteSizes.full(ex.bytes()) + joined(" to ", ex.destinations()) : "";
    answer(w, "Exfiltration", ex.detected(), exDetail);

    Verdict.CredentialTheft theft = v.credentialTheft();
    String theftDetail = theft.detected()
        ? String.join(", ", theft.accessKeyIds()) + joined(" used from ", theft.sourceIps())
        : "";
    answer(w, "Credentials stolen", theft.detected(), theftDetail);

    Verdict.Persistence persistence = v.persistence();
    answer(w, "Persistence", persistence.detected(), String.join(", ", persistence.principals()));
    if (!blindSpots.isEmpty()) {
      w.print("  " + style(YELLOW, "A \"no\" above may be a blind spot:") + " "
          + blindSpots.size() + " known gap(s) in the evidence, listed at the end.\n");
    }
    w.print("\n");
  }

  private static String c2Text(Verdict.CommandAndControl c2) {
    String port = c2.port() == null ? "" : ":" + c2.port();
    String score = c2.beaconScore() == null ? "" : String.format(Locale.ROOT, ", beacon score %.2f", c2.beaconScore());
    return c2.address() + port + " (" + c2.confidence() + " confidence" + score + "; "
        + String.join(", ", c2.evidence()) + ")";
  }

  private void answer(PrintWriter w, String question, boolean detected, String detail) {
    String mark = detected ? style(BOLD + RED, "YES") : style(GREEN, "no");
    String text = detail.isEmpty() ? "" : "  " + safe(detail);
    w.printf("  %-20s %s%s\n", question + "?", mark, text);
  }

  private void findings(PrintWriter w, List<Finding> findings) {
    w.print(style(BOLD, "FINDINGS (" + findings.size() + ")") + "\n");
    if (findings.isEmpty()) {
      w.print("  none\n");
    }
    Severity current = null;
    for (Finding f : findings) {
      if (f.severity() != current) {
        current = f.severity();
        long count = findings.stream().filter(x -> x.severity() == f.severity()).count();
        w.print("\n");
        w.print(severityStyle(current, label(current)) + " (" + count + ")\n");
      }
      finding(w, f);
    }
    w.print("\n");
  }

  private void finding(PrintWriter w, Finding f) {
    w.printf("  %s  [%s]\n", style(BOLD, safe(f.summary())), safe(f.id()));
    for (FindingFacts.Fact fact : FindingFacts.of(f)) {
      w.printf("      %-12s %s\n", fact.label(), safe(fact.value()));
    }
    if (f.explanation() != null) {
      for (String line : f.explanation()) {
        w.printf("      - %s\n", safe(line));
      }
    }
  }

  private void timeline(PrintWriter w, List<TimelineEntry> timeline) {
    w.print(style(BOLD, "TIMELINE (" + timeline.size() + ")") + "\n");
    if (timeline.isEmpty()) {
      w.print("  none\n");
    }
    for (TimelineEntry e : timeline) {
      String level = e.severity() == null ? "" : severityStyle(e.severity(), String.format("%-8s", label(e.severity())));
      String padding = e.severity() == null ? "        " : "";
      w.printf("  %s  %-10s %s%s %s\n", e.time(), safe(e.source()), level, padding, safe(e.summary()));
    }
    w.print("\n");
  }

  private void inputs(PrintWriter w, Inputs in) {
    w.print(style(BOLD, "INPUTS") + "\n");
    w.printf("  Files read:      %d\n", in.filesRead());
    List<String> counts = new ArrayList<>();
    in.recordsRead().forEach((kind, n) -> counts.add(safe(kind) + " " + ByteSizes.count(n)));
    w.printf("  Records read:    %s\n", counts.isEmpty() ? "none" : String.join(", ", counts));
    w.printf("  Records skipped: %s\n", ByteSizes.count(in.recordsSkipped()));
    for (Map.Entry<String, Long> e : in.skippedByReason().entrySet()) {
      w.printf("    %s: %s\n", safe(e.getKey()), ByteSizes.count(e.getValue()));
    }
    if (!in.skipSamples().isEmpty()) {
      w.print("  Examples of skipped records:\n");
      for (Inputs.SkippedRecord s : in.skipSamples()) {
        w.printf("    %s\n", safe(s.reason()));
      }
    }
    w.printf("  Blind spots:     %s\n", in.blindSpots().isEmpty() ? "none known" : in.blindSpots().size());
    for (Inputs.BlindSpot b : in.blindSpots()) {
      String period = b.from() == null ? "" : " (" + b.from() + " to " + (b.to() == null ? "?" : b.to()) + ")";
      w.printf("    %s%s\n", safe(labelled(b.source(), b.description())), period);
    }
    List<Inputs.FileError> fileErrors = in.fileErrorsOutsideBlindSpots();
    if (!fileErrors.isEmpty()) {
      w.print(style(RED, "  Files with errors:") + "\n");
      for (Inputs.FileError e : fileErrors) {
        w.printf("    %s\n", safe(labelled(e.path(), e.error())));
      }
    }
  }

  private static String joined(String prefix, List<String> values) {
    return values.isEmpty() ? "" : prefix + String.join(", ", values);
  }

  private static String label(Severity severity) {
    return severity == null ? "UNRATED" : severity.name();
  }

  private static String safe(String text) {
    return SafeText.forTerminal(text);
  }

  private String severityStyle(Severity severity, String text) {
    if (severity == null) {
      return text;
    }
    return switch (severity) {
      case CRITICAL -> style(BOLD + RED, text);
      case HIGH -> style(RED, text);
      case MEDIUM -> style(YELLOW, text);
      case LOW -> style(CYAN, text);
    };
  }

  private String style(String code, String text) {
    return color ? code + text + RESET : text;
  }

  /** Describes the time window, or states that every record was read when none was set. */
  static String windowText(Scope scope, Inputs inputs) {
    return WindowText.describe(scope.since(), scope.until(), inputs.windowHoldsRecords());
  }

  /** States that a source's records all fell outside the window, and when they are. */
  static String outsideWindowText(Inputs.WindowCount missed) {
    return String.format(Locale.ROOT, "NO RECORDS IN THE WINDOW: 0 of %,d %s records about the"
        + " suspect fall inside; they run from %s to %s.", missed.records(), missed.source(),
        missed.first(), missed.last());
  }

  /** Prefixes a message with its source, unless the message already starts with it. */
  static String labelled(String source, String message) {
    if (source == null || message == null || message.startsWith(source)) {
      return String.valueOf(message);
    }
    return source + ": " + message;
  }
}
