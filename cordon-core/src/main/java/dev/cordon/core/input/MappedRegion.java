package dev.cordon.core.input;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * A read-only memory mapping of a range of a file that is unmapped when closed. A scan of a large
 * plain file reads it through {@link #inputStream()}, which copies from the page cache to the
 * caller's array in one step. A {@code FileChannel} read into a heap array copies twice: the
 * kernel copies into a temporary direct buffer, and the JDK copies that to the array. On the 1.25
 * GB flow log of bench/run.sh, a scoped query spent 0.07 to 0.10 s of system CPU this way against
 * 0.20 to 0.23 s with reads. User CPU was about the same (OpenJDK 17, 2 cores, file in the page
 * cache).
 *
 * <p>Scanning the mapped buffer in place was slower: {@code ByteBuffer.getLong} on a mapped or
 * heap buffer took about 1.5 times as long as the byte-array reads of the flow-log sieve.
 *
 * <p>Java 17 has no public call that unmaps a buffer: a {@link MappedByteBuffer} is unmapped only
 * when the collector frees it, and until then its pages count in the process's resident memory.
 * {@link #close} therefore unmaps at once through {@code sun.misc.Unsafe.invokeCleaner} of the
 * jdk.unsupported module. Where that is missing, {@link #available()} returns false and callers
 * read the file instead.
 *
 * <p>Confinement contract: the buffer, and every view of it, must be used only by the thread that
 * mapped it and never after {@link #close}. A read after unmapping crashes the JVM rather than
 * throwing. A read of a page that the file no longer has, because the file shrank after mapping,
 * throws {@link InternalError}.
 */
public final class MappedRegion implements AutoCloseable {
  private static final Object UNSAFE;
  private static final Method INVOKE_CLEANER;

  static {
    Object unsafe = null;
    Method invokeCleaner = null;
    try {
      Class<?> type = Class.forName("sun.misc.Unsafe");
      Field field = type.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      unsafe = field.get(null);
      invokeCleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Without jdk.unsupported or the method, callers read the file instead.
      unsafe = null;
      invokeCleaner = null;
    }
    UNSAFE = unsafe;
    INVOKE_CLEANER = invokeCleaner;
  }

  private MappedByteBuffer buffer;

  private MappedRegion(MappedByteBuffer buffer) {
    this.buffer = buffer;
  }

  /** Returns whether a mapping can be unmapped on close, so that mapping is worth it. */
  public static boolean available() {
    return INVOKE_CLEANER != null;
  }

  /**
   * Maps {@code size} bytes of the file from {@code position}, which must lie within the file.
   *
   * @throws IOException when the mapping fails
   */
  public static MappedRegion map(FileChannel channel, long position, int size) throws IOException {
    return new MappedRegion(channel.map(FileChannel.MapMode.READ_ONLY, position, size));
  }

  /** Returns the mapped bytes at offsets 0 to the region's size. The buffer is valid until {@link #close}. */
  public ByteBuffer buffer() {
    if (buffer == null) {
      throw new IllegalStateException("the region is closed");
    }
    return buffer;
  }

  /**
   * Returns a stream over the mapped bytes from offset 0, for the thread that mapped the region.
   * It must not be read after {@link #close}.
   */
  public InputStream inputStream() {
    ByteBuffer bytes = buffer().duplicate();
    return new InputStream() {
      @Override
      public int read() {
        return bytes.hasRemaining() ? bytes.get() & 0xff : -1;
      }

      @Override
      public int read(byte[] target, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
          return 0;
        }
        if (!bytes.hasRemaining()) {
          return -1;
        }
        int count = Math.min(length, bytes.remaining());
        bytes.get(target, offset, count);
        return count;
      }
    };
  }

  /** Unmaps the region. The buffer and its views must not be read after this. */
  @Override
  public void close() {
    if (buffer == null) {
      return;
    }
    MappedByteBuffer mapped = buffer;
    buffer = null;
    if (INVOKE_CLEANER == null) {
      return;
    }
    try {
      INVOKE_CLEANER.invoke(UNSAFE, mapped);
    } catch (IllegalAccessException | InvocationTargetException e) {
      // The collector unmaps the buffer later instead, so only memory use differs.
    }
  }
}
