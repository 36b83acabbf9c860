package dev.cordon.core.flowlogs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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

    assertThat(LineScanner.indexOf(ByteBuffer.wrap(bytes), from, bytes.length)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "127", "128", "255"})
  void indexOf_byteBeforeNewline_noFalseMatch(int before) {
    // Byte values around 0x0A and high bytes must not be taken for a newline by the 8-byte test.
    byte[] bytes = {(byte) before, (byte) 0x0B, (byte) 0x09, (byte) 0x8A, 'x', 'x', 'x', 'x', 'x', '\n'};

    assertThat(LineScanner.indexOf(ByteBuffer.wrap(bytes), 0, bytes.length)).isEqualTo(9);
  }

  /** Records the lines a scan hands on, with "TOO LONG" for each line dropped as too long. */
  private static final class Lines implements LineScanner.Handler {
    final List<String> seen = new ArrayList<>();

    @Override
    public void line(byte[] buffer, int start, int end) {
      seen.add(new String(buffer, start, end - start, StandardCharsets.US_ASCII));
    }

    @Override
    public void tooLong() {
      seen.add("TOO LONG");
    }
  }

  private static ByteBuffer direct(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
  }

  @Test
  void scanRegion_fileEnd_sameAsStream() throws IOException {
    String text = "first\n\nthird line\nlast without newline";
    Lines mapped = new Lines();
    Lines streamed = new Lines();

    int next = LineScanner.scan(direct(text), mapped, 0, text.length(), true);
    LineScanner.scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), streamed);

    assertThat(mapped.seen).containsExactly("first", "", "third line", "last without newline");
    assertThat(mapped.seen).isEqualTo(streamed.seen);
    assertThat(next).isEqualTo(text.length());
  }

  @Test
  void scanRegion_stopsAtChunkEnd() {
    String text = "one\ntwo\nthree\nfour\n";
    Lines lines = new Lines();

    // Lines that start before offset 5 ("one" at 0, "two" at 4) belong to the chunk.
    int next = LineScanner.scan(direct(text), lines, 0, 5, true);

    assertThat(lines.seen).containsExactly("one", "two");
    assertThat(next).isEqualTo(8);
  }

  @Test
  void scanRegion_lineCutByRegion_tooLong() {
    // A region that ends a line's maximum length past the chunk without a newline: the chunk's
    // last line cannot fit, whatever follows.
    String text = "short\n" + "x".repeat(LineScanner.MAX_LINE_BYTES + 1);
    Lines lines = new Lines();

    int next = LineScanner.scan(direct(text), lines, 0, 7, false);

    assertThat(lines.seen).containsExactly("short", "TOO LONG");
    assertThat(next).isEqualTo(text.length());
  }

  @Test
  void scanRegion_longLastLineAtFileEnd_tooLong() {
    String text = "short\n" + "x".repeat(LineScanner.MAX_LINE_BYTES + 1);
    Lines lines = new Lines();

    LineScanner.scan(direct(text), lines, 0, text.length(), true);

    assertThat(lines.seen).containsExactly("short", "TOO LONG");
  }
}
