package dev.cordon.core.investigate;

import dev.cordon.core.input.UsageException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses short durations such as {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d} and {@code 2w}. */
public final class DurationArguments {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,6})([smhdw])");

  private DurationArguments() {}

  /** Returns whether {@code text} has the short form, so callers can try other forms first. */
  public static boolean isDuration(String text) {
    return SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT)).matches();
  }

  public static Duration parse(String option, String text) {
    Matcher matcher = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new UsageException("invalid " + option + " '" + text
          + "': expected a number and a unit (s, m, h, d or w), such as 90s, 30m or 24h");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofDays(7 * amount);
    };
  }
}
