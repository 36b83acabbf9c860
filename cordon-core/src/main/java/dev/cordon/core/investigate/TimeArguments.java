package dev.cordon.core.investigate;

import dev.cordon.core.input.UsageException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses the times of {@code --since} and {@code --until}: ISO 8601 instants with a zone
 * ({@code 2024-01-15T03:15:22Z}, {@code 2024-01-15T05:15:22+02:00}, or UTC when the zone is left
 * out), dates ({@code 2024-01-15}, midnight UTC), or a duration before now ({@code 90m}, {@code 24h}).
 */
public final class TimeArguments {
  private static final int DATE_LENGTH = "2024-01-15".length();

  private TimeArguments() {}

  public static Instant parse(String option, String text, Clock clock) {
    String value = text.trim();
    if (DurationArguments.isDuration(value)) {
      return clock.instant().minus(DurationArguments.parse(option, value));
    }
    try {
      if (value.length() == DATE_LENGTH) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return OffsetDateTime.parse(value).toInstant();
      }
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new UsageException("invalid " + option + " '" + text
          + "': expected an ISO 8601 time such as 2024-01-15T03:15:22Z (UTC when the zone is left"
          + " out), a date such as 2024-01-15, or a duration before now such as 24h, 90m or 7d");
    }
  }
}
