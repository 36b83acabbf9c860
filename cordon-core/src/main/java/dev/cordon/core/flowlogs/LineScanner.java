package dev.cordon.core.flowlogs;

import dev.cordon.core.input.ByteWords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Splits a byte stream, or a mapped range of a file, into lines at {@code \n} without decoding
 * it, handing each line to a handler as a range of a reused array. A line longer than {@link
 * #MAX_LINE_BYTES} is read to its end and reported as too long instead, so a file without line
 * breaks cannot fill memory.
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
  private static final long NEWLINES = ByteWords.broadcast('\n');
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
    byte[] buffer = new byte[BUFFER_BYTES];
    ByteBuffer view = ByteBuffer.wrap(buffer);
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
        lineStart = discarding ? lineStart : sieve(handler, view, shifted, lineStart, limit, endOffset);
        int i = indexOf(view, lineStart, limit);
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

  /**
   * Scans the lines that start before offset {@code end} of {@code region}, which contains a file's
   * bytes from a line start at absolute offset {@code base}, and returns the offset in the region
   * where the next line starts. The region reaches {@link #MAX_LINE_BYTES} + 1 bytes past {@code
   * end}, or the end of the file when {@code fileEnd} is set. A line that starts before {@code end}
   * with no {@code \n} in the region is then too long, or the file's last line. Each line handed
   * on is a copy, so no reference to the region outlives the call.
   */
  static int scan(ByteBuffer region, Handler handler, long base, int end, boolean fileEnd) {
    int limit = region.limit();
    byte[] line = new byte[1024];
    int lineStart = 0;
    while (lineStart < end) {
      lineStart = sieve(handler, region, base, lineStart, limit, base + end);
      if (lineStart >= end) {
        break;
      }
      int newline = indexOf(region, lineStart, limit);
      int length = (newline < 0 ? limit : newline) - lineStart;
      if (length > MAX_LINE_BYTES) {
        handler.tooLong();
      } else if (newline >= 0 || fileEnd) {
        if (line.length < length) {
          line = new byte[Math.max(length, 2 * line.length)];
        }
        region.get(lineStart, line, 0, length);
        handler.line(line, 0, length);
      } else {
        throw new IllegalArgumentException("the region ends less than a line's maximum length after the chunk");
      }
      if (newline < 0) {
        return limit;
      }
      lineStart = newline + 1;
    }
    return lineStart;
  }

  /**
   * Lets the handler's sieve pass over lines from {@code lineStart} that start before absolute
   * offset {@code endOffset}, and returns where the next line starts. {@code base} is the
   * absolute offset of the view's byte 0.
   */
  private static int sieve(Handler handler, ByteBuffer view, long base, int lineStart, int limit, long endOffset) {
    LineSieve sieve = handler.sieve();
    if (sieve == null) {
      return lineStart;
    }
    int stop = (int) Math.min(limit, endOffset - base);
    int next = sieve.pass(view, base, lineStart, stop, limit);
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
  static int indexOf(ByteBuffer buffer, int from, int limit) {
    int i = from;
    for (; i + Long.BYTES <= limit; i += Long.BYTES) {
      long zeros = ByteWords.roughZeros(ByteWords.word(buffer, i) ^ NEWLINES);
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < limit; i++) {
      if (buffer.get(i) == '\n') {
        return i;
      }
    }
    return -1;
  }
}
