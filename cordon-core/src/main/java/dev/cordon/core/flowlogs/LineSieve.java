package dev.cordon.core.flowlogs;

import dev.cordon.core.input.ByteNeedles;
import dev.cordon.core.input.ByteWords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Passes over the space-separated lines of a buffer that are surely records outside a filter's
 * scope, eight bytes at a time, without splitting them into fields. It looks for the needles
 * first (each filter value and {@code ':'}) and stops at the first line that contains one, or
 * that has another shape than a plain record, for the exact test of {@link ScopeMatcher} and the
 * full parse.
 *
 * <p>A line is passed over, and counted as a record, only when it
 * <ul>
 *   <li>contains no filter value as a substring, so none of its fields can equal one;
 *   <li>contains no {@code ':'}, as every address that could canonicalise to a filtered one
 *       without containing its text is written in IPv6 notation;
 *   <li>has the status OK, as {@link ScopeMatcher} requires, so it is neither NODATA nor
 *       SKIPDATA, whose lines the parse turns into blind spots. With the status as the last field
 *       (as in every default format) the line ends with {@code " OK"}; with the status elsewhere,
 *       it contains no {@code "DATA"}, which is one more needle then;
 *   <li>has exactly one space fewer than the layout has fields, as {@link ScopeMatcher} requires;
 *   <li>contains no tab or other control byte, except a {@code \r} right before its {@code \n};
 *   <li>starts with a digit, so it is neither a header, nor blank, nor a byte-order mark;
 *   <li>is at most {@link LineScanner#MAX_LINE_BYTES} long.
 * </ul>
 *
 * <p>NOTE: a line passed over has no other field validated, where {@link ScopeMatcher} still
 * checks the {@code end} time. A line outside the scope with an invalid {@code end}, address or
 * action (such as {@code DENY}) therefore counts as a record where the full parse counts a skip.
 * So does an invalid {@code log-status} without {@code "DATA"} when the status is not the last
 * field; as the last field it must be {@code OK}. For the latest {@code end} of a file (which
 * only bounds the blind spot of a read failure) the first line {@link #SAMPLE_BYTES} after each
 * exact test goes to the exact test too, so that value is a lower bound, which widens such a
 * blind spot and never narrows it.
 *
 * <p>Positions are absolute offsets in the stream, so the state kept between calls stays valid
 * when the caller moves its buffer's contents. Not thread-safe.
 */
final class LineSieve {
  /**
   * Distance after an exact test at which the next line goes to the exact test, to sample its
   * {@code end} time. At 4 MiB rather than 256 KiB, a scoped query of a 1.25 GB flow log took 1.84
   * s of CPU instead of 2.05 s (median of 6 alternating runs, OpenJDK 17, 2 cores). A read
   * failure's blind spot then starts at most about 36,000 records earlier.
   */
  static final int SAMPLE_BYTES = 1 << 22;

  private static final byte[] DATA = "DATA".getBytes(StandardCharsets.US_ASCII);
  private static final long COLONS = ByteWords.broadcast((byte) ':');
  private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGHS = 0x8080808080808080L;
  /** Added to a byte below 0x80, sets its high bit exactly when the byte is 0x21 or more. */
  private static final long BELOW_0X21 = ByteWords.broadcast(0x80 - 0x21);
  /** The bytes {@code " OK\n"} as the top four bytes of the word that ends at a line's {@code \n}. */
  private static final long OK_LF = 0x0A4B4F20L;
  /** The bytes {@code " OK\r\n"} as the top five bytes of that word. */
  private static final long OK_CRLF = 0x0A0D4B4F20L;

  private final FlowLayout layout;
  private final int spacesPerLine;
  /**
   * -1 when the status is the last field, so a line passed over must end with {@code " OK"}, else
   * 0: masks the status test of {@link #unusual} without a branch.
   */
  private final long statusMask;
  private final ByteNeedles needles;
  /**
   * With exactly one needle, its first, middle and last byte in each byte of a word, and the
   * offsets of the last two: the pass then tests them inline, which took 0.19 s of CPU per 256
   * MiB of flow log against 0.21 s through {@link ByteNeedles#candidates} (OpenJDK 17).
   */
  private final boolean single;
  private final long first;
  private final long middle;
  private final long lastByte;
  private final int middleAt;
  private final int lastAt;
  /** Absolute offset after which the next line ending goes to the exact test as a sample. */
  private long nextSample;
  private int passedLines;

  LineSieve(FlowRecordFilter filter, FlowLayout layout) {
    this.layout = layout;
    this.spacesPerLine = layout.fieldCount() - 1;
    int status = statusIndex(layout);
    boolean statusLast = status == layout.fieldCount() - 1;
    this.statusMask = statusLast ? -1L : 0L;
    List<byte[]> values = needlesOf(filter);
    if (status >= 0 && !statusLast) {
      values.add(DATA);
    }
    // With no value to look for, ':' is searched twice, which changes nothing.
    this.needles = new ByteNeedles(values.isEmpty() ? List.of(new byte[] {':'}) : values);
    this.single = values.size() == 1;
    byte[] needle = values.isEmpty() ? new byte[] {':'} : values.get(0);
    this.middleAt = needle.length / 2;
    this.lastAt = needle.length - 1;
    this.first = ByteWords.broadcast(needle[0]);
    this.middle = ByteWords.broadcast(needle[middleAt]);
    this.lastByte = ByteWords.broadcast(needle[lastAt]);
  }

  FlowLayout layout() {
    return layout;
  }

  private static int statusIndex(FlowLayout layout) {
    for (int i = 0; i < layout.fieldCount(); i++) {
      if (layout.slots[i] == FlowFields.LOG_STATUS) {
        return i;
      }
    }
    return -1;
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
    // A line whose \n lies after the barrier goes to the exact test: the barrier is the sample
    // point at first, and moves back to the first hit found.
    int barrier = (int) Math.max(-1, Math.min(Integer.MAX_VALUE, nextSample - base - 1));
    int last = limit - Long.BYTES - needles.reach();
    long first = this.first;
    long middle = this.middle;
    long lastByte = this.lastByte;
    int middleAt = this.middleAt;
    int lastAt = this.lastAt;
    // A counted loop, left only by return, so that C2 can hoist the array bounds checks. It
    // tests only words that end by the stop, so every line it passes over starts before the stop.
    // The line that crosses the stop goes to the exact test below. The bound has no branch:
    // C2 compiles a branch that its profile never saw taken as a trap, and taking it later throws
    // the compiled loop away. Each such rare branch (the end of a chunk comes every 16 MiB) cost a
    // recompilation while the scan warmed up. A 100 MB scan took 0.42 s of CPU with them and 0.34 s
    // without (median of 9 alternating runs, OpenJDK 17, 2 cores).
    Objects.checkFromToIndex(0, limit, buffer.length);
    int end = Math.min(last, stop - Long.BYTES);
    for (int i = from; i <= end; i += Long.BYTES) {
      long word = ByteWords.word(buffer, i);
      // Bytes below 0x21 are spaces and control bytes. Among them only a space has bit 5 set,
      // which the shift moves to the bit that the masks mark.
      long low = ~(((word & LOW_SEVEN) + BELOW_0X21) | word) & HIGHS;
      long blanks = low & (word << 2);
      long controls = low ^ blanks;
      long candidates = ByteWords.roughZeros(word ^ COLONS) | (single
          ? ByteWords.roughZeros((word ^ first) | (ByteWords.word(buffer, i + middleAt) ^ middle)
              | (ByteWords.word(buffer, i + lastAt) ^ lastByte))
          : needles.candidates(buffer, i));
      if (candidates != 0) {
        barrier = Math.min(barrier, firstHit(buffer, i, candidates, limit));
      }
      while (controls != 0) {
        int at = i + (Long.numberOfTrailingZeros(controls) >>> 3);
        long below = (controls & -controls) - 1;
        spaces += Long.bitCount(blanks & below);
        blanks &= ~below;
        controls &= controls - 1;
        if (buffer[at] != '\n') {
          if (buffer[at] == '\r' && at + 1 < limit && buffer[at + 1] == '\n') {
            continue;
          }
          // The exact test decides on a tab or another control byte.
          return stopAt(lineStart, base + at, lines);
        }
        if (unusual(buffer, lineStart, at, spaces, barrier) < 0) {
          return stopAt(lineStart, base + at, lines);
        }
        lines++;
        spaces = 0;
        lineStart = at + 1;
      }
      spaces += Long.bitCount(blanks);
    }
    if (lineStart < stop) {
      // The line that crosses the stop, or whose last words are too few to test with the needles'
      // reach, goes to the exact test.
      int lineEnd = LineScanner.indexOf(buffer, lineStart, limit);
      if (lineEnd >= 0) {
        return stopAt(lineStart, base + lineEnd, lines);
      }
    }
    passedLines = lines;
    return lineStart;
  }

  /**
   * Returns a negative number when the line {@code buffer[lineStart, lineEnd)}, which has {@code
   * spaces} spaces and no control byte, needs the exact test: it ends after the {@code barrier},
   * has another number of spaces than the layout, does not start with a digit, is longer than
   * {@link LineScanner#MAX_LINE_BYTES}, or, with the status as the last field, does not end with
   * {@code " OK"} (before an optional {@code \r}). Also negative when the line ends in the
   * buffer's first word, which is too short to hold the status test. Otherwise returns zero or more.
   *
   * <p>Each test yields a number whose sign bit is set when it fails, and the results are OR-ed,
   * so the caller has one branch, taken for every hit and sample line, instead of a chain of
   * branches that its profile rarely records as taken (see the note on the loop bound in {@link #pass}).
   */
  private long unusual(byte[] buffer, int lineStart, int lineEnd, int spaces, int barrier) {
    // The word that ends at the line's \n. A line that ends within the buffer's first word
    // fails the test on lineEnd below, so reading the word at 0 in its place does no harm.
    long tail = ByteWords.word(buffer, Math.max(0, lineEnd - (Long.BYTES - 1)));
    long lf = (tail >>> 32) ^ OK_LF;
    long crlf = (tail >>> 24) ^ OK_CRLF;
    // Both are below 2^40, so (x - 1) & ~x is negative exactly when x is zero.
    long statusOk = ((lf - 1) & ~lf) | ((crlf - 1) & ~crlf);
    int lead = buffer[lineStart];
    return (barrier - lineEnd)
        | (lineEnd - (Long.BYTES - 1))
        | -(spaces ^ spacesPerLine)
        | (lead - '0') | ('9' - lead)
        | (LineScanner.MAX_LINE_BYTES - (lineEnd - lineStart))
        | (~statusOk & statusMask);
  }

  /**
   * Returns the first offset among the {@code candidates} of the word at {@code offset} where a
   * {@code ':'} or a needle starts, or {@link Integer#MAX_VALUE}.
   */
  private int firstHit(byte[] buffer, int offset, long candidates, int limit) {
    for (long left = candidates; left != 0; left &= left - 1) {
      int at = offset + (Long.numberOfTrailingZeros(left) >>> 3);
      if (buffer[at] == ':' || needles.startsAt(buffer, at, limit)) {
        return at;
      }
    }
    return Integer.MAX_VALUE;
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
}
