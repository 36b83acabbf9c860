package dev.cordon.core.flowlogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlowLogOptionsTest {

  @Test
  void defaults_haveNoFormat() {
    assertThat(FlowLogOptions.defaults().headerlessFormat()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "${version} ${account-id} ${interface-id}",
      "  ${srcaddr}\t${dstaddr} ",
      "${future-field} ${srcaddr}",
      "version srcaddr dstaddr",
      "account_id log_status",
  })
  void options_validFormat_accepted(String format) {
    assertThat(new FlowLogOptions(format).headerlessFormat()).isEqualTo(format);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "${version", "${}", "$version", "{version}", "${Version}", "${version} ,", "${a--b}"})
  void options_malformedFormat_rejected(String format) {
    assertThatThrownBy(() -> new FlowLogOptions(format))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--flow-format");
  }

  @Test
  void options_repeatedField_rejected() {
    assertThatThrownBy(() -> new FlowLogOptions("${srcaddr} ${dstaddr} ${srcaddr}"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("field 'srcaddr' appears twice");
  }

  @Test
  void parseFormat_underscoresAndBraces_normalised() {
    assertThat(FlowLayout.parseFormat("${account_id} log-status ${pkt-srcaddr}"))
        .containsExactly("account-id", "log-status", "pkt-srcaddr");
  }
}
