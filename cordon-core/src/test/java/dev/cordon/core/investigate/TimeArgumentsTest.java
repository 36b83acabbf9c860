package dev.cordon.core.investigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.UsageException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeArgumentsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-16T00:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource({
    "2024-01-15T03:15:22Z,      2024-01-15T03:15:22Z",
    "2024-01-15T05:15:22+02:00, 2024-01-15T03:15:22Z",
    "2024-01-15,                2024-01-15T00:00:00Z",
    "2024-01-15T03:15:22,       2024-01-15T03:15:22Z",
    "2024-01-15T03:15:22.5Z,    2024-01-15T03:15:22.500Z",
    // 24 hours before the clock's 2024-01-16T00:00Z
    "24h,                       2024-01-15T00:00:00Z",
    "90m,                       2024-01-15T22:30:00Z",
    "7d,                        2024-01-09T00:00:00Z",
    "1w,                        2024-01-09T00:00:00Z",
    "' 30S ',                   2024-01-15T23:59:30Z"
  })
  void parse_acceptedForms(String text, String expected) {
    assertThat(TimeArguments.parse("--since", text, CLOCK)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2024-01-15 03:15", "24", "h", "-5h", "2024-13-01"})
  void parse_invalid_namesOptionAndValue(String text) {
    assertThatThrownBy(() -> TimeArguments.parse("--until", text, CLOCK))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("invalid --until '" + text + "'");
  }
}
