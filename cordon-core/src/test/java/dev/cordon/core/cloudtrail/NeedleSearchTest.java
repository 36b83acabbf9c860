package dev.cordon.core.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeedleSearchTest {

  @Test
  void sortedHits_shortAndLongNeedles_allFound() {
    byte[] content = "xx i-0abc yy ASIAKEY1 zz ASIAKEY2 i-0abc".getBytes(StandardCharsets.UTF_8);
    byte[][] needles = {bytes("ASIAKEY2"), bytes("i-0abc"), bytes("ASIAKEY1")};

    int[] hits = new NeedleSearch(needles).sortedHits(content, content.length);

    // Offsets: i-0abc at 3 and 34, ASIAKEY1 at 13, ASIAKEY2 at 25.
    assertThat(hits).containsExactly(3, 13, 25, 34);
  }

  @Test
  void sortedHits_thousandNeedles_sameAsNaiveSearch() {
    List<byte[]> list = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      list.add(bytes("ASIAKEY" + (10_000 + i * 7)));
      text.append("{\"accessKeyId\":\"ASIAKEY").append(10_000 + i * 3).append("\"},");
    }
    byte[] content = bytes(text.toString());
    byte[][] needles = list.toArray(new byte[0][]);

    int[] hits = new NeedleSearch(needles).sortedHits(content, content.length - 5);

    assertThat(hits).containsExactly(naive(content, content.length - 5, needles));
  }

  @Test
  void sortedHits_needleAtEndOfLength_foundOnlyWhenWhole() {
    byte[] content = bytes("abc cordon/1.0");

    assertThat(new NeedleSearch(new byte[][] {bytes("cordon/")}).sortedHits(content, content.length)).containsExactly(4);
    assertThat(new NeedleSearch(new byte[][] {bytes("cordon/")}).sortedHits(content, 9)).isEmpty();
  }

  private static int[] naive(byte[] content, int length, byte[][] needles) {
    List<Integer> hits = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      for (byte[] needle : needles) {
        if (i + needle.length <= length && java.util.Arrays.equals(content, i, i + needle.length, needle, 0, needle.length)) {
          hits.add(i);
          break;
        }
      }
    }
    return hits.stream().mapToInt(Integer::intValue).toArray();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
