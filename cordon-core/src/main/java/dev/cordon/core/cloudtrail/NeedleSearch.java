package dev.cordon.core.cloudtrail;

import java.util.Arrays;

/** Finds every occurrence of a few byte strings in a buffer, by a scan for each one's first byte. */
final class NeedleSearch {
  private NeedleSearch() {}

  /** Returns the start offsets of all occurrences of all needles, sorted. */
  static int[] sortedHits(byte[] content, int length, byte[][] needles) {
    int[] hits = new int[16];
    int count = 0;
    for (byte[] needle : needles) {
      byte first = needle[0];
      int last = length - needle.length;
      for (int i = 0; i <= last; i++) {
        if (content[i] == first && Arrays.equals(content, i, i + needle.length, needle, 0, needle.length)) {
          if (count == hits.length) {
            hits = Arrays.copyOf(hits, count * 2);
          }
          hits[count++] = i;
        }
      }
    }
    int[] sorted = Arrays.copyOf(hits, count);
    Arrays.sort(sorted);
    return sorted;
  }
}
