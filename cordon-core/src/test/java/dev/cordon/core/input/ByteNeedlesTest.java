package dev.cordon.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteNeedlesTest {

  @Test
  void zeros_everyByteInEveryLane_exact() {
    for (int lane = 0; lane < 8; lane++) {
      for (int value = 0; value < 256; value++) {
        // Every other lane contains 0x01, the byte the rough test can mark above a zero one.
        long word = 0x0101010101010101L & ~(0xFFL << (8 * lane)) | ((long) value << (8 * lane));
        long expected = value == 0 ? 0x80L << (8 * lane) : 0;

        assertThat(ByteWords.zeros(word)).as("lane %d value %d", lane, value).isEqualTo(expected);
      }
    }
  }

  @Test
  void zeros_allZero_everyLane() {
    assertThat(Long.bitCount(ByteWords.zeros(0))).isEqualTo(8);
  }

  @Test
  void roughZeros_everyZeroMarked() {
    for (int lane = 0; lane < 8; lane++) {
      long word = 0x4141414141414141L & ~(0xFFL << (8 * lane));

      assertThat(ByteWords.roughZeros(word) & (0x80L << (8 * lane))).as("lane %d", lane).isNotZero();
    }
    assertThat(ByteWords.roughZeros(0x4141414141414141L)).isZero();
  }

  @ParameterizedTest
  @CsvSource({
      // haystack,                                   needles,            expected offset
      "2 1 eni-1 10.0.1.55 10.0.2.1 1 2,            10.0.1.55,          10",
      "10.0.1.55,                                    10.0.1.55,          0",
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx10.0.1.55,     10.0.1.55,          31",
      "2 1 eni-1 10.0.1.5 10.0.2.1 1 2,             10.0.1.55,          -1",
      "2 1 eni-1 10.0.1.551 10.0.2.1 1 2,           10.0.1.55,          10",
      "1111111111111111115555555555555555,           10.0.1.55,          -1",
      "abcdefgh:ijklmnop,                            :,                  8",
      "abcdefghijklmnop,                             :,                  -1",
      "2 1 eni-1 - - - - - NODATA,                  DATA;eni-2,         22",
      "2 1 eni-2 - - - - - NODATA,                  DATA;eni-2,         4",
      "ab,                                           abc,                -1",
  })
  void indexOf_cases(String haystack, String needles, int expected) {
    byte[] bytes = haystack.getBytes(StandardCharsets.US_ASCII);
    ByteNeedles search = new ByteNeedles(List.of(needles.split(";")).stream()
        .map(n -> n.getBytes(StandardCharsets.US_ASCII)).toList());

    assertThat(search.indexOf(bytes, 0, bytes.length)).isEqualTo(expected);
  }

  @Test
  void indexOf_needleAtEveryOffset_found() {
    byte[] needle = "10.0.1.55".getBytes(StandardCharsets.US_ASCII);
    ByteNeedles search = new ByteNeedles(List.of(needle));
    for (int length = needle.length; length < 40; length++) {
      for (int at = 0; at + needle.length <= length; at++) {
        byte[] bytes = "1.0.5.1 5".repeat(8).substring(0, length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(needle, 0, bytes, at, needle.length);

        assertThat(search.indexOf(bytes, 0, bytes.length)).as("length %d at %d", length, at).isEqualTo(at);
        assertThat(search.indexOf(bytes, 0, at + needle.length - 1)).as("cut, length %d at %d", length, at)
            .isEqualTo(-1);
      }
    }
  }

  @Test
  void new_emptyNeedle_rejected() {
    assertThatThrownBy(() -> new ByteNeedles(List.of(new byte[0]))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteNeedles(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
