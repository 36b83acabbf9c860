package dev.cordon.core.flowlogs;

import dev.cordon.core.net.IpAddresses;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Tests the raw bytes of a space-separated line against a {@link FlowRecordFilter} for one file
 * layout, so lines outside the scope are counted without building a record. The test is
 * conservative: {@link #isOutside} returns true only for a line that the full parse would turn into
 * a record that the filter rejects. Every other line goes through the full parse: a header, a
 * wrong field count, a status other than OK, a filtered address the parse would reject, or an
 * invalid end time. So skip counts and blind spots stay the same as in a scan without the test.
 *
 * <p>NOTE: the other fields of a line outside the scope are not validated, so such a line with an
 * invalid port, action or unfiltered address counts as a record where the full parse counts a skip.
 *
 * <p>IPv4 addresses in canonical dotted form are compared as bytes. Any other address text (IPv6,
 * or IPv4 with leading zeros) is canonicalised as a string first, so a log that writes {@code
 * 2001:DB8:0:0::1} still matches a filter on {@code 2001:db8::1}. Not thread-safe.
 */
final class ScopeMatcher {
  private final FlowLayout layout;
  private final int fieldCount;
  /** Layout index of each filtered field, and whether it contains an address. */
  private final int[] scopeIndexes;
  private final boolean[] scopeIsAddress;
  private final ByteValues[] scopeValues;
  private final List<Set<String>> scopeStrings;
  private final int statusIndex;
  private final int endIndex;

  private final int[] starts;
  private final int[] ends;
  /** Offsets of the spaces of the line being split, one slot more than the fields. */
  private final int[] spaces;
  private long end;

  ScopeMatcher(FlowRecordFilter filter, FlowLayout layout) {
    this.layout = layout;
    this.fieldCount = layout.fieldCount();
    int scoped = 0;
    for (int slot : layout.slots) {
      scoped += filter.slots().contains(slot) ? 1 : 0;
    }
    scopeIndexes = new int[scoped];
    scopeIsAddress = new boolean[scoped];
    scopeValues = new ByteValues[scoped];
    scopeStrings = new ArrayList<>(scoped);
    int statusAt = -1;
    int endAt = -1;
    int k = 0;
    for (int i = 0; i < fieldCount; i++) {
      int slot = layout.slots[i];
      if (slot == FlowFields.LOG_STATUS) {
        statusAt = i;
      } else if (slot == FlowFields.END) {
        endAt = i;
      }
      if (filter.slots().contains(slot)) {
        scopeIndexes[k] = i;
        scopeIsAddress[k] = FlowRecordFilter.isAddressSlot(slot);
        scopeStrings.add(filter.valuesFor(slot));
        scopeValues[k] = new ByteValues(filter.valuesFor(slot));
        k++;
      }
    }
    this.statusIndex = statusAt;
    this.endIndex = endAt;
    this.starts = new int[fieldCount];
    this.ends = new int[fieldCount];
    this.spaces = new int[fieldCount + 1];
  }

  FlowLayout layout() {
    return layout;
  }

  /**
   * Returns true when the line is surely a valid record outside the scope; {@link #end()} then
   * returns its {@code end} field. False means the line needs the full parse.
   */
  boolean isOutside(byte[] line, int start, int stop) {
    if (!split(line, start, stop)) {
      return false;
    }
    if (statusIndex >= 0 && !isOk(line, starts[statusIndex], ends[statusIndex])) {
      return false;
    }
    for (int k = 0; k < scopeIndexes.length; k++) {
      int from = starts[scopeIndexes[k]];
      int to = ends[scopeIndexes[k]];
      if (to - from == 1 && line[from] == '-') {
        continue;
      }
      if (scopeIsAddress[k] && !IpAddresses.isCanonicalIpv4(line, from, to)) {
        String canonical = IpAddresses.canonical(new String(line, from, to - from, StandardCharsets.ISO_8859_1));
        if (canonical == null || scopeStrings.get(k).contains(canonical)) {
          return false;
        }
      } else if (scopeValues[k].contains(line, from, to)) {
        return false;
      }
    }
    end = endIndex < 0 ? FlowRecord.ABSENT : parseEnd(line, starts[endIndex], ends[endIndex]);
    return end != INVALID;
  }

  /** Returns the raw {@code end} value of the last line found outside, or {@link FlowRecord#ABSENT}. */
  long end() {
    return end;
  }

  private static final long INVALID = -2;

  /**
   * Splits on single spaces. Returns false for a line the full parse must handle: another field
   * count than the layout's, an empty field, a tab or control byte, or every field starting with a
   * lower-case letter as in a header line.
   */
  private boolean split(byte[] line, int start, int stop) {
    // Branch-free on purpose: spaces come at unpredictable places, so a branch per space costs a
    // misprediction each. spaces[count] is overwritten until a space moves count on, so it ends
    // up holding each space's offset. The count stops at fieldCount, already one too many.
    int[] spaces = this.spaces;
    int limit = fieldCount;
    int count = 0;
    int control = 0;
    for (int i = start; i < stop; i++) {
      int b = line[i] & 0xff;
      spaces[count] = i;
      count = Math.min(count + (b == ' ' ? 1 : 0), limit);
      control |= b < ' ' ? 1 : 0;
    }
    if (count != fieldCount - 1 || control != 0) {
      return false;
    }

    boolean headerLike = true;
    int from = start;
    for (int k = 0; k < fieldCount; k++) {
      int to = k < count ? spaces[k] : stop;
      if (to == from) {
        return false;
      }
      starts[k] = from;
      ends[k] = to;
      byte first = line[from];
      headerLike &= first >= 'a' && first <= 'z';
      from = to + 1;
    }
    return !headerLike;
  }

  private static boolean isOk(byte[] line, int from, int to) {
    return to - from == 2 && line[from] == 'O' && line[from + 1] == 'K';
  }

  /** Parses the end time's digits, or returns {@link #INVALID}; at most 18 digits, so no overflow. */
  private static long parseEnd(byte[] line, int from, int to) {
    int length = to - from;
    if (length == 1 && line[from] == '-') {
      return FlowRecord.ABSENT;
    }
    if (length == 0 || length > 18) {
      return INVALID;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = line[i] - '0';
      if (digit < 0 || digit > 9) {
        return INVALID;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** A set of ASCII strings looked up by byte range, with open addressing. */
  static final class ByteValues {
    private final byte[][] table;
    private final int mask;
    /** Bit n is set when a value is n bytes long, or bit 0 for values of 64 bytes or more. */
    private long lengths;

    ByteValues(Set<String> values) {
      int capacity = Integer.highestOneBit(Math.max(4, values.size() * 4) - 1) << 1;
      table = new byte[capacity][];
      mask = capacity - 1;
      for (String value : values) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        lengths |= bytes.length < 64 ? 1L << bytes.length : 1L;
        int slot = hash(bytes, 0, bytes.length) & mask;
        while (table[slot] != null && !Arrays.equals(table[slot], bytes)) {
          slot = (slot + 1) & mask;
        }
        table[slot] = bytes;
      }
    }

    boolean contains(byte[] line, int from, int to) {
      int length = to - from;
      if (length < 64 && (lengths & (1L << length)) == 0) {
        return false;
      }
      int slot = hash(line, from, to) & mask;
      while (table[slot] != null) {
        byte[] candidate = table[slot];
        if (Arrays.equals(candidate, 0, candidate.length, line, from, to)) {
          return true;
        }
        slot = (slot + 1) & mask;
      }
      return false;
    }

    private static int hash(byte[] bytes, int from, int to) {
      int h = to - from;
      for (int i = from; i < to; i++) {
        h = 31 * h + bytes[i];
      }
      return h ^ (h >>> 16);
    }
  }
}
