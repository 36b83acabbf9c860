package dev.cordon.cli;

import dev.cordon.core.report.Report;
import dev.cordon.core.report.ReportFormat;
import dev.cordon.core.report.ReportRenderer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Output options shared by the commands that write a report. */
final class ReportOptions {
  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Output on stdout: text (default), json or markdown.")
  String format;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Also write report.txt, report.json and report.md into DIR (created if missing).")
  Path outDirectory;

  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      description = "Colour in text output: auto (when stdout is a terminal and NO_COLOR is unset), always or never.")
  String color;

  PrintStream stdout = System.out;

  void write(Report report, ReportFormat format) throws IOException {
    Writer out = new OutputStreamWriter(stdout, StandardCharsets.UTF_8);
    ReportRenderer.of(format, useColor()).render(report, out);
    out.flush();

    if (outDirectory != null) {
      Files.createDirectories(outDirectory);
      writeFile(report, ReportFormat.TEXT, outDirectory.resolve("report.txt"));
      writeFile(report, ReportFormat.JSON, outDirectory.resolve("report.json"));
      writeFile(report, ReportFormat.MARKDOWN, outDirectory.resolve("report.md"));
      System.err.println("cordon: report written to " + outDirectory.toAbsolutePath());
    }
  }

  private static void writeFile(Report report, ReportFormat format, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      ReportRenderer.of(format, false).render(report, out);
    }
  }

  private boolean useColor() {
    return switch (color.toLowerCase(Locale.ROOT)) {
      case "always" -> true;
      case "never" -> false;
      default -> System.console() != null && System.getenv("NO_COLOR") == null && stdout == System.out;
    };
  }
}
