package dev.cordon.core.cloudtrail;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Finds the byte ranges of the records in a CloudTrail S3 log file, {@code {"Records":[{...},...]}},
 * without parsing them: it tracks brace depth, strings and escapes only. Any other shape, or
 * anything unexpected, returns null so the caller reads the file with the full parser, which
 * reports the problem.
 *
 * <p>It also notes the records that contain a backslash-u escape (a code point in hex) or an
 * escaped slash, because there a needle's text can be written with other bytes than its own, such
 * as {@code role\/admin} for {@code role/admin}, so a byte search cannot rule the record out.
 */
final class RecordsSplitter {
  private static final byte[] RECORDS_KEY = {'"', 'R', 'e', 'c', 'o', 'r', 'd', 's', '"'};
  private static final long QUOTES = ByteWords.repeat('"');
  private static final long BACKSLASHES = ByteWords.repeat('\\');

  private final byte[] content;
  private final int length;
  private int position;
  /** Start and end offsets of the records, two ints per record. */
  private int[] ranges = new int[256];
  private int count;
  private final BitSet escaped = new BitSet();
  private boolean escapeInRecord;

  private RecordsSplitter(byte[] content, int length) {
    this.content = content;
    this.length = length;
  }

  /** Returns the records of {@code content[0, length)}, or null when it has another shape. */
  static RecordsSplitter split(byte[] content, int length) {
    RecordsSplitter splitter = new RecordsSplitter(content, length);
    return splitter.splitWrapper() ? splitter : null;
  }

  int count() {
    return count;
  }

  /** Returns the offset of record {@code index}'s opening brace. */
  int start(int index) {
    return ranges[index * 2];
  }

  /** Returns the offset after record {@code index}'s closing brace. */
  int end(int index) {
    return ranges[index * 2 + 1];
  }

  /** Returns whether record {@code index} contains a backslash-u escape or an escaped slash. */
  boolean hasEscapes(int index) {
    return escaped.get(index);
  }

  private boolean splitWrapper() {
    if (!expect('{') || !expectKey() || !expect(':') || !expect('[')) {
      return false;
    }
    skipWhitespace();
    if (position < length && content[position] == ']') {
      position++;
      return expect('}') && atEnd();
    }
    while (true) {
      skipWhitespace();
      if (position >= length || content[position] != '{') {
        return false;
      }
      int start = position;
      if (!skipObject()) {
        return false;
      }
      add(start, position);
      skipWhitespace();
      if (position >= length) {
        return false;
      }
      byte next = content[position++];
      if (next == ']') {
        return expect('}') && atEnd();
      }
      if (next != ',') {
        return false;
      }
    }
  }

  /** Moves past one object that starts at {@code position}; false when the content ends inside it. */
  private boolean skipObject() {
    int depth = 0;
    int i = position;
    while (i < length) {
      byte b = content[i++];
      if (b == '"') {
        i = afterString(i);
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
        if (depth == 0) {
          position = i;
          return b == '}';
        }
      }
    }
    return false;
  }

  /**
   * Returns the offset after the closing quote of the string whose text starts at {@code i}, or a
   * value past {@link #length} when the content ends first. Strings (ARNs, user agents, ids) make
   * up most of a record, so it tests 8 bytes per step for a quote or a backslash.
   */
  private int afterString(int i) {
    while (i <= length - Long.BYTES) {
      long word = ByteWords.read(content, i);
      long marks = ByteWords.zeroBytesFrom(word ^ QUOTES) | ByteWords.zeroBytesFrom(word ^ BACKSLASHES);
      if (marks == 0) {
        i += Long.BYTES;
        continue;
      }
      i += Long.numberOfTrailingZeros(marks) >>> 3;
      if (content[i] == '"') {
        return i + 1;
      }
      noteEscape(i + 1);
      i += 2;
    }
    while (i < length && content[i] != '"') {
      if (content[i] == '\\') {
        noteEscape(i + 1);
        i += 2;
      } else {
        i++;
      }
    }
    return i + 1;
  }

  private void noteEscape(int at) {
    if (at < length && (content[at] == 'u' || content[at] == '/')) {
      escapeInRecord = true;
    }
  }

  private boolean expectKey() {
    skipWhitespace();
    if (length - position < RECORDS_KEY.length
        || !Arrays.equals(content, position, position + RECORDS_KEY.length, RECORDS_KEY, 0, RECORDS_KEY.length)) {
      return false;
    }
    position += RECORDS_KEY.length;
    return true;
  }

  private boolean expect(char c) {
    skipWhitespace();
    if (position < length && content[position] == c) {
      position++;
      return true;
    }
    return false;
  }

  private boolean atEnd() {
    skipWhitespace();
    return position == length;
  }

  private void skipWhitespace() {
    while (position < length) {
      byte b = content[position];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return;
      }
      position++;
    }
  }

  private void add(int start, int end) {
    if (count * 2 == ranges.length) {
      ranges = Arrays.copyOf(ranges, ranges.length * 2);
    }
    ranges[count * 2] = start;
    ranges[count * 2 + 1] = end;
    if (escapeInRecord) {
      escaped.set(count);
      escapeInRecord = false;
    }
    count++;
  }
}
