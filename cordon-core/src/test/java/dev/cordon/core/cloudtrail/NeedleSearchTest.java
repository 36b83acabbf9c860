package dev.cordon.core.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @Test
  void sortedHits_everyOffsetAndLength_sameAsNaiveSearch() {
    // Covers the needle at offset 0, at the very end, and across every 8-byte word boundary, for
    // contents shorter than one word up to several words.
    byte[] needle = bytes("i-0abc123def456");
    for (int length = 0; length <= 40; length++) {
      for (int offset = 0; offset + needle.length <= length; offset++) {
        byte[] content = filler(length);
        System.arraycopy(needle, 0, content, offset, needle.length);

        int[] hits = new NeedleSearch(new byte[][] {needle}).sortedHits(content, length);

        assertThat(hits).as("length %d, offset %d", length, offset).containsExactly(offset);
      }
    }
  }

  @Test
  void sortedHits_needleCutByLength_notFound() {
    byte[] content = bytes("xxxxxxxxxxi-0abc123def456");

    // The needle starts at 10 and ends at 25; a length of 24 cuts off its last byte.
    assertThat(new NeedleSearch(new byte[][] {bytes("i-0abc123def456")}).sortedHits(content, 24)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "ab", "abcdefg", "abcdefgh", "abcdefghijklmnopq"})
  void sortedHits_needleLengths_sameAsNaiveSearch(String text) {
    byte[][] needles = {bytes(text)};
    byte[] content = bytes("abcdefghijklmnopq ab a abcdefgh_abcdefghijklmnopq" + text);

    int[] hits = new NeedleSearch(needles).sortedHits(content, content.length);

    assertThat(hits).containsExactly(naive(content, content.length, needles));
  }

  @Test
  void sortedHits_needleLongerThanContent_noHit() {
    byte[] content = bytes("i-0abc");

    assertThat(new NeedleSearch(new byte[][] {bytes("i-0abc123def456")}).sortedHits(content, content.length)).isEmpty();
  }

  @Test
  void sortedHits_needleInsideAnother_oneHitPerOffset() {
    byte[] content = bytes("role/responder-session role/responder");
    byte[][] needles = {bytes("role/responder"), bytes("role/responder-session")};

    // Both needles start at 0; the second occurrence of the shorter one starts at 23.
    assertThat(new NeedleSearch(needles).sortedHits(content, content.length)).containsExactly(0, 23);
  }

  @Test
  void searchesWords_fewAnchorPairs_wordSearch() {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add(bytes((i % 2 == 0 ? "ASIA" : "AKIA") + "Y34FZKBO" + (10_000_000 + i * 7919)));
    }

    assertThat(new NeedleSearch(new byte[][] {bytes("i-0abc123def456")}).searchesWords()).isTrue();
    // ASIA and AKIA keys share the pair of bytes 0 and 3, ('A', 'A').
    assertThat(new NeedleSearch(keys.toArray(new byte[0][])).searchesWords()).isTrue();
  }

  @Test
  void sortedHits_manyAnchorPairs_filterSearchSameAsNaive() {
    byte[][] needles = new byte[10][];
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < needles.length; i++) {
      // Ten needles of one repeated letter each ("aaaaaaaa", "bbbbbbbb"...): any two offsets
      // give ten byte pairs, more than the word search tests.
      String needle = String.valueOf((char) ('a' + i)).repeat(8);
      needles[i] = bytes(needle);
      text.append("{\"k\":\"").append(needle).append("\"},");
    }
    byte[] content = bytes(text.toString());
    NeedleSearch search = new NeedleSearch(needles);

    int[] hits = search.sortedHits(content, content.length);

    assertThat(search.searchesWords()).isFalse();
    assertThat(hits).hasSize(10).containsExactly(naive(content, content.length, needles));
  }

  @Test
  void sortedHits_randomTextBothSearches_sameAsNaive() {
    Random random = new Random(7);
    byte[] content = new byte[5000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) ('a' + random.nextInt(3));
    }
    byte[][] few = {bytes("abca"), bytes("cab")};
    byte[][] many = {bytes("aab"), bytes("abb"), bytes("bab"), bytes("bba"), bytes("cca"), bytes("acc"),
        bytes("bcb"), bytes("cbc"), bytes("aca")};

    assertThat(new NeedleSearch(few).searchesWords()).isTrue();
    assertThat(new NeedleSearch(few).sortedHits(content, content.length))
        .containsExactly(naive(content, content.length, few));
    assertThat(new NeedleSearch(many).searchesWords()).isFalse();
    assertThat(new NeedleSearch(many).sortedHits(content, content.length))
        .containsExactly(naive(content, content.length, many));
  }

  private static byte[] filler(int length) {
    byte[] content = new byte[length];
    Arrays.fill(content, (byte) 'x');
    return content;
  }

  private static int[] naive(byte[] content, int length, byte[][] needles) {
    List<Integer> hits = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      for (byte[] needle : needles) {
        if (i + needle.length <= length && Arrays.equals(content, i, i + needle.length, needle, 0, needle.length)) {
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
