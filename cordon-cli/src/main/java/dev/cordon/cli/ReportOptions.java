package dev.cordon.cli;

import dev.cordon.core.input.UsageException;
import dev.cordon.core.report.Report;
import dev.cordon.core.report.ReportFormat;
import dev.cordon.core.report.ReportRenderer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  private static final List<String> COLOR_CHOICES = List.of("auto", "always", "never");

  /** The file name written into {@code --out} for each format, iterated in format order. */
  private static final Map<ReportFormat, String> REPORT_FILES = Collections.unmodifiableMap(
      new EnumMap<>(Map.of(ReportFormat.TEXT, "report.txt", ReportFormat.JSON, "report.json",
          ReportFormat.MARKDOWN, "report.md")));

  PrintStream stdout = System.out;

  /** Rejects option values that only show up as wrong output later. */
  void validate() {
    if (!COLOR_CHOICES.contains(color.toLowerCase(Locale.ROOT))) {
      throw new UsageException("invalid --color '" + color + "': use auto, always or never");
    }
    if (outDirectory != null) {
      validateOutDirectory();
    }
  }

  /**
   * Rejects an {@code --out} directory that the report files cannot be written into, before the
   * investigation runs: a file, a path under a file or device, or a report file name taken by a
   * directory.
   */
  private void validateOutDirectory() {
    if (Files.exists(outDirectory) && !Files.isDirectory(outDirectory)) {
      throw invalidOut("it is a file; give a directory (created if missing)");
    }
    Path existing = outDirectory.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      throw invalidOut(existing + " is not a directory, so the directory cannot be created"
          + " under it; give a directory path (created if missing)");
    }
    for (String name : REPORT_FILES.values()) {
      Path file = outDirectory.resolve(name);
      if (Files.isDirectory(file)) {
        throw invalidOut(file + " is a directory, so the report cannot be written there; remove"
            + " or rename it, or give another --out directory");
      }
    }
  }

  private UsageException invalidOut(String reason) {
    return new UsageException("invalid --out '" + outDirectory + "': " + reason);
  }

  void write(Report report, ReportFormat format) throws IOException {
    Writer out = new OutputStreamWriter(stdout, StandardCharsets.UTF_8);
    ReportRenderer.of(format, useColor()).render(report, out);
    out.flush();

    if (outDirectory != null) {
      writeFiles(report);
      if (!LoggingOptions.quiet) {
        EscapedPrint.println(System.err, "cordon: report written to " + outDirectory.toAbsolutePath());
      }
    }
  }

  /**
   * Writes the three report files into {@code --out}. A failure that {@link #validate} could not
   * foresee, such as a denied permission or a full disk, is a usage error that names the directory
   * or file and the cause.
   */
  private void writeFiles(Report report) {
    try {
      Files.createDirectories(outDirectory);
    } catch (IOException e) {
      throw invalidOut("failed to create the directory (" + e + "); give a directory you can"
          + " create or write to");
    }
    for (Map.Entry<ReportFormat, String> entry : REPORT_FILES.entrySet()) {
      Path file = outDirectory.resolve(entry.getValue());
      try {
        writeFile(report, entry.getKey(), file);
      } catch (IOException e) {
        throw new UsageException("failed to write the report file " + file + " (" + e + "); the"
            + " report on stdout is complete. Check the free space and the permissions of the"
            + " file, or give another --out directory");
      }
    }
  }

  /**
   * Renders into memory first, because the renderers write through a {@link java.io.PrintWriter},
   * which drops the cause of a failed write, and {@link Files#writeString} reports it.
   */
  private static void writeFile(Report report, ReportFormat format, Path file) throws IOException {
    StringWriter text = new StringWriter();
    ReportRenderer.of(format, false).render(report, text);
    Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
  }

  private boolean useColor() {
    return switch (color.toLowerCase(Locale.ROOT)) {
      case "always" -> true;
      case "never" -> false;
      default -> System.console() != null && System.getenv("NO_COLOR") == null && stdout == System.out;
    };
  }
}
