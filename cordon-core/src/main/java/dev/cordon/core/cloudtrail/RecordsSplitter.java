package dev.cordon.core.cloudtrail;

import dev.cordon.core.input.ByteWords;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Finds the byte ranges of the records in a CloudTrail S3 log file, {@code {"Records":[{...},...]}},
 * without parsing them: it tracks brace depth, strings and escapes only. Any other shape, or
 * anything unexpected, returns null so the caller reads the file with the full parser, which
 * reports the problem.
 *
 * <p>It also notes the records with an escape that decodes to a character of a needle, because
 * there the needle's text is written with other bytes than its own, such as {@code role\/admin}
 * for {@code role/admin}, so a byte search cannot rule the record out. Other escapes, such as the
 * backslash-u escapes of {@code =} or {@code <} that some JSON writers emit, do not.
 */
final class RecordsSplitter {
  private static final byte[] RECORDS_KEY = {'"', 'R', 'e', 'c', 'o', 'r', 'd', 's', '"'};
  private static final long QUOTES = ByteWords.broadcast('"');
  private static final long BACKSLASHES = ByteWords.broadcast('\\');

  private final byte[] content;
  private final int length;
  private int position;
  /** Start and end offsets of the records, two ints per record. */
  private int[] ranges = new int[256];
  private int count;
  /** Whether an escape of each ASCII character can hide a needle; escapes of others always can. */
  private final boolean[] needleCharacters;
  private final BitSet escaped = new BitSet();
  private boolean escapeInRecord;

  private RecordsSplitter(byte[] content, int length, boolean[] needleCharacters) {
    this.content = content;
    this.length = length;
    this.needleCharacters = needleCharacters;
  }

  /**
   * Returns the records of {@code content[0, length)}, or null when it has another shape. {@code
   * needleCharacters} has 128 entries, true for the ASCII characters that occur in a needle.
   */
  static RecordsSplitter split(byte[] content, int length, boolean[] needleCharacters) {
    RecordsSplitter splitter = new RecordsSplitter(content, length, needleCharacters);
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

  /** Returns whether record {@code index} contains an escape of a needle's character. */
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
      long word = ByteWords.word(content, i);
      long marks = ByteWords.roughZeros(word ^ QUOTES) | ByteWords.roughZeros(word ^ BACKSLASHES);
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

  /** Notes an escape whose letter is at {@code at} when it decodes to a needle's character. */
  private void noteEscape(int at) {
    int character = at < length ? escapedCharacter(at) : -1;
    if (character < 0 || character >= needleCharacters.length || needleCharacters[character]) {
      escapeInRecord = true;
    }
  }

  /** Returns the character of the escape whose letter is at {@code at}, or -1 when it is invalid. */
  private int escapedCharacter(int at) {
    switch (content[at]) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        return hexCharacter(at + 1);
      default:
        // The quote, the backslash and the slash stand for themselves.
        return content[at] & 0xff;
    }
  }

  private int hexCharacter(int from) {
    if (from + 4 > length) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + 4; i++) {
      int digit = Character.digit(content[i], 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
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
