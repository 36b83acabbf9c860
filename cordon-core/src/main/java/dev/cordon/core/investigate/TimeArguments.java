package dev.cordon.core.investigate;

import dev.cordon.core.input.UsageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the times of {@code --since} and {@code --until}: ISO 8601 instants with a zone
 * ({@code 2024-01-15T03:15:22Z}, {@code 2024-01-15T05:15:22+02:00}), dates ({@code 2024-01-15},
 * midnight UTC), or a duration before now ({@code 90m}, {@code 24h}, {@code 7d}).
 */
public final class TimeArguments {
  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([smhdw])");

  private TimeArguments() {}

  public static Instant parse(String option, String text, Clock clock) {
    String value = text.trim();
    Matcher relative = RELATIVE.matcher(value.toLowerCase(Locale.ROOT));
    if (relative.matches()) {
      return clock.instant().minus(duration(Long.parseLong(relative.group(1)), relative.group(2)));
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException notAnInstant) {
      try {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notADate) {
        throw new UsageException("invalid " + option + " '" + text
            + "': expected an ISO 8601 time such as 2024-01-15T03:15:22Z, a date such as 2024-01-15,"
            + " or a duration before now such as 24h, 90m or 7d");
      }
    }
  }

  private static Duration duration(long amount, String unit) {
    return switch (unit) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofDays(7 * amount);
    };
  }
}
