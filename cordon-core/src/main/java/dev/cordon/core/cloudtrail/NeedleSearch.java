package dev.cordon.core.cloudtrail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every occurrence of a set of byte strings in a buffer in one pass, however many there are:
 * needles are indexed by their first {@code width} bytes (up to 8), and each offset of the buffer
 * is tested against a bit filter of those prefixes before any comparison.
 */
final class NeedleSearch {
  private static final int FILTER_BITS = 1 << 20;

  private NeedleSearch() {}

  /** Returns the start offsets of all occurrences of all needles, sorted. */
  static int[] sortedHits(byte[] content, int length, byte[][] needles) {
    int width = Long.BYTES;
    for (byte[] needle : needles) {
      width = Math.min(width, needle.length);
    }
    Map<Long, List<byte[]>> byPrefix = new HashMap<>();
    long[] filter = new long[FILTER_BITS / 64];
    for (byte[] needle : needles) {
      long prefix = pack(needle, 0, width);
      byPrefix.computeIfAbsent(prefix, p -> new ArrayList<>()).add(needle);
      int bit = bucket(prefix);
      filter[bit >>> 6] |= 1L << bit;
    }

    int[] hits = new int[16];
    int count = 0;
    long mask = width == Long.BYTES ? -1L : (1L << (8 * width)) - 1;
    long window = 0;
    for (int i = 0; i < length; i++) {
      window = ((window << 8) | (content[i] & 0xff)) & mask;
      int start = i - width + 1;
      if (start < 0) {
        continue;
      }
      int bit = bucket(window);
      if ((filter[bit >>> 6] & (1L << bit)) == 0) {
        continue;
      }
      List<byte[]> candidates = byPrefix.get(window);
      if (candidates == null) {
        continue;
      }
      for (byte[] needle : candidates) {
        if (start + needle.length <= length
            && Arrays.equals(content, start, start + needle.length, needle, 0, needle.length)) {
          if (count == hits.length) {
            hits = Arrays.copyOf(hits, count * 2);
          }
          hits[count++] = start;
          break;
        }
      }
    }
    return Arrays.copyOf(hits, count);
  }

  /** Packs {@code width} bytes big-endian into a long, as the scan's rolling window holds them. */
  private static long pack(byte[] bytes, int from, int width) {
    long value = 0;
    for (int i = from; i < from + width; i++) {
      value = (value << 8) | (bytes[i] & 0xff);
    }
    return value;
  }

  private static int bucket(long prefix) {
    return (int) ((prefix * 0x9E3779B97F4A7C15L) >>> 44);
  }
}
