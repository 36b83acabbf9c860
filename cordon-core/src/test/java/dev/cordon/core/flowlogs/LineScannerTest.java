package dev.cordon.core.flowlogs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineScannerTest {

  @ParameterizedTest
  @CsvSource({
      // text with N for a newline, from, expected offset
      "abcdefghijklmnopN, 0, 16",
      "Nbcdefghijklmnop, 0, 0",
      "abcdefgNijklmnop, 0, 7",
      "abcdefghNjklmnop, 0, 8",
      "abcNefghijklNnop, 4, 12",
      "abcdefghijklmnop, 0, -1",
      "ab, 0, -1",
      "aN, 0, 1",
  })
  void indexOf_cases(String text, int from, int expected) {
    byte[] bytes = text.replace('N', '\n').getBytes(StandardCharsets.US_ASCII);

    assertThat(LineScanner.indexOf(bytes, from, bytes.length)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "127", "128", "255"})
  void indexOf_byteBeforeNewline_noFalseMatch(int before) {
    // Byte values around 0x0A and high bytes must not be taken for a newline by the 8-byte test.
    byte[] bytes = {(byte) before, (byte) 0x0B, (byte) 0x09, (byte) 0x8A, 'x', 'x', 'x', 'x', 'x', '\n'};

    assertThat(LineScanner.indexOf(bytes, 0, bytes.length)).isEqualTo(9);
  }
}
