package dev.cordon.core.cloudtrail;

import java.util.Arrays;

/**
 * Finds the byte ranges of the records in a CloudTrail S3 log file, {@code {"Records":[{...},...]}},
 * without parsing them: it tracks brace depth, strings and escapes only. Any other shape, or
 * anything unexpected, returns null so the caller reads the file with the full parser, which
 * reports the problem.
 */
final class RecordsSplitter {
  private static final byte[] RECORDS_KEY = {'"', 'R', 'e', 'c', 'o', 'r', 'd', 's', '"'};

  private final byte[] content;
  private final int length;
  private int position;
  /** Start and end offsets of the records, two ints per record. */
  private int[] ranges = new int[256];
  private int count;

  private RecordsSplitter(byte[] content, int length) {
    this.content = content;
    this.length = length;
  }

  /** Returns start and end offsets, two per record, trimmed to length; or null for another shape. */
  static int[] split(byte[] content, int length) {
    RecordsSplitter splitter = new RecordsSplitter(content, length);
    return splitter.splitWrapper() ? Arrays.copyOf(splitter.ranges, splitter.count * 2) : null;
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
        while (i < length && content[i] != '"') {
          i += content[i] == '\\' ? 2 : 1;
        }
        i++;
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
    count++;
  }
}
