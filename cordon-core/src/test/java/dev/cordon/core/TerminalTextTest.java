package dev.cordon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TerminalTextTest {

  static Stream<Arguments> lineCases() {
    return Stream.of(
        Arguments.of("plain", "File a.json not found", "File a.json not found"),
        Arguments.of("escape and bell", "token 'x\u001b]0;pwned\u0007'", "token 'x\\x1b]0;pwned\\x07'"),
        Arguments.of("C1 CSI", "a\u009b31m", "a\\x9b31m"),
        Arguments.of("right-to-left override", "a\u202eb", "a\\u202eb"),
        Arguments.of("backslash doubled", "token 'x\\x1b'", "token 'x\\\\x1b'"),
        Arguments.of("line feed escaped", "prod-asg\nFAKE: done", "prod-asg\\x0aFAKE: done"),
        Arguments.of("CRLF escaped", "a\r\nFAKE", "a\\x0d\\x0aFAKE"),
        Arguments.of("tab escaped", "a\tb", "a\\x09b"),
        Arguments.of("lone high surrogate", "lone \ud800 high", "lone \\ud800 high"),
        Arguments.of("lone low surrogate", "lone \udc00 low", "lone \\udc00 low"),
        Arguments.of("high surrogate at end", "end \ud83d", "end \\ud83d"),
        Arguments.of("reversed pair", "\ude00\ud83d", "\\ude00\\ud83d"),
        Arguments.of("emoji kept", "ok \ud83d\ude00 done", "ok \ud83d\ude00 done"),
        Arguments.of("null", null, "null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lineCases")
  void escapeLine_escapesControls(String name, String input, String expected) {
    assertThat(TerminalText.escapeLine(input)).isEqualTo(expected);
  }

  static Stream<Arguments> stackTraceCases() {
    return Stream.of(
        Arguments.of("line feed kept", "failed\n\tat Main.run", "failed\n\tat Main.run"),
        Arguments.of("CRLF kept", "failed\r\n\tat Main.run", "failed\r\n\tat Main.run"),
        Arguments.of("lone carriage return", "ok\rfake", "ok\\x0dfake"),
        Arguments.of("escape in message", "x\u001b[2J", "x\\x1b[2J"),
        Arguments.of("lone surrogate", "a\ud800", "a\\ud800"),
        Arguments.of("null", null, "null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stackTraceCases")
  void escapeStackTrace_keepsLayout(String name, String input, String expected) {
    assertThat(TerminalText.escapeStackTrace(input)).isEqualTo(expected);
  }
}
