package dev.cordon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TerminalTextTest {

  static Stream<Arguments> messageCases() {
    return Stream.of(
        Arguments.of("plain", "File a.json not found", "File a.json not found"),
        Arguments.of("escape and bell", "token 'x\u001b]0;pwned\u0007'", "token 'x\\x1b]0;pwned\\x07'"),
        Arguments.of("C1 CSI", "a\u009b31m", "a\\x9b31m"),
        Arguments.of("right-to-left override", "a\u202eb", "a\\u202eb"),
        Arguments.of("backslash doubled", "token 'x\\x1b'", "token 'x\\\\x1b'"),
        Arguments.of("line feed kept", "failed\nState of i-1", "failed\nState of i-1"),
        Arguments.of("CRLF kept", "failed\r\nState of i-1", "failed\r\nState of i-1"),
        Arguments.of("lone carriage return", "ok\rfake", "ok\\x0dfake"),
        Arguments.of("tab kept", "\tat Main.run", "\tat Main.run"),
        Arguments.of("null", null, "null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messageCases")
  void escapeMessage_escapesControls(String name, String input, String expected) {
    assertThat(TerminalText.escapeMessage(input)).isEqualTo(expected);
  }
}
