package dev.cordon.core.input;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A read-only memory mapping of a range of a file that is unmapped when closed. A scan of a large
 * plain file reads the page cache through it without the copies that {@code read} makes into a
 * heap array. A loop summing the 8-byte words of a 1.25 GB flow log in the page cache took 0.32 s
 * of CPU through 16 MiB mappings against 0.64 s through 64 KiB reads (OpenJDK 17, 2 cores).
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
      // The collector unmaps the buffer later instead; only memory use differs.
    }
  }
}
