package dev.cordon.core.flowlogs;

import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.ReadErrors;
import dev.cordon.core.input.ReadFailureGuard;
import dev.cordon.core.input.StatsLog;
import dev.cordon.core.input.ScanProgress;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one flow-log file of any supported kind and reports it to {@link InputStats}. Gzip is
 * recognised by its magic bytes, and the content by its first bytes. JSON is a CloudWatch Logs
 * export and Parquet is reported as unsupported. Anything else is read as lines of text, split on
 * spaces as AWS writes them or on commas (the CloudWatch console export and Athena-style CSV).
 */
final class FlowFileReader {
  static final String KIND = "vpc-flow-logs";

  private static final int BUFFER_BYTES = 65_536;
  private static final int SNIFF_BYTES = 64;

  /** The time slot in an S3 object name, as in {@code 123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz}. */
  private static final Pattern S3_OBJECT_TIME = Pattern.compile("_vpcflowlogs_.*_(\\d{8}T\\d{4}Z)_[^_]*$");
  private static final DateTimeFormatter S3_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'");
  /** Length of the slot an S3 object covers: records whose {@code end} falls in 5 minutes. */
  private static final long S3_SLOT_SECONDS = 300;

  /** Field separator of a text file. */
  private enum TextMode {
    SPACES,
    CSV,
    /**
     * CloudWatch Logs export with a header naming a {@code message} or {@code @message} column, as
     * the console ({@code timestamp,message}) and Logs Insights write it. The record is in that column.
     */
    CLOUDWATCH_CSV
  }

  private final Path path;
  private final String file;
  private final FlowLayout headerless;
  private final StatsLog stats;
  private final Consumer<? super FlowRecord> sink;
  private final RecordParser parser;
  private final FlowRecordFilter filter;
  /** Byte-level scope test for the current layout; null without a filter or outside space mode. */
  private ScopeMatcher matcher;
  /** Sieve for the current layout that passes over lines surely outside the scope, or null when {@link #matcher} is. */
  private LineSieve sieve;

  private ScanProgress progress = ScanProgress.silent();
  /** Whether a gzip file inflates on a thread of its own, ahead of the line scan. */
  private boolean readAhead = true;
  /** The inflated content of a gzip file, ended at its first read failure; null for a plain file. */
  private ReadFailureGuard inflated;

  private long position;
  private boolean positionIsEvent;
  private TextMode mode;
  private FlowLayout layout;
  /** Index and count of the columns of a CloudWatch CSV export. */
  private int messageColumn;
  private int columnCount;

  FlowFileReader(Path path, FlowLayout headerless, InputStats stats, Consumer<? super FlowRecord> sink) {
    this(path, headerless, FlowRecordFilter.all(), StatsLog.direct(stats), sink);
  }

  /** Reads a file delivering only the records {@code filter} keeps; the stats count every record. */
  FlowFileReader(Path path, FlowLayout headerless, FlowRecordFilter filter, StatsLog stats,
      Consumer<? super FlowRecord> sink) {
    this.path = path;
    this.filter = filter;
    this.file = path.toString();
    this.headerless = headerless;
    this.stats = stats;
    this.sink = sink;
    this.parser = new RecordParser(file, stats);
  }

  /** Counts the bytes read and the file in {@code progress}. */
  FlowFileReader countingInto(ScanProgress progress) {
    this.progress = progress;
    return this;
  }

  /**
   * Makes a gzip file inflate on the reading thread. Meant for a scan whose workers keep every
   * core busy with files of their own, where a thread per file only adds hand-offs and copies.
   */
  FlowFileReader inflatingOnReadingThread() {
    this.readAhead = false;
    return this;
  }

  /** Reads the file; a read failure is recorded in the stats, keeping what was delivered before it. */
  void read() {
    String error = null;
    try (InputStream raw = progress.counting(Files.newInputStream(path));
        BufferedInputStream in = decompressIfGzip(new BufferedInputStream(raw, BUFFER_BYTES))) {
      error = readContent(in);
    } catch (IOException | UncheckedIOException e) {
      error = failureMessage(e);
    }
    finish(error);
  }

  /** Records the file in the stats, with the error that stopped it or null. */
  void finish(String error) {
    progress.fileDone();
    stats.file(file, KIND, parser.records(), parser.skipped(), error);
    if (error != null) {
      if (stats.warns()) {
        Log.LOG.warn("{}", error);
      }
      stats.blindSpot(failureBlindSpot(error));
    } else if (parser.records() == 0 && parser.skipped() > 0) {
      String description = everyLineSkipped();
      if (stats.warns()) {
        Log.LOG.warn("{}", description);
      }
      stats.blindSpot(new InputStats.BlindSpot(file, description, null, null));
    }
    if (parser.sawMilliseconds()) {
      Log.LOG.info("{}: start/end values above 2^31-1 were read as epoch milliseconds and divided by 1000", file);
    }
  }

  /**
   * Describes a file whose every line was skipped. The first skip message carries the hint for a
   * field-count mismatch (--flow-format), and a file named .gz that is not gzip data gets one more.
   */
  private String everyLineSkipped() {
    String first = parser.firstSkipDetail();
    String firstSentence = first.endsWith(".") ? first : first + ".";
    StringBuilder description = new StringBuilder(String.format(Locale.ROOT,
        "%s: no line could be read as a flow-log record (%,d skipped). The first skip: %s",
        file, parser.skipped(), firstSentence));
    if (inflated == null && path.getFileName().toString().endsWith(".gz")) {
      description.append(" The file is named .gz but is not gzip data, so it was read as plain text;"
          + " check that it is a flow-log file, and decompress it first if another tool compressed it.");
    }
    return description.toString();
  }

  private String readContent(BufferedInputStream in) throws IOException {
    byte[] head = peek(in, SNIFF_BYTES);
    if (startsWith(head, "PAR1")) {
      return file + ": Parquet flow logs are not supported yet; read the text delivery of the same"
          + " flow log, or export the records as CSV (for example with Athena)";
    }
    try {
      if (firstContentByte(head) == '{' || firstContentByte(head) == '[') {
        readJson(in);
      } else {
        scanLines(in);
      }
    } catch (IOException e) {
      // The JSON parser meets the early end of a damaged gzip file and reports that end, not the damage.
      throwInflateFailure();
      throw e;
    }
    throwInflateFailure();
    return null;
  }

  private void throwInflateFailure() throws IOException {
    if (inflated != null) {
      inflated.throwFailure();
    }
  }

  private void scanLines(InputStream in) throws IOException {
    LineScanner.scan(in, new LineScanner.Handler() {
      @Override
      public void line(byte[] buffer, int start, int end) {
        readLine(buffer, start, end);
      }

      @Override
      public void lastLine(byte[] buffer, int start, int end) {
        if (inflated != null && inflated.failure() != null) {
          skipCutShort();
        } else {
          readLine(buffer, start, end);
        }
      }

      @Override
      public void tooLong() {
        position++;
        skipTooLong();
      }

      @Override
      public LineSieve sieve() {
        return currentSieve();
      }

      @Override
      public void passed(int count) {
        position += count;
        parser.countOutside(count, FlowRecord.ABSENT, false);
      }
    });
  }

  /** Returns the sieve for the layout in effect, or null when lines are not tested on their bytes. */
  private LineSieve currentSieve() {
    if (matcher == null) {
      return null;
    }
    if (sieve == null || sieve.layout() != layout) {
      sieve = new LineSieve(filter, layout);
    }
    return sieve;
  }

  private void readJson(InputStream in) throws IOException {
    positionIsEvent = true;
    CloudWatchEvents.read(in, new CloudWatchEvents.Handler() {
      @Override
      public void message(long event, String message) {
        position = event;
        parser.splitWhitespace(message);
        deliver(parser.toRecord(headerless, event, true));
      }

      @Override
      public void missingMessage(long event) {
        position = event;
        parser.skip(event, true, "event without message", "the CloudWatch Logs event has no 'message' text;"
            + " skipped it. Export the log group with aws logs filter-log-events to get one record per message");
      }
    });
  }

  /**
   * Reads one line of a text file. With a filter, a record line in space mode is first tested on
   * its bytes, and a line surely outside the scope is only counted.
   */
  private void readLine(byte[] buffer, int start, int end) {
    position++;
    if (matcher != null) {
      if (matcher.layout() != layout) {
        matcher = new ScopeMatcher(filter, layout);
      }
      if (matcher.isOutside(buffer, start, end)) {
        parser.countOutside(matcher.end());
        return;
      }
    }

    int stop = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
    String line = new String(buffer, start, stop - start, StandardCharsets.UTF_8);
    if (line.length() > LineScanner.MAX_LINE_CHARS) {
      skipTooLong();
      return;
    }
    readLine(line);
  }

  private void readLine(String text) {
    String line = text;
    if (position == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
      line = line.substring(1);
    }
    if (line.isBlank()) {
      return;
    }
    if (mode == null) {
      chooseTextMode(line);
      if (mode == TextMode.SPACES && !filter.keepsAll()) {
        matcher = new ScopeMatcher(filter, layout);
      }
    }
    readTextLine(line);
  }

  /** Counts the line after the last complete one of a damaged gzip file, which the damage cut short. */
  private void skipCutShort() {
    parser.skip(position + 1, false, RecordParser.REASON_CUT_SHORT, "the line is cut short where the gzip data"
        + " ends or is damaged, so it is incomplete; skipped it");
  }

  private void skipTooLong() {
    parser.skip(position, false, RecordParser.REASON_TOO_LONG, "the line is longer than "
        + LineScanner.MAX_LINE_CHARS + " chars, so it is not a flow-log record; skipped it");
  }

  /**
   * Decides from the first non-blank line how lines are split: by commas when it has one (flow-log
   * values never contain commas), else by spaces. A header line is recognised later, on any line.
   */
  private void chooseTextMode(String line) {
    mode = line.indexOf(',') >= 0 ? TextMode.CSV : TextMode.SPACES;
    layout = headerless;
    split(line);
    if (mode != TextMode.CSV) {
      return;
    }
    int column = messageColumnIndex();
    if (column >= 0) {
      mode = TextMode.CLOUDWATCH_CSV;
      messageColumn = column;
      columnCount = parser.fieldCount();
    }
  }

  private void readTextLine(String line) {
    if (mode == TextMode.CLOUDWATCH_CSV) {
      readCloudWatchCsvLine(line);
      return;
    }

    split(line);
    if (parser.isHeader()) {
      layout = FlowLayout.fromHeader(parser.fields(), position);
      return;
    }
    deliver(parser.toRecord(layout, position, false));
  }

  private void readCloudWatchCsvLine(String line) {
    parser.splitCsv(line);
    if (parser.fieldCount() != columnCount) {
      parser.skip(position, false, RecordParser.REASON_FIELD_COUNT, "expected " + columnCount
          + " comma-separated values as in the CloudWatch Logs export header (timestamp,message) but found "
          + parser.fieldCount() + "; skipped the line. Quote the message if it contains commas");
      return;
    }
    String message = parser.field(messageColumn);
    if (isMessageColumnName(message)) {
      return;
    }
    parser.splitWhitespace(message);
    deliver(parser.toRecord(layout, position, false));
  }

  /** Returns the index of the {@code message} or {@code @message} column among the fields last split, or -1. */
  private int messageColumnIndex() {
    for (int i = 0; i < parser.fieldCount(); i++) {
      if (isMessageColumnName(parser.field(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isMessageColumnName(String name) {
    return "message".equalsIgnoreCase(name) || "@message".equalsIgnoreCase(name);
  }

  private void split(String line) {
    if (mode == TextMode.CSV) {
      parser.splitCsv(line);
    } else {
      parser.splitWhitespace(line);
    }
  }

  private void deliver(FlowRecord record) {
    if (record != null && filter.test(record)) {
      sink.accept(record);
    }
  }

  /**
   * Applies a line that a chunk worker could not prove outside the scope: {@code line} is null for
   * a line that was too long.
   */
  void readChunkLine(long lineNumber, String line) {
    position = lineNumber;
    if (line == null) {
      skipTooLong();
    } else {
      readLine(line);
    }
  }

  /** Counts the records a chunk worker found outside the scope, and moves to the chunk's last line. */
  void countChunk(long lastLine, long outside, long latestEnd, boolean milliseconds) {
    parser.countOutside(outside, latestEnd, milliseconds);
    position = lastLine;
  }

  long position() {
    return position;
  }

  FlowLayout layout() {
    return layout;
  }

  String failureMessage(Exception e) {
    String where = position == 0 ? "at its start"
        : positionIsEvent ? "after event " + position : "after line " + position;
    String cause = ReadErrors.describe(e);
    return file + ": reading stopped " + where + " (" + cause + "); the " + parser.records()
        + " records before that point were kept and the rest of the file is missing."
        + " The file may be truncated or damaged; copy it again from its source";
  }

  /** Covers the S3 object's 5-minute slot when the name has one, else from the last record read onward. */
  private InputStats.BlindSpot failureBlindSpot(String error) {
    Long from = parser.latestEnd() == FlowRecord.ABSENT ? null : parser.latestEnd();
    Long to = null;
    Matcher matcher = S3_OBJECT_TIME.matcher(path.getFileName().toString());
    if (matcher.find()) {
      try {
        from = LocalDateTime.parse(matcher.group(1), S3_TIME).toEpochSecond(ZoneOffset.UTC);
        to = from + S3_SLOT_SECONDS;
      } catch (DateTimeParseException e) {
        Log.LOG.debug("{}: no time slot in the file name", file, e);
      }
    }
    return new InputStats.BlindSpot(file, error, from, to);
  }

  private BufferedInputStream decompressIfGzip(BufferedInputStream in) throws IOException {
    byte[] head = peek(in, 2);
    boolean gzip = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    if (!gzip) {
      return in;
    }
    // GZIPInputStream reads every member of a multi-member file, as S3 delivery may produce.
    // NOTE: it stops without an error at trailing bytes that do not start with a gzip header, so
    // such a tail is not reported.
    // The guard keeps the failure of a damaged file from discarding the lines inflated before it.
    inflated = new ReadFailureGuard(new GZIPInputStream(in, BUFFER_BYTES));
    return new BufferedInputStream(readAhead ? new ReadAhead(inflated, file) : inflated, BUFFER_BYTES);
  }

  private static byte[] peek(BufferedInputStream in, int length) throws IOException {
    in.mark(length);
    byte[] head = in.readNBytes(length);
    in.reset();
    return head;
  }

  private static boolean startsWith(byte[] head, String ascii) {
    if (head.length < ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if ((head[i] & 0xff) != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Returns the first byte that is not whitespace or a UTF-8 byte-order mark, or -1. */
  private static int firstContentByte(byte[] head) {
    int i = startsWith(head, "\u00ef\u00bb\u00bf") ? 3 : 0;
    for (; i < head.length; i++) {
      int b = head[i] & 0xff;
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b;
      }
    }
    return -1;
  }

  /** The logger, created on first use so that a scan that logs nothing does not set up logging. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(FlowFileReader.class);
  }
}
