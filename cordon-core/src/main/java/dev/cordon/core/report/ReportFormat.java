package dev.cordon.core.report;

import dev.cordon.core.input.UsageException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The output formats of an investigation report. */
public enum ReportFormat {
  TEXT,
  JSON,
  MARKDOWN;

  /**
   * Parses a format name, ignoring case.
   *
   * @throws UsageException when {@code value} is not {@code text}, {@code json} or {@code markdown}
   */
  public static ReportFormat parse(String value) {
    if (value != null) {
      for (ReportFormat format : values()) {
        if (format.label().equalsIgnoreCase(value.strip())) {
          return format;
        }
      }
    }
    String choices = Arrays.stream(values()).map(ReportFormat::label).collect(Collectors.joining(", "));
    throw new UsageException("Invalid report format '" + value + "': use one of " + choices + ".");
  }

  /** Returns the lower-case name used on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
