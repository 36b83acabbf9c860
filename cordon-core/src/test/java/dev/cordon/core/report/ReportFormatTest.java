package dev.cordon.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportFormatTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"text, TEXT", "JSON, JSON", "Markdown, MARKDOWN", "' json ', JSON"})
  void parse_anyCase_returnsFormat(String value, ReportFormat expected) {
    assertThat(ReportFormat.parse(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({"xml", "md", "''"})
  void parse_unknown_namesValueAndChoices(String value) {
    assertThatThrownBy(() -> ReportFormat.parse(value))
        .isInstanceOf(UsageException.class)
        .hasMessage("Invalid report format '" + value + "': use one of text, json, markdown.");
  }
}
