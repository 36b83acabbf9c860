package dev.cordon.core.flowlogs;

import static dev.cordon.core.flowlogs.FlowFields.OTHER;

import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.StatsLog;
import dev.cordon.core.net.IpAddresses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits lines of one file into fields and turns them into {@link FlowRecord}s, counting what it
 * delivers and skips. Fields are kept as offsets into the line and numbers are parsed from the
 * chars, so only text values become new strings. Not thread-safe: one instance per file.
 */
final class RecordParser {
  static final String REASON_FIELD_COUNT = "wrong field count";
  static final String REASON_NUMBER = "invalid number";
  static final String REASON_ADDRESS = "invalid address";
  static final String REASON_TOO_LONG = "line too long";
  static final String REASON_CUT_SHORT = "line cut short";
  static final String REASON_ACTION = "invalid action";
  static final String REASON_LOG_STATUS = "invalid log-status";

  /** Epoch seconds above this are taken as milliseconds (2^31-1 seconds is in 2038). */
  static final long MAX_EPOCH_SECONDS = Integer.MAX_VALUE;

  private static final long INVALID = -2;
  private static final int MAX_SHOWN_VALUE = 80;

  /** Upper bound of each numeric slot; 0 marks a text or address slot. */
  private static final long[] NUMBER_MAX = new long[27];
  /** Values stored once per slot instead of as a new string per record. */
  private static final String[][] COMMON_TEXT = new String[27][];
  /**
   * Skip reason of each slot whose only valid values are its {@link #COMMON_TEXT}, matched case
   * sensitively as AWS writes them; null for other slots.
   */
  private static final String[] CLOSED_SET_REASON = new String[27];

  static {
    NUMBER_MAX[FlowFields.VERSION] = Integer.MAX_VALUE;
    NUMBER_MAX[FlowFields.SRCPORT] = 65_535;
    NUMBER_MAX[FlowFields.DSTPORT] = 65_535;
    NUMBER_MAX[FlowFields.PROTOCOL] = 255;
    NUMBER_MAX[FlowFields.PACKETS] = Long.MAX_VALUE;
    NUMBER_MAX[FlowFields.BYTES] = Long.MAX_VALUE;
    NUMBER_MAX[FlowFields.START] = Long.MAX_VALUE;
    NUMBER_MAX[FlowFields.END] = Long.MAX_VALUE;
    NUMBER_MAX[FlowFields.TCP_FLAGS] = 255;
    NUMBER_MAX[FlowFields.TRAFFIC_PATH] = Integer.MAX_VALUE;
    COMMON_TEXT[FlowFields.ACTION] = new String[] {"ACCEPT", "REJECT"};
    COMMON_TEXT[FlowFields.LOG_STATUS] = new String[] {"OK", "NODATA", "SKIPDATA"};
    COMMON_TEXT[FlowFields.TYPE] = new String[] {"IPv4", "IPv6", "EFA"};
    COMMON_TEXT[FlowFields.FLOW_DIRECTION] = new String[] {"ingress", "egress"};
    CLOSED_SET_REASON[FlowFields.ACTION] = REASON_ACTION;
    CLOSED_SET_REASON[FlowFields.LOG_STATUS] = REASON_LOG_STATUS;
  }

  private final String file;
  private final StatsLog stats;

  private String line = "";
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private int count;
  private final StringBuilder unquoted = new StringBuilder(256);

  private final long[] numbers = new long[27];
  private final String[] texts = new String[27];

  private long records;
  private long skipped;
  /** Message of the first skipped line, or null before any skip. */
  private String firstSkipDetail;
  private long latestEnd = FlowRecord.ABSENT;
  private boolean sawMilliseconds;

  RecordParser(String file, StatsLog stats) {
    this.file = file;
    this.stats = stats;
  }

  /** Splits {@code text} on runs of spaces and tabs. */
  void splitWhitespace(String text) {
    line = text;
    count = 0;
    int length = text.length();
    int i = 0;
    while (i < length) {
      while (i < length && isBlank(text.charAt(i))) {
        i++;
      }
      if (i == length) {
        break;
      }
      int start = i;
      while (i < length && !isBlank(text.charAt(i))) {
        i++;
      }
      addField(start, i);
    }
  }

  /**
   * Splits comma-separated values. A value in double quotes may contain commas, spaces and doubled
   * quotes; an unquoted value is trimmed of spaces and tabs.
   */
  void splitCsv(String text) {
    unquoted.setLength(0);
    count = 0;
    int length = text.length();
    int i = 0;
    while (true) {
      while (i < length && isBlank(text.charAt(i))) {
        i++;
      }
      int start = unquoted.length();
      if (i < length && text.charAt(i) == '"') {
        i = copyQuoted(text, i + 1);
      } else {
        while (i < length && text.charAt(i) != ',') {
          unquoted.append(text.charAt(i++));
        }
        while (unquoted.length() > start && isBlank(unquoted.charAt(unquoted.length() - 1))) {
          unquoted.setLength(unquoted.length() - 1);
        }
      }
      addField(start, unquoted.length());
      if (i >= length) {
        break;
      }
      i++;
    }
    line = unquoted.toString();
  }

  int fieldCount() {
    return count;
  }

  String field(int index) {
    return line.substring(starts[index], ends[index]);
  }

  List<String> fields() {
    List<String> fields = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      fields.add(field(i));
    }
    return fields;
  }

  /**
   * Returns whether the fields last split form a header line ({@link FlowFields#isHeader}). Checks
   * the fields in place first, so a record costs no allocation: most fail on their first address
   * or number.
   */
  boolean isHeader() {
    if (count == 0) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (!FlowFields.isPlausibleName(line, starts[i], ends[i])) {
        return false;
      }
    }
    return FlowFields.isHeader(fields());
  }

  /**
   * Converts the fields last split to a record, or counts a skip and returns null.
   *
   * @param number line number, or event number when {@code event} is true
   */
  FlowRecord toRecord(FlowLayout layout, long number, boolean event) {
    if (count != layout.fieldCount()) {
      skipFieldCount(layout, number, event);
      return null;
    }
    Arrays.fill(numbers, FlowRecord.ABSENT);
    Arrays.fill(texts, null);
    Map<String, String> others = null;

    for (int i = 0; i < count; i++) {
      int slot = layout.slots[i];
      if (isAbsent(i)) {
        continue;
      }
      if (slot == OTHER) {
        others = others == null ? new LinkedHashMap<>() : others;
        others.put(layout.names[i], field(i));
      } else if (NUMBER_MAX[slot] > 0) {
        if (!readNumber(slot, i, layout, number, event)) {
          return null;
        }
      } else if (isAddressSlot(slot)) {
        if (!readAddress(slot, i, layout, number, event)) {
          return null;
        }
      } else if (CLOSED_SET_REASON[slot] != null) {
        texts[slot] = commonText(slot, i);
        if (texts[slot] == null) {
          String expected = "one of " + String.join(", ", COMMON_TEXT[slot]);
          skipField(layout, i, number, event, CLOSED_SET_REASON[slot], expected);
          return null;
        }
      } else {
        String common = commonText(slot, i);
        texts[slot] = common != null ? common : field(i);
      }
    }

    FlowRecord record = build(others, event ? file + ":event " + number : file + ":" + number);
    records++;
    if (record.end() > latestEnd) {
      latestEnd = record.end();
    }
    if ("SKIPDATA".equals(record.logStatus())) {
      addSkipDataBlindSpot(record);
    }
    return record;
  }

  /**
   * Counts a record that a {@link ScopeMatcher} found outside the scope without parsing it, with
   * its raw {@code end} value (or {@link FlowRecord#ABSENT}) so the latest end stays the same.
   */
  void countOutside(long rawEnd) {
    boolean milliseconds = rawEnd > MAX_EPOCH_SECONDS;
    countOutside(1, milliseconds ? rawEnd / 1000 : rawEnd, milliseconds);
  }

  /**
   * Counts {@code count} records outside the scope, whose latest {@code end} in seconds is {@code
   * end}, and whether any of them had it in milliseconds.
   */
  void countOutside(long count, long end, boolean milliseconds) {
    records += count;
    sawMilliseconds |= milliseconds;
    if (end > latestEnd) {
      latestEnd = end;
    }
  }

  /** Counts a skipped line for a reason found outside the fields, such as its length. */
  void skip(long number, boolean event, String reasonKey, String detail) {
    skipped++;
    String message = location(number, event) + ": " + detail;
    if (firstSkipDetail == null) {
      firstSkipDetail = message;
    }
    stats.skip(file, number, reasonKey, message);
  }

  /** Returns the message of the first skipped line, or null when none was skipped. */
  String firstSkipDetail() {
    return firstSkipDetail;
  }

  long records() {
    return records;
  }

  long skipped() {
    return skipped;
  }

  /** Returns the latest {@code end} delivered, or {@link FlowRecord#ABSENT}. */
  long latestEnd() {
    return latestEnd;
  }

  boolean sawMilliseconds() {
    return sawMilliseconds;
  }

  private FlowRecord build(Map<String, String> others, String source) {
    return new FlowRecord(
        (int) numbers[FlowFields.VERSION],
        texts[FlowFields.ACCOUNT_ID],
        texts[FlowFields.INTERFACE_ID],
        texts[FlowFields.SRCADDR],
        texts[FlowFields.DSTADDR],
        (int) numbers[FlowFields.SRCPORT],
        (int) numbers[FlowFields.DSTPORT],
        (int) numbers[FlowFields.PROTOCOL],
        numbers[FlowFields.PACKETS],
        numbers[FlowFields.BYTES],
        numbers[FlowFields.START],
        numbers[FlowFields.END],
        texts[FlowFields.ACTION],
        texts[FlowFields.LOG_STATUS],
        texts[FlowFields.VPC_ID],
        texts[FlowFields.SUBNET_ID],
        texts[FlowFields.INSTANCE_ID],
        (int) numbers[FlowFields.TCP_FLAGS],
        texts[FlowFields.TYPE],
        texts[FlowFields.PKT_SRCADDR],
        texts[FlowFields.PKT_DSTADDR],
        texts[FlowFields.REGION],
        texts[FlowFields.AZ_ID],
        texts[FlowFields.PKT_SRC_AWS_SERVICE],
        texts[FlowFields.PKT_DST_AWS_SERVICE],
        texts[FlowFields.FLOW_DIRECTION],
        (int) numbers[FlowFields.TRAFFIC_PATH],
        others == null ? Map.of() : Collections.unmodifiableMap(others),
        source);
  }

  private boolean readNumber(int slot, int index, FlowLayout layout, long number, boolean event) {
    long value = parseDigits(starts[index], ends[index]);
    if (value == INVALID || value > NUMBER_MAX[slot]) {
      String expected = NUMBER_MAX[slot] == Long.MAX_VALUE
          ? "a whole number"
          : "a whole number from 0 to " + NUMBER_MAX[slot];
      skipField(layout, index, number, event, REASON_NUMBER, expected);
      return false;
    }
    if ((slot == FlowFields.START || slot == FlowFields.END) && value > MAX_EPOCH_SECONDS) {
      value /= 1000;
      sawMilliseconds = true;
    }
    numbers[slot] = value;
    return true;
  }

  private boolean readAddress(int slot, int index, FlowLayout layout, long number, boolean event) {
    String canonical = IpAddresses.canonical(field(index));
    if (canonical == null) {
      skipField(layout, index, number, event, REASON_ADDRESS, "an IPv4 or IPv6 address");
      return false;
    }
    texts[slot] = canonical;
    return true;
  }

  /** Returns the {@link #COMMON_TEXT} value that the field equals, or null. */
  private String commonText(int slot, int index) {
    String[] common = COMMON_TEXT[slot];
    if (common != null) {
      int start = starts[index];
      int length = ends[index] - start;
      for (String value : common) {
        if (value.length() == length && line.regionMatches(start, value, 0, length)) {
          return value;
        }
      }
    }
    return null;
  }

  /** Parses ASCII digits, or returns {@link #INVALID}; at most 18 digits, so no overflow. */
  private long parseDigits(int start, int end) {
    int length = end - start;
    if (length == 0 || length > 18) {
      return INVALID;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        return INVALID;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private void skipField(FlowLayout layout, int index, long number, boolean event, String reasonKey, String expected) {
    String name = layout.names[index];
    String detail = name + " (field " + (index + 1) + ") is '" + shown(field(index)) + "', expected "
        + expected + " or '-'; skipped the record. " + layoutHint(layout);
    skip(number, event, reasonKey, detail);
  }

  private void skipFieldCount(FlowLayout layout, long number, boolean event) {
    String detail;
    if (layout.origin == FlowLayout.Origin.DEFAULT) {
      detail = "expected the " + layout.fieldCount() + " fields of the default version-2 format but found "
          + count + "; skipped the line. If this flow log uses a custom format, pass its LogFormat with"
          + " --flow-format '${version} ${account-id} ...' (aws ec2 describe-flow-logs shows it)";
    } else {
      detail = "expected " + layout.fieldCount() + " fields but found " + count + "; skipped the line. "
          + layoutHint(layout);
    }
    skip(number, event, REASON_FIELD_COUNT, detail);
  }

  private static String layoutHint(FlowLayout layout) {
    switch (layout.origin) {
      case HEADER:
        return "The field order comes from the header on line " + layout.headerLine
            + ", so this record is damaged or does not belong to that header.";
      case OPTION:
        return "Check that --flow-format matches this flow log's LogFormat.";
      default:
        return "If this flow log uses a custom format, pass its LogFormat with --flow-format.";
    }
  }

  private void addSkipDataBlindSpot(FlowRecord record) {
    String eni = record.interfaceId() != null ? record.interfaceId() : "an unnamed interface";
    String description = "SKIPDATA on " + eni + ": AWS dropped flow records in this window"
        + " (capacity limit or internal error), so traffic on it may be missing";
    Long from = record.start() == FlowRecord.ABSENT ? null : record.start();
    Long to = record.end() == FlowRecord.ABSENT ? null : record.end();
    stats.blindSpot(new InputStats.BlindSpot(record.source(), description, from, to));
  }

  private String location(long number, boolean event) {
    return file + (event ? " event " : " line ") + number;
  }

  private static String shown(String value) {
    return value.length() <= MAX_SHOWN_VALUE ? value : value.substring(0, MAX_SHOWN_VALUE) + "...";
  }

  /** Returns whether a field is {@code -}, or empty as a CSV export writes a null. */
  private boolean isAbsent(int index) {
    int length = ends[index] - starts[index];
    return length == 0 || (length == 1 && line.charAt(starts[index]) == '-');
  }

  private static boolean isAddressSlot(int slot) {
    return slot == FlowFields.SRCADDR || slot == FlowFields.DSTADDR
        || slot == FlowFields.PKT_SRCADDR || slot == FlowFields.PKT_DSTADDR;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private void addField(int start, int end) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
    }
    starts[count] = start;
    ends[count] = end;
    count++;
  }

  /** Copies a quoted value from {@code from} (after the opening quote); returns the index of the next comma or the end. */
  private int copyQuoted(String text, int from) {
    int length = text.length();
    int i = from;
    while (i < length) {
      char c = text.charAt(i);
      if (c == '"' && i + 1 < length && text.charAt(i + 1) == '"') {
        unquoted.append('"');
        i += 2;
      } else if (c == '"') {
        i++;
        break;
      } else {
        unquoted.append(c);
        i++;
      }
    }
    while (i < length && text.charAt(i) != ',') {
      i++;
    }
    return i;
  }
}
