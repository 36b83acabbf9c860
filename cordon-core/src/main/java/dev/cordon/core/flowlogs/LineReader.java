package dev.cordon.core.flowlogs;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines with a bound on their length, so a file without line breaks cannot fill memory.
 * Ends a line at {@code \n} and drops a {@code \r} before it. A line longer than the bound is
 * read to its end and dropped; {@link #lastLineTooLong()} then returns true and the line returned
 * is empty.
 */
final class LineReader {
  /**
   * Maximum length of a line kept, in chars. By estimate, a record with every documented field and
   * six maximum-length percent-encoded tags stays near 30 000.
   */
  static final int MAX_LINE_CHARS = 65_536;

  private final Reader in;
  private final char[] buffer = new char[16_384];
  private int position;
  private int limit;
  private boolean tooLong;

  LineReader(Reader in) {
    this.in = in;
  }

  /** Returns the next line without its line break, or null at the end of input. */
  String readLine() throws IOException {
    tooLong = false;
    StringBuilder partial = null;
    boolean sawChars = false;
    while (true) {
      if (position >= limit && !fill()) {
        if (!sawChars) {
          return null;
        }
        break;
      }
      sawChars = true;
      int start = position;
      int newline = indexOfNewline(start);
      int end = newline >= 0 ? newline : limit;
      position = newline >= 0 ? newline + 1 : limit;
      if (partial == null && newline >= 0) {
        return stripCarriageReturn(new String(buffer, start, end - start));
      }
      partial = append(partial, start, end);
      if (newline >= 0) {
        break;
      }
    }
    return tooLong ? "" : stripCarriageReturn(partial.toString());
  }

  boolean lastLineTooLong() {
    return tooLong;
  }

  private boolean fill() throws IOException {
    int read = in.read(buffer, 0, buffer.length);
    position = 0;
    limit = Math.max(read, 0);
    return read > 0;
  }

  private int indexOfNewline(int from) {
    for (int i = from; i < limit; i++) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private StringBuilder append(StringBuilder partial, int start, int end) {
    StringBuilder line = partial == null ? new StringBuilder(256) : partial;
    if (tooLong) {
      return line;
    }
    if (line.length() + (end - start) > MAX_LINE_CHARS) {
      tooLong = true;
      line.setLength(0);
      return line;
    }
    return line.append(buffer, start, end - start);
  }

  private static String stripCarriageReturn(String line) {
    int length = line.length();
    return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line;
  }
}
