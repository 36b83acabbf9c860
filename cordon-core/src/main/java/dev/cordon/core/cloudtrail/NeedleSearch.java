package dev.cordon.core.cloudtrail;

import dev.cordon.core.input.ByteWords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds every occurrence of a set of byte strings in a buffer in one pass. Needles are indexed by
 * their first {@code width} bytes (up to 8, the length of the shortest needle).
 *
 * <p>When the needles share few pairs of bytes at two fixed offsets of that prefix (one needle
 * has one pair, and hundreds of access key ids starting {@code ASIA} or {@code AKIA} share the pair
 * of bytes 0 and 3), the search tests 8 offsets at a time: it loads two 8-byte words that far
 * apart and finds the bytes equal to a pair with bitwise arithmetic on longs (SWAR), so text without
 * a candidate costs a few instructions per 8 bytes. Otherwise it tests each offset against a bit
 * filter of the prefixes.
 */
final class NeedleSearch {
  /** Most anchor byte pairs the word search tests; each one costs about 8 instructions per word. */
  private static final int MAX_ANCHOR_PAIRS = 4;
  private static final int FILTER_BITS = 1 << 20;

  private final byte[][] needles;
  private final boolean[] asciiCharacters = new boolean[128];
  private final int width;
  /** Needles by their first {@link #width} bytes, packed big-endian. */
  private final Map<Long, List<byte[]>> byPrefix = new HashMap<>();
  /** Bit filter of the prefixes' hashes, for the search that tests one offset at a time. */
  private final long[] filter;
  /** Offsets of the two anchor bytes within the prefix, and each pair's bytes repeated in 8 lanes. */
  private final int firstAnchor;
  private final int secondAnchor;
  private final long[] firstLanes;
  private final long[] secondLanes;

  /** Indexes non-empty needles for searching any number of buffers, from any thread. */
  NeedleSearch(byte[][] needles) {
    if (needles.length == 0) {
      throw new IllegalArgumentException("no needles to search for");
    }
    this.needles = needles.clone();
    for (byte[] needle : needles) {
      for (byte b : needle) {
        if (b >= 0) {
          asciiCharacters[b] = true;
        }
      }
    }
    int shortest = Long.BYTES;
    for (byte[] needle : needles) {
      shortest = Math.min(shortest, needle.length);
    }
    this.width = shortest;
    for (byte[] needle : needles) {
      byPrefix.computeIfAbsent(pack(needle, 0, width), p -> new ArrayList<>()).add(needle);
    }

    int[] anchors = chooseAnchors(needles, width);
    this.firstAnchor = anchors[0];
    this.secondAnchor = anchors[1];
    Set<Integer> pairs = anchorPairs(needles, firstAnchor, secondAnchor);
    if (pairs.size() > MAX_ANCHOR_PAIRS) {
      firstLanes = null;
      secondLanes = null;
      filter = new long[FILTER_BITS / 64];
      for (long prefix : byPrefix.keySet()) {
        int bit = bucket(prefix);
        filter[bit >>> 6] |= 1L << bit;
      }
      return;
    }
    filter = null;
    firstLanes = new long[pairs.size()];
    secondLanes = new long[pairs.size()];
    int i = 0;
    for (int pair : pairs) {
      firstLanes[i] = ByteWords.broadcast(pair >>> 8);
      secondLanes[i] = ByteWords.broadcast(pair & 0xff);
      i++;
    }
  }

  /**
   * Returns the start offsets of all occurrences of all needles in {@code content[0, length)},
   * sorted, each offset once even where several needles start there.
   */
  int[] sortedHits(byte[] content, int length) {
    return firstLanes != null ? wordSearch(content, length) : filterSearch(content, length);
  }

  /** Returns 128 flags, true for the ASCII characters that occur in a needle. */
  boolean[] asciiCharacters() {
    return asciiCharacters.clone();
  }

  /** Returns whether the search tests 8 offsets at a time, rather than one. */
  boolean searchesWords() {
    return firstLanes != null;
  }

  private int[] wordSearch(byte[] content, int length) {
    Hits hits = new Hits();
    // Offsets i..i+7 are tested together: their first anchors start at i + firstAnchor and their
    // second anchors end at i + secondAnchor + 7, which must lie inside the content.
    int lastWordStart = length - secondAnchor - Long.BYTES;
    int start = 0;
    while (true) {
      start = nextWord(content, start, lastWordStart);
      if (start > lastWordStart) {
        break;
      }
      long candidates = candidates(content, start);
      while (candidates != 0) {
        int offset = start + (Long.numberOfTrailingZeros(candidates) >>> 3);
        if (matchesAt(content, length, offset)) {
          hits.add(offset);
        }
        candidates &= candidates - 1;
      }
      start += Long.BYTES;
    }
    for (int offset = start; offset + width <= length; offset++) {
      if (matchesAt(content, length, offset)) {
        hits.add(offset);
      }
    }
    return hits.toArray();
  }

  /**
   * Returns the first word start from {@code start}, in steps of 8, whose offsets include a
   * candidate, or the first start past {@code last}. One and two anchor pairs (a needle, or a
   * needle and {@link CloudTrailSource#INSIGHTS_MARK}) have loops of their own that hold every
   * value in registers, because the general loop reads the pairs from arrays and runs slower.
   */
  private int nextWord(byte[] content, int start, int last) {
    if (firstLanes.length == 1) {
      return nextWordOnePair(content, start, last, firstAnchor, secondAnchor, firstLanes[0], secondLanes[0]);
    }
    if (firstLanes.length == 2) {
      return nextWordTwoPairs(content, start, last, firstAnchor, secondAnchor, firstLanes[0], secondLanes[0],
          firstLanes[1], secondLanes[1]);
    }
    for (; start <= last; start += Long.BYTES) {
      if (candidates(content, start) != 0) {
        return start;
      }
    }
    return start;
  }

  private static int nextWordOnePair(byte[] content, int start, int last, int firstAnchor, int secondAnchor,
      long firstLane, long secondLane) {
    for (; start <= last; start += Long.BYTES) {
      long first = ByteWords.word(content, start + firstAnchor);
      long second = ByteWords.word(content, start + secondAnchor);
      if (ByteWords.roughZeros((first ^ firstLane) | (second ^ secondLane)) != 0) {
        return start;
      }
    }
    return start;
  }

  private static int nextWordTwoPairs(byte[] content, int start, int last, int firstAnchor, int secondAnchor,
      long firstLane0, long secondLane0, long firstLane1, long secondLane1) {
    for (; start <= last; start += Long.BYTES) {
      long first = ByteWords.word(content, start + firstAnchor);
      long second = ByteWords.word(content, start + secondAnchor);
      if ((ByteWords.roughZeros((first ^ firstLane0) | (second ^ secondLane0))
          | ByteWords.roughZeros((first ^ firstLane1) | (second ^ secondLane1))) != 0) {
        return start;
      }
    }
    return start;
  }

  /** Returns the high bit of byte j set where offset {@code start + j} matches an anchor pair. */
  private long candidates(byte[] content, int start) {
    long first = ByteWords.word(content, start + firstAnchor);
    long second = ByteWords.word(content, start + secondAnchor);
    long candidates = 0;
    for (int p = 0; p < firstLanes.length; p++) {
      candidates |= ByteWords.zeros((first ^ firstLanes[p]) | (second ^ secondLanes[p]));
    }
    return candidates;
  }

  /** Tests each offset against a bit filter of the prefixes, for needles with many anchor pairs. */
  private int[] filterSearch(byte[] content, int length) {
    Hits hits = new Hits();
    long mask = width == Long.BYTES ? -1L : (1L << (8 * width)) - 1;
    long window = 0;
    for (int i = 0; i < length; i++) {
      window = ((window << 8) | (content[i] & 0xff)) & mask;
      int start = i - width + 1;
      if (start < 0) {
        continue;
      }
      int bit = bucket(window);
      if ((filter[bit >>> 6] & (1L << bit)) != 0 && matchesAny(content, length, start, byPrefix.get(window))) {
        hits.add(start);
      }
    }
    return hits.toArray();
  }

  private boolean matchesAt(byte[] content, int length, int offset) {
    if (offset + width > length) {
      return false;
    }
    if (needles.length == 1) {
      return matches(content, length, offset, needles[0]);
    }
    return matchesAny(content, length, offset, byPrefix.get(pack(content, offset, width)));
  }

  private static boolean matchesAny(byte[] content, int length, int offset, List<byte[]> candidates) {
    if (candidates == null) {
      return false;
    }
    for (byte[] needle : candidates) {
      if (matches(content, length, offset, needle)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(byte[] content, int length, int offset, byte[] needle) {
    return offset + needle.length <= length
        && Arrays.equals(content, offset, offset + needle.length, needle, 0, needle.length);
  }

  /**
   * Returns the two offsets within the first {@code width} bytes whose byte pairs take the fewest
   * distinct values over the needles; among equal counts, the pair farthest apart, because two
   * distant bytes of text are less often both equal to a needle's.
   */
  private static int[] chooseAnchors(byte[][] needles, int width) {
    if (width == 1) {
      return new int[] {0, 0};
    }
    int[] best = {0, width - 1};
    int bestCount = anchorPairs(needles, 0, width - 1).size();
    for (int gap = width - 1; gap >= 1; gap--) {
      for (int first = 0; first + gap < width; first++) {
        int count = anchorPairs(needles, first, first + gap).size();
        if (count < bestCount) {
          best = new int[] {first, first + gap};
          bestCount = count;
        }
      }
    }
    return best;
  }

  /** Returns the distinct (byte at first, byte at second) pairs of the needles, as 16-bit values. */
  private static Set<Integer> anchorPairs(byte[][] needles, int first, int second) {
    Set<Integer> pairs = new LinkedHashSet<>();
    for (byte[] needle : needles) {
      pairs.add((needle[first] & 0xff) << 8 | (needle[second] & 0xff));
    }
    return pairs;
  }

  /** Packs {@code width} bytes big-endian into a long, in the order of the filter scan's rolling window. */
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

  /** A growing list of offsets. */
  private static final class Hits {
    private int[] offsets = new int[16];
    private int count;

    void add(int offset) {
      if (count == offsets.length) {
        offsets = Arrays.copyOf(offsets, count * 2);
      }
      offsets[count++] = offset;
    }

    int[] toArray() {
      return Arrays.copyOf(offsets, count);
    }
  }
}
