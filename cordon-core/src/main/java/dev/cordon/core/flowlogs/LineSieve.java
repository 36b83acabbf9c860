package dev.cordon.core.flowlogs;

import dev.cordon.core.input.ByteNeedles;
import dev.cordon.core.input.ByteWords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Passes over the space-separated lines of a buffer that are surely records outside a filter's
 * scope, eight bytes at a time, without splitting them into fields. It looks for the needles
 * first (each filter value, {@code "DATA"} and {@code ':'}) and stops at the first line that
 * contains one, or that has another shape than a plain record, for the exact test of {@link
 * ScopeMatcher} and the full parse.
 *
 * <p>A line is passed over, and counted as a record, only when it
 * <ul>
 *   <li>contains no filter value as a substring, so none of its fields can equal one;
 *   <li>contains no {@code ':'}, as every address that could canonicalise to a filtered one
 *       without containing its text is written in IPv6 notation;
 *   <li>contains no {@code "DATA"}, so its status is neither NODATA nor SKIPDATA, whose lines the
 *       parse turns into blind spots;
 *   <li>has exactly one space fewer than the layout has fields, as {@link ScopeMatcher} requires;
 *   <li>starts with a digit, so it is neither a header, nor blank, nor a byte-order mark;
 *   <li>is at most {@link LineScanner#MAX_LINE_BYTES} long.
 * </ul>
 *
 * <p>NOTE: a line passed over has no field validated, where {@link ScopeMatcher} still checks the
 * status, the {@code end} time and control bytes. A line with an invalid {@code end} or address,
 * or a tab between fields, outside the scope therefore counts as a record where the full parse
 * counts a skip. For the latest {@code end} of a file (which only bounds the blind spot of a read
 * failure) the first line {@link #SAMPLE_BYTES} after each exact test goes to the exact test too,
 * so that value is a lower bound, which widens such a blind spot and never narrows it.
 *
 * <p>Positions are absolute offsets in the stream, so the state kept between calls stays valid
 * when the caller moves its buffer's contents. Not thread-safe.
 */
final class LineSieve {
  /** Distance after an exact test at which the next line goes to the exact test, to sample its {@code end} time. */
  static final int SAMPLE_BYTES = 1 << 18;

  private static final byte[] DATA = "DATA".getBytes(StandardCharsets.US_ASCII);
  private static final long COLONS = ByteWords.broadcast((byte) ':');
  private static final long UPPER_DS = ByteWords.broadcast((byte) 'D');
  private static final long NEWLINES = ByteWords.broadcast((byte) '\n');
  private static final long SPACES = ByteWords.broadcast((byte) ' ');

  private final FlowLayout layout;
  private final int spacesPerLine;
  private final ByteNeedles needles;
  /** Absolute offset after which the next line ending goes to the exact test as a sample. */
  private long nextSample;
  private int passedLines;

  LineSieve(FlowRecordFilter filter, FlowLayout layout) {
    this.layout = layout;
    this.spacesPerLine = layout.fieldCount() - 1;
    List<byte[]> values = needlesOf(filter);
    // With no value to look for, ':' is searched twice, which changes nothing.
    this.needles = new ByteNeedles(values.isEmpty() ? List.of(new byte[] {':'}) : values);
  }

  FlowLayout layout() {
    return layout;
  }

  /**
   * Returns the filter values to look for, except IPv6 addresses (lines with {@code ':'} go to the
   * exact test anyway) and values with a space or control byte, which no single field can hold.
   */
  private static List<byte[]> needlesOf(FlowRecordFilter filter) {
    Set<String> values = new LinkedHashSet<>();
    for (int slot : filter.slots()) {
      values.addAll(filter.valuesFor(slot));
    }
    List<byte[]> needles = new ArrayList<>();
    for (String value : values) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > 0 && value.indexOf(':') < 0 && value.chars().allMatch(c -> c > ' ')) {
        needles.add(bytes);
      }
    }
    return needles;
  }

  /**
   * Passes over the lines that start in {@code buffer[from, stop)} and end with {@code \n} before
   * {@code limit}, up to the first one that needs the exact test. Returns the offset where that
   * line starts, or where the first line not passed over starts; {@link #passedLines()} then
   * returns how many lines were passed over. {@code from} must be a line start, and {@code base}
   * the absolute offset of {@code buffer[0]}.
   */
  int pass(byte[] buffer, long base, int from, int stop, int limit) {
    int lineStart = from;
    int lines = 0;
    int spaces = 0;
    boolean hitBefore = false;
    int last = limit - Long.BYTES - needles.reach();
    for (int i = from; i <= last && lineStart < stop; i += Long.BYTES) {
      long word = ByteWords.word(buffer, i);
      long newlines = ByteWords.zeros(word ^ NEWLINES);
      long blanks = ByteWords.zeros(word ^ SPACES);
      long candidates = ByteWords.roughZeros(word ^ COLONS) | ByteWords.roughZeros(word ^ UPPER_DS)
          | needles.candidates(buffer, i);
      int hit = candidates == 0 ? Integer.MAX_VALUE : firstHit(buffer, i, candidates, limit);
      while (newlines != 0) {
        int lineEnd = i + (Long.numberOfTrailingZeros(newlines) >>> 3);
        long below = (newlines & -newlines) - 1;
        spaces += Long.bitCount(blanks & below);
        if (hitBefore || hit < lineEnd || spaces != spacesPerLine || !isDigit(buffer[lineStart])
            || lineEnd - lineStart > LineScanner.MAX_LINE_BYTES || base + lineEnd >= nextSample) {
          return stopAt(lineStart, base + lineEnd, lines);
        }
        lines++;
        blanks &= ~below;
        newlines &= newlines - 1;
        spaces = 0;
        lineStart = lineEnd + 1;
        if (lineStart >= stop) {
          break;
        }
      }
      spaces += Long.bitCount(blanks);
      hitBefore |= hit != Integer.MAX_VALUE;
    }
    if (lineStart < stop) {
      // The words left are too few to test with the needles' reach: the next line goes to the exact test.
      int lineEnd = LineScanner.indexOf(buffer, lineStart, limit);
      if (lineEnd >= 0) {
        return stopAt(lineStart, base + lineEnd, lines);
      }
    }
    passedLines = lines;
    return lineStart;
  }

  /**
   * Returns the first offset among the {@code candidates} of the word at {@code offset} where a
   * {@code ':'}, {@code "DATA"} or a filter value starts, or {@link Integer#MAX_VALUE}.
   */
  private int firstHit(byte[] buffer, int offset, long candidates, int limit) {
    for (long left = candidates; left != 0; left &= left - 1) {
      int at = offset + (Long.numberOfTrailingZeros(left) >>> 3);
      if (buffer[at] == ':' || (buffer[at] == 'D' && startsWith(buffer, at, limit, DATA)) || needles.startsAt(buffer, at, limit)) {
        return at;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static boolean startsWith(byte[] buffer, int at, int limit, byte[] text) {
    return at + text.length <= limit && Arrays.equals(buffer, at, at + text.length, text, 0, text.length);
  }

  /** Returns the number of lines the last {@link #pass} passed over. */
  int passedLines() {
    return passedLines;
  }

  /** Stops before the line at {@code lineStart} ending at absolute {@code lineEnd}, which goes to the exact test. */
  private int stopAt(int lineStart, long lineEnd, int lines) {
    nextSample = lineEnd + SAMPLE_BYTES;
    passedLines = lines;
    return lineStart;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
