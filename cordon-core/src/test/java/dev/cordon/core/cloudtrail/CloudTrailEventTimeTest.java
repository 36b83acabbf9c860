package dev.cordon.core.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand parser of CloudTrail's time form must agree with {@link Instant#parse}, errors included. */
class CloudTrailEventTimeTest {

  @ParameterizedTest
  @ValueSource(strings = {
    "2024-01-15T03:15:22Z",
    "1970-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "2024-02-29T12:00:00Z",
    "2000-02-29T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2024-01-15T03:15:22.123Z",
    "2024-01-15T03:15:22+02:00",
    " 2024-01-15T03:15:22Z ",
    // Out of the hand parser's range, but accepted by Instant.parse: end of day and a leap second.
    "2024-01-15T24:00:00Z",
    "2016-12-31T23:59:60Z",
  })
  void eventTime_validText_sameAsInstantParse(String text) {
    assertThat(eventTime(text)).isEqualTo(Instant.parse(text.trim()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "2023-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2024-04-31T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-00-10T00:00:00Z",
    "2024-01-15T03:60:00Z",
    "2024-01-15T03:15:2xZ",
    "2024-01-15 03:15:22Z",
  })
  void eventTime_invalidText_rejectedAsInstantParseRejectsIt(String text) {
    String expected = parseError(text);

    assertThatThrownBy(() -> eventTime(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid eventTime '" + text + "'")
        .hasRootCauseMessage(expected);
  }

  private static Instant eventTime(String text) {
    ObjectNode record = JsonNodeFactory.instance.objectNode().put("eventTime", text);
    return CloudTrailEvent.fromRecord(record, "test").eventTime();
  }

  private static String parseError(String text) {
    try {
      Instant.parse(text);
    } catch (DateTimeParseException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return root.getMessage();
    }
    throw new AssertionError(text + " is valid for Instant.parse");
  }
}
