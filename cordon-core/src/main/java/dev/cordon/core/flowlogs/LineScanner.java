package dev.cordon.core.flowlogs;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into lines at {@code \n} without decoding it, handing each line to a
 * handler as a range of a reused buffer. A line longer than {@link #MAX_LINE_BYTES} is read to its
 * end and reported as too long instead, so a file without line breaks cannot fill memory.
 */
final class LineScanner {
  /**
   * Maximum length of a line kept, in chars. By estimate, a record with every documented field and
   * six maximum-length percent-encoded tags stays near 30 000.
   */
  static final int MAX_LINE_CHARS = 65_536;

  /**
   * Maximum length of a line handed on, in bytes. A UTF-8 line of more bytes than three times {@link
   * #MAX_LINE_CHARS} has more chars than that bound, so it is too long however it decodes.
   */
  static final int MAX_LINE_BYTES = 3 * MAX_LINE_CHARS;

  private static final int BUFFER_BYTES = 1 << 20;
  /**
   * One read buffer per thread, reused by its scans: a large plain file is scanned as many chunks,
   * and a new buffer for each one left about 80 MiB of garbage per GB of log. The young generation
   * then grew with the input before its first collection, and so did the process's peak memory.
   */
  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER_BYTES]);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  /**
   * Bytes asked for per read. Small reads hand lines on before a later read fails, so a truncated
   * gzip file keeps the records before the damage, as long as no stream between the inflater and
   * this scanner drops its bytes when a read fails ({@link dev.cordon.core.input.ReadFailureGuard}).
   */
  private static final int READ_BYTES = 1 << 16;

  /** Receives the lines of a stream in order. */
  interface Handler {
    /** Receives one line: {@code buffer[start, end)} without its {@code \n}; valid only during the call. */
    void line(byte[] buffer, int start, int end);

    /** Counts a line longer than {@link #MAX_LINE_BYTES}, which was dropped. */
    void tooLong();

    /**
     * Receives the bytes after the last {@code \n} when the stream ends with them, as {@link #line}
     * does by default. A reader whose stream ends at a read failure drops them here, because the
     * failure cut that line short.
     */
    default void lastLine(byte[] buffer, int start, int end) {
      line(buffer, start, end);
    }

    /**
     * Returns the sieve that may pass over lines before they reach {@link #line}, or null to
     * receive every line. Asked again after each line handed on, so it may change with a header.
     */
    default LineSieve sieve() {
      return null;
    }

    /** Counts {@code count} lines in a row that the sieve passed over, in place of handing them on. */
    default void passed(int count) {}
  }

  private LineScanner() {}

  /** Reads {@code in} to its end; the last line needs no {@code \n}. */
  static void scan(InputStream in, Handler handler) throws IOException {
    scan(in, handler, Long.MAX_VALUE);
  }

  /**
   * Reads the lines that start before offset {@code endOffset} of {@code in}, the last of them to
   * its end, and returns the offset where the next line starts.
   */
  static long scan(InputStream in, Handler handler, long endOffset) throws IOException {
    byte[] buffer = BUFFERS.get();
    int limit = 0;
    long shifted = 0;
    boolean discarding = false;
    while (true) {
      int read = in.read(buffer, limit, Math.min(READ_BYTES, buffer.length - limit));
      if (read < 0) {
        break;
      }
      limit += read;
      int lineStart = 0;
      while (true) {
        lineStart = sieve(handler, buffer, shifted, lineStart, limit, endOffset, discarding);
        int i = indexOf(buffer, lineStart, limit);
        if (i < 0) {
          break;
        }
        if (!discarding && shifted + lineStart >= endOffset) {
          return shifted + lineStart;
        }
        if (discarding) {
          handler.tooLong();
          discarding = false;
        } else if (i - lineStart > MAX_LINE_BYTES) {
          handler.tooLong();
        } else {
          handler.line(buffer, lineStart, i);
        }
        lineStart = i + 1;
      }

      int rest = limit - lineStart;
      if (!discarding && rest > 0 && shifted + lineStart >= endOffset) {
        return shifted + lineStart;
      }
      if (rest > MAX_LINE_BYTES) {
        discarding = true;
        rest = 0;
      } else if (lineStart > 0) {
        System.arraycopy(buffer, lineStart, buffer, 0, rest);
      }
      shifted += limit - rest;
      limit = discarding ? 0 : rest;
    }

    if (discarding) {
      handler.tooLong();
    } else if (limit > 0) {
      if (shifted >= endOffset) {
        return shifted;
      }
      handler.lastLine(buffer, 0, limit);
    }
    return shifted + limit;
  }

  /** Lets the handler's sieve pass over lines from {@code lineStart}, and returns where the next line starts. */
  private static int sieve(Handler handler, byte[] buffer, long shifted, int lineStart, int limit, long endOffset,
      boolean discarding) {
    LineSieve sieve = discarding ? null : handler.sieve();
    if (sieve == null) {
      return lineStart;
    }
    int stop = (int) Math.min(limit, endOffset - shifted);
    int next = sieve.pass(buffer, shifted, lineStart, stop, limit);
    if (sieve.passedLines() > 0) {
      handler.passed(sieve.passedLines());
    }
    return next;
  }

  /**
   * Returns the offset of the first {@code \n} in {@code buffer[from, limit)}, or -1. Tests eight
   * bytes per step: in {@code w ^ NEWLINES} a newline byte is zero, and the lowest set bit of the
   * zero-byte test marks the first one (bits above it may be false positives, never below).
   */
  static int indexOf(byte[] buffer, int from, int limit) {
    int i = from;
    for (; i + Long.BYTES <= limit; i += Long.BYTES) {
      long w = (long) LONGS.get(buffer, i) ^ NEWLINES;
      long zeros = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < limit; i++) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
