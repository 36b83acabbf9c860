package dev.cordon.core.input;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Byte strings searched in a buffer eight positions at a time (SWAR: SIMD within a register). A
 * candidate is a position where the needle's first, middle and last bytes all occur at the
 * needle's distances. One zero-byte test over three overlapping words finds the candidates among
 * eight positions at once, and each candidate is then compared in full. Immutable and thread-safe.
 */
public final class ByteNeedles {

  private final byte[][] needles;
  /** The first, middle and last byte of each needle, in each byte of a word. */
  private final long[] firsts;
  private final long[] middles;
  private final long[] lasts;
  /** Offsets of the middle and last byte in each needle. */
  private final int[] middleAt;
  private final int[] lastAt;
  private final long first;
  private final long middle;
  private final long lastByte;
  private final int middleOffset;
  private final int lastOffset;
  /** The largest {@link #lastAt}: a search reads this many bytes past the word it tests. */
  private final int reach;

  /**
   * Builds the search for the given needles.
   *
   * @throws IllegalArgumentException when there is no needle or one is empty
   */
  public ByteNeedles(List<byte[]> needles) {
    if (needles.isEmpty()) {
      throw new IllegalArgumentException("a search needs at least one needle");
    }
    List<byte[]> copies = new ArrayList<>();
    for (byte[] needle : needles) {
      if (needle.length == 0) {
        throw new IllegalArgumentException("a needle needs at least one byte");
      }
      copies.add(needle.clone());
    }

    this.needles = copies.toArray(new byte[0][]);
    int count = this.needles.length;

    firsts = new long[count];
    middles = new long[count];
    lasts = new long[count];
    middleAt = new int[count];
    lastAt = new int[count];
    int max = 0;
    for (int k = 0; k < count; k++) {
      byte[] needle = this.needles[k];
      middleAt[k] = needle.length / 2;
      lastAt[k] = needle.length - 1;
      firsts[k] = ByteWords.broadcast(needle[0]);
      middles[k] = ByteWords.broadcast(needle[middleAt[k]]);
      lasts[k] = ByteWords.broadcast(needle[lastAt[k]]);
      max = Math.max(max, lastAt[k]);
    }
    this.reach = max;

    first = firsts[0];
    middle = middles[0];
    lastByte = lasts[0];
    middleOffset = middleAt[0];
    lastOffset = lastAt[0];
  }

  /** Returns how many bytes past a tested word {@link #candidates} reads: the longest needle's length minus one. */
  public int reach() {
    return reach;
  }

  /**
   * Returns a mask with the high bit set in byte n when a needle may start at {@code offset + n}:
   * every position where one does is marked, and {@link #startsAt} sorts out the others.
   * Reads {@code buffer[offset, offset + 8 + reach())}.
   */
  public long candidates(byte[] buffer, int offset) {
    // The first needle has fields of its own, which the JIT keeps in registers. A search for one
    // value took 0.10 s of CPU per 256 MiB of flow log this way, 0.18 s through the loop alone.
    long word = ByteWords.word(buffer, offset);
    long found = ByteWords.roughZeros((word ^ first) | (ByteWords.word(buffer, offset + middleOffset) ^ middle)
        | (ByteWords.word(buffer, offset + lastOffset) ^ lastByte));
    for (int k = 1; k < firsts.length; k++) {
      found |= ByteWords.roughZeros((word ^ firsts[k]) | (ByteWords.word(buffer, offset + middleAt[k]) ^ middles[k])
          | (ByteWords.word(buffer, offset + lastAt[k]) ^ lasts[k]));
    }
    return found;
  }

  /** Returns whether a needle occurs at {@code at} and ends at or before {@code limit}. */
  public boolean startsAt(byte[] buffer, int at, int limit) {
    for (byte[] needle : needles) {
      int end = at + needle.length;
      if (end <= limit && Arrays.equals(buffer, at, end, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the first offset at or after {@code from} where a needle occurs entirely within
   * {@code buffer[from, limit)}, or -1.
   */
  public int indexOf(byte[] buffer, int from, int limit) {
    int i = from;
    for (; i + Long.BYTES + reach <= limit; i += Long.BYTES) {
      for (long found = candidates(buffer, i); found != 0; found &= found - 1) {
        int at = i + (Long.numberOfTrailingZeros(found) >>> 3);
        if (startsAt(buffer, at, limit)) {
          return at;
        }
      }
    }
    for (; i < limit; i++) {
      if (startsAt(buffer, i, limit)) {
        return i;
      }
    }
    return -1;
  }
}
