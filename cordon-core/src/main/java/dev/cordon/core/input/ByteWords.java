package dev.cordon.core.input;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads 8 bytes of a byte array as one long and tests all 8 at once with bitwise arithmetic (SWAR,
 * SIMD within a register), for the scanners that pass over log bytes they do not need. Words are
 * little-endian, so byte {@code n} of a word is bits {@code 8n} to {@code 8n+7} and
 * {@code numberOfTrailingZeros(mask) >>> 3} of a byte mask is the offset of its first marked byte.
 */
public final class ByteWords {
  /** 0x01 in each byte. */
  public static final long ONES = 0x0101010101010101L;

  private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGHS = 0x8080808080808080L;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ByteWords() {}

  /** Returns the 8 bytes from {@code offset}. The caller checks that they lie inside the array. */
  public static long word(byte[] buffer, int offset) {
    return (long) LONGS.get(buffer, offset);
  }

  /** Returns a word with the low byte of {@code b} in each of its eight bytes. */
  public static long broadcast(int b) {
    return (b & 0xFFL) * ONES;
  }

  /**
   * Returns a mask with the high bit set in each byte of {@code word} that is zero, and no other
   * bit set. Exact for every byte, unlike {@link #roughZeros}, so the set bits can be counted.
   */
  public static long zeros(long word) {
    return ~(((word & LOW_SEVEN) + LOW_SEVEN) | word | LOW_SEVEN);
  }

  /**
   * Returns a mask whose lowest set bit marks the first zero byte of {@code word}, and zero when
   * no byte is zero. Bits above the first may also mark a 0x01 byte that a borrow reached. It
   * takes three operations fewer than {@link #zeros}, for candidates that are verified anyway.
   */
  public static long roughZeros(long word) {
    return (word - ONES) & ~word & HIGHS;
  }
}
