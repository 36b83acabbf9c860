package dev.cordon.core.cloudtrail;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads 8 bytes of a byte array as one long and tests all 8 at once with bitwise arithmetic (SWAR,
 * SIMD within a register). Words are little-endian, so byte {@code j} of a word is the array byte
 * at offset {@code j} from where it was read, and {@code numberOfTrailingZeros(mask) >>> 3} of a
 * byte mask is the offset of its first marked byte.
 */
final class ByteWords {
  static final long ONES = 0x0101010101010101L;
  private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ByteWords() {}

  /** Returns the 8 bytes from {@code offset}; the caller checks that they lie inside the array. */
  static long read(byte[] bytes, int offset) {
    return (long) LONGS.get(bytes, offset);
  }

  /** Returns {@code b} in each of the 8 bytes of a word. */
  static long repeat(int b) {
    return ONES * (b & 0xff);
  }

  /** Returns whether a byte of {@code word} is zero, in 3 operations. */
  static boolean hasZeroByte(long word) {
    return zeroBytesFrom(word) != 0;
  }

  /**
   * Returns a mask whose lowest high bit marks the first zero byte of {@code word}: the bits above
   * it can also mark bytes that are not zero, because a borrow carries into them.
   */
  static long zeroBytesFrom(long word) {
    return (word - ONES) & ~word & HIGH_BITS;
  }

  /** Returns a word with the high bit set in exactly the bytes of {@code word} that are zero. */
  static long zeroBytes(long word) {
    return ~(((word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | word | LOW_SEVEN_BITS);
  }
}
