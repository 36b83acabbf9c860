package dev.cordon.core.cloudtrail;

import dev.cordon.core.input.ReadErrors;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.ReadFailureGuard;
import dev.cordon.core.input.StatsLog;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one CloudTrail file for {@link CloudTrailReader}. One instance per file, because it counts
 * what that file yielded.
 *
 * <p>The file is first read as a stream of JSON documents, which covers the S3 log object, the
 * lookup-events output and bare arrays without loading them whole. When the first document is a
 * single record followed by another, the file is JSON Lines, and it is read again line by line so
 * that one invalid line is skipped instead of ending the file.
 */
final class CloudTrailFileReader {
  enum Outcome { LOG, DIGEST, INSIGHTS, NOT_CLOUDTRAIL }

  static final String KIND_LOG = "cloudtrail";
  static final String KIND_DIGEST = "cloudtrail digest (skipped)";
  static final String KIND_INSIGHTS = "cloudtrail insights (skipped)";
  static final String KIND_OTHER = "not cloudtrail (skipped)";

  private static final int BUFFER_BYTES = 64 * 1024;
  private static final int MAX_QUOTED_CHARS = 120;
  /** Maximum decompressed size of a file the needle path loads into memory. S3 log files are far smaller. */
  private static final int MAX_LOADED_BYTES = 256 << 20;
  /**
   * The line of a record read from memory, counted only when a message needs it, because counting
   * costs a pass over the content before the record.
   */
  private static final long LINE_NOT_COUNTED = -1;
  /** Longest line read while deciding whether a file is JSON Lines; CloudTrail records stay far below. */
  private static final int MAX_PROBE_CHARS = 4 * 1024 * 1024;
  private static final String[] RECORD_FIELDS = {
    "eventTime", "@timestamp", "eventName", "eventSource", "eventID", "userIdentity"
  };

  /** Shape of a top-level JSON document, found by reading it. */
  private enum Root { WRAPPER, ARRAY, DIGEST, RECORD, OTHER }

  private final Path file;
  private final String name;
  private final StatsLog stats;
  /** The needles, or null to parse every record. */
  private final NeedleSearch needles;
  private final boolean[] needleCharacters;
  /** The decompressed file when the needle path loaded it, read again from memory on fallback. */
  private byte[] content;
  private int contentLength;
  private final Consumer<? super CloudTrailEvent> sink;

  /** Offset in {@link #content} of the record being parsed on the needle path. */
  private int parsedRecordStart;

  private long records;
  private long skipped;
  private long recordIndex;
  private boolean linePositions;
  /** Set once a Records, Events or top-level array was entered; later parse errors break the file. */
  private boolean logShapeSeen;
  private JsonNode pendingRecord;
  /** Positions of Insights records held back until the file shows whether it contains anything else. */
  private final List<Long> insightPositions = new ArrayList<>();
  private boolean sawNonInsight;
  private final boolean warnOnError;

  CloudTrailFileReader(Path file, InputStats stats, Consumer<? super CloudTrailEvent> sink) {
    this(file, StatsLog.direct(stats), sink, null);
  }

  /**
   * Reads a file, skipping the records of an S3 log file that contain none of the {@code needles}
   * (null for none) before parsing them. They are counted as records without validation.
   */
  CloudTrailFileReader(Path file, StatsLog stats, Consumer<? super CloudTrailEvent> sink, NeedleSearch needles) {
    this(file, stats, sink, needles, true);
  }

  /**
   * Reads a file as above; {@code warnOnError} is false on a later scan of the same files, whose
   * stats are discarded, so a broken file is logged once per run.
   */
  CloudTrailFileReader(Path file, StatsLog stats, Consumer<? super CloudTrailEvent> sink,
      NeedleSearch needles, boolean warnOnError) {
    this.warnOnError = warnOnError;
    this.needles = needles;
    this.needleCharacters = needles == null ? null : needles.asciiCharacters();
    this.file = file;
    this.name = file.toString();
    this.stats = stats;
    this.sink = sink;
  }

  Outcome read() {
    try {
      if (needles != null && loadContent()) {
        Outcome filtered = readFiltered();
        if (filtered != null) {
          return filtered;
        }
      }
      Outcome outcome = readDocuments();
      return outcome != null ? outcome : readLines();
    } catch (IOException e) {
      return finish(describe(e));
    } finally {
      if (content != null) {
        ContentLoader.forThisThread().releaseLargeBuffers();
      }
    }
  }

  /** Returns null when the file turns out to be JSON Lines. */
  private Outcome readDocuments() throws IOException {
    try (InputStream in = open(); JsonParser parser = JsonTrees.parser(in)) {
      JsonToken token;
      try {
        token = parser.nextToken();
      } catch (JsonProcessingException e) {
        return notCloudTrail("not JSON (" + ReadErrors.describe(e) + ")");
      }
      if (token == null) {
        return notCloudTrail("empty file");
      }
      if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
        return notCloudTrail("a JSON " + describe(token) + " where an object or array was expected");
      }

      Root first;
      try {
        first = readRoot(parser, token);
      } catch (JsonProcessingException e) {
        // A one-line file with invalid UTF-8 is read as JSON Lines too, so the line is decoded with
        // U+FFFD as it is in a longer JSON Lines file, instead of failing the whole file.
        boolean firstIsLine = !logShapeSeen && token == JsonToken.START_OBJECT;
        if (firstIsLine && (secondLineIsObject() || (isInvalidUtf8(e) && isOneLine()))) {
          return null;
        }
        throw e;
      }

      switch (first) {
        case DIGEST:
          return skipFile(Outcome.DIGEST, KIND_DIGEST);
        case OTHER:
          return notCloudTrail("JSON without CloudTrail records (no Records, Events or eventTime)");
        case RECORD:
          return readAfterFirstRecord(parser);
        default:
          break;
      }

      while ((token = parser.nextToken()) != null) {
        readLaterRoot(parser, token);
      }
      return finish(null);
    }
  }

  /**
   * Emits the first record when it is the whole file, or returns null when more follows, because
   * then it is the first line of a JSON Lines file.
   */
  private Outcome readAfterFirstRecord(JsonParser parser) throws IOException {
    JsonToken next;
    try {
      next = parser.nextToken();
    } catch (JsonProcessingException e) {
      return null;
    }
    if (next != null) {
      return null;
    }
    handle(pendingRecord, 1, 0);
    return finish(null);
  }

  private void readLaterRoot(JsonParser parser, JsonToken token) throws IOException {
    long line = parser.currentTokenLocation().getLineNr();
    if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
      recordIndex++;
      skip(recordIndex, line, "record is not a JSON object",
          "a JSON " + describe(token) + " between the documents. Remove it; the rest was read.");
      return;
    }
    Root root = readRoot(parser, token);
    if (root == Root.RECORD || root == Root.OTHER) {
      recordIndex++;
      handle(pendingRecord, recordIndex, line);
    } else if (root == Root.DIGEST) {
      recordIndex++;
      skip(recordIndex, line, "digest inside a log file",
          "a CloudTrail digest object follows the log records. Digests hold file hashes, not API"
              + " calls; it was skipped.");
    }
  }

  /** Reads one top-level document: streams a Records or Events array, otherwise keeps the object. */
  private Root readRoot(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.START_ARRAY) {
      logShapeSeen = true;
      readArray(parser);
      return Root.ARRAY;
    }
    ObjectNode head = JsonNodeFactory.instance.objectNode();
    boolean wrapper = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_ARRAY && (field.equals("Records") || field.equals("Events"))) {
        wrapper = true;
        logShapeSeen = true;
        readArray(parser);
      } else {
        head.set(field, JsonTrees.readValue(parser));
      }
    }
    pendingRecord = head;
    if (wrapper) {
      return Root.WRAPPER;
    }
    if (isDigest(head)) {
      return Root.DIGEST;
    }
    return looksLikeRecord(unwrapQuietly(head)) ? Root.RECORD : Root.OTHER;
  }

  private void readArray(JsonParser parser) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw new EOFException("file ends inside a JSON array");
      }
      long line = parser.currentTokenLocation().getLineNr();
      JsonNode node = JsonTrees.readValue(parser);
      recordIndex++;
      handle(node, recordIndex, line);
    }
  }

  /**
   * Returns whether the second non-blank line is a JSON object by itself, which distinguishes a JSON
   * Lines file with an invalid first line from a broken document. Lines longer than {@value
   * #MAX_PROBE_CHARS} characters are not read to the end, and the method then returns false.
   */
  private boolean secondLineIsObject() throws IOException {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(open(), StandardCharsets.UTF_8), BUFFER_BYTES)) {
      if (!skipLine(reader)) {
        return false;
      }
      String line;
      do {
        line = probeLine(reader);
      } while (line != null && line.isBlank());
      if (line == null) {
        return false;
      }
      try {
        return Jackson.LINE_READER.readTree(line).isObject();
      } catch (JsonProcessingException e) {
        return false;
      }
    }
  }

  private static boolean isInvalidUtf8(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    return message != null && message.startsWith("Invalid UTF-8");
  }

  /** Returns whether the file has no content after its first line break but whitespace. */
  private boolean isOneLine() throws IOException {
    try (InputStream in = new BufferedInputStream(open(), BUFFER_BYTES)) {
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        // the first line, of any length
      }
      while ((b = in.read()) != -1) {
        if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
          return false;
        }
      }
      return true;
    }
  }

  private static boolean skipLine(BufferedReader reader) throws IOException {
    for (int read = 0; read < MAX_PROBE_CHARS; read++) {
      int c = reader.read();
      if (c == -1) {
        return false;
      }
      if (c == '\n') {
        return true;
      }
    }
    return false;
  }

  /** Returns the next line, or null at the end of the file or when it exceeds the probe limit. */
  private static String probeLine(BufferedReader reader) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = reader.read()) != -1 && c != '\n') {
      if (line.length() == MAX_PROBE_CHARS) {
        return null;
      }
      line.append((char) c);
    }
    return c == -1 && line.length() == 0 ? null : line.toString();
  }

  /**
   * Reads JSON Lines. A truncated or damaged gzip file ends the stream instead of failing the read
   * that hit the damage, because that failure would discard the lines already inflated into the
   * reader's buffer. The file is then reported as truncated, and its last line counts as a skip
   * when it is not valid JSON, as a record cut short is not.
   */
  private Outcome readLines() throws IOException {
    linePositions = true;
    ReadFailureGuard guarded = new ReadFailureGuard(open());
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(guarded, StandardCharsets.UTF_8), BUFFER_BYTES)) {
      String pending = null;
      long lineNumber = 0;
      String text;
      while ((text = reader.readLine()) != null) {
        if (pending != null) {
          readLineUnlessBlank(pending, lineNumber);
        }
        lineNumber++;
        pending = lineNumber == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
      }
      if (pending != null) {
        readLineUnlessBlank(pending, lineNumber, guarded.failure() != null);
      }
      guarded.throwFailure();
    }
    return finish(null);
  }

  private void readLineUnlessBlank(String text, long lineNumber) {
    readLineUnlessBlank(text, lineNumber, false);
  }

  /** Reads one line; {@code cutShort} when a read failure ended the stream right after it. */
  private void readLineUnlessBlank(String text, long lineNumber, boolean cutShort) {
    if (text.isBlank()) {
      return;
    }
    JsonNode node;
    try {
      node = Jackson.LINE_READER.readTree(text);
    } catch (JsonProcessingException e) {
      if (cutShort) {
        skip(lineNumber, 0, "line cut short", "the line is cut short where the gzip data ends or is damaged,"
            + " so it is incomplete; skipped it");
      } else {
        skip(lineNumber, 0, "invalid JSON line",
            "not valid JSON (" + ReadErrors.describe(e) + "): " + quote(text)
                + ". Each line must contain one complete CloudTrail record; the other lines were read.");
      }
      return;
    }
    if (node.isObject() && node.path("Records").isArray()) {
      for (JsonNode record : node.get("Records")) {
        handle(record, lineNumber, 0);
      }
      return;
    }
    handle(node, lineNumber, 0);
  }

  /** Maps one element to an event and passes it on, or counts it as skipped with the reason. */
  private void handle(JsonNode node, long position, long line) {
    JsonNode record;
    try {
      record = unwrap(node);
    } catch (IllegalArgumentException e) {
      skip(position, line, "invalid lookup-events CloudTrailEvent",
          e.getMessage() + ". Re-run lookup-events or remove that event; the others were read.");
      return;
    }
    if (!record.isObject()) {
      skip(position, line, "record is not a JSON object",
          "expected a CloudTrail record object, found " + quote(record.toString())
              + ". Remove or fix that element; the others were read.");
      return;
    }
    if (isInsight(record)) {
      holdInsight(position, line);
      return;
    }

    CloudTrailEvent event;
    try {
      event = CloudTrailEvent.fromRecord(record, name + " (" + where(position, 0) + ")");
    } catch (IllegalArgumentException e) {
      skip(position, line, "missing or invalid eventTime",
          e.getMessage() + ". Fix the time or remove that record; the others were read.");
      return;
    }
    flushInsights();
    records++;
    sink.accept(event);
  }

  /**
   * Unwraps the containers a record arrives in: the escaped JSON string of a lookup-events entry,
   * or the {@code detail} of an EventBridge event.
   */
  private JsonNode unwrap(JsonNode node) {
    if (!node.isObject()) {
      return node;
    }
    JsonNode embedded = node.get("CloudTrailEvent");
    if (embedded != null && embedded.isTextual()) {
      try {
        return Jackson.MAPPER.readTree(embedded.textValue());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("CloudTrailEvent string is not valid JSON ("
            + ReadErrors.describe(e) + "): " + quote(embedded.textValue()), e);
      }
    }
    JsonNode detail = node.get("detail");
    if (detail != null && detail.isObject() && node.has("detail-type")) {
      return detail;
    }
    return node;
  }

  private JsonNode unwrapQuietly(JsonNode node) {
    try {
      return unwrap(node);
    } catch (IllegalArgumentException e) {
      return node;
    }
  }

  private static boolean looksLikeRecord(JsonNode node) {
    if (!node.isObject()) {
      return false;
    }
    for (String field : RECORD_FIELDS) {
      if (node.has(field)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDigest(JsonNode node) {
    return node.has("digestStartTime") || node.has("digestEndTime") || node.has("digestS3Object");
  }

  private static boolean isInsight(JsonNode record) {
    return record.has("insightDetails")
        || "Insight".equals(record.path("eventCategory").asText())
        || "AwsCloudTrailInsight".equals(record.path("eventType").asText());
  }

  /**
   * Holds an Insights record back: a file of nothing but Insights records is an Insights file and
   * is recorded as one skipped file, while one inside a log file is a skipped record.
   */
  private void holdInsight(long position, long line) {
    if (sawNonInsight) {
      skipInsight(position, line);
    } else {
      insightPositions.add(position);
    }
  }

  private void flushInsights() {
    if (sawNonInsight) {
      return;
    }
    sawNonInsight = true;
    for (long position : insightPositions) {
      skipInsight(position, 0);
    }
    insightPositions.clear();
  }

  private void skipInsight(long position, long line) {
    skip(position, line, "CloudTrail Insights event",
        "an Insights event (a summary of API call rates, not an API call); skipped");
  }

  private void skip(long position, long line, String reasonKey, String detail) {
    if (line == LINE_NOT_COUNTED) {
      line = lineAt(parsedRecordStart);
    }
    flushInsights();
    skipped++;
    stats.skip(name, position, reasonKey, name + ", " + where(position, line) + ": " + detail);
  }

  private String where(long position, long line) {
    if (linePositions) {
      return "line " + position;
    }
    return line > 0 ? "record " + position + " (line " + line + ")" : "record " + position;
  }

  private Outcome finish(String error) {
    if (records == 0 && skipped == 0 && error == null && !insightPositions.isEmpty()) {
      Log.LOG.debug("Skipped CloudTrail Insights file {}", name);
      stats.file(name, KIND_INSIGHTS, 0, insightPositions.size(), null);
      return Outcome.INSIGHTS;
    }
    flushInsights();
    stats.file(name, KIND_LOG, records, skipped, error);
    if (error != null && warnOnError) {
      Log.LOG.warn("CloudTrail file {} is incomplete: {}", name, error);
      stats.blindSpot(new InputStats.BlindSpot(name,
          "CloudTrail file " + name + " " + error + ". Events after that point are missing;"
              + " fetch the file again (a truncated copy or download is the usual cause).",
          null, null));
    }
    return Outcome.LOG;
  }

  private String describe(IOException e) {
    String cause = ReadErrors.describe(e);
    // Limit violations (string length, nesting depth, number length) carry no location.
    if (e instanceof JsonProcessingException json && json.getLocation() != null
        && json.getLocation().getLineNr() > 0) {
      cause += " at line " + json.getLocation().getLineNr();
    }
    return "could not be read after " + records + " records (" + cause + ")";
  }

  private Outcome skipFile(Outcome outcome, String kind) {
    Log.LOG.debug("Skipped {} {}", kind, name);
    stats.file(name, kind, 0, 0, null);
    return outcome;
  }

  private Outcome notCloudTrail(String reason) {
    // Debug only: a shared log bucket can contain thousands of such files, and stats lists each one.
    Log.LOG.debug("Skipped {}: {}", name, reason);
    stats.file(name, KIND_OTHER, 0, 0, reason);
    return Outcome.NOT_CLOUDTRAIL;
  }

  /**
   * Reads an S3 log file from memory, parsing only the records that contain a needle or an escape
   * of one of its characters, which could hide it. Returns null when the file has another shape,
   * for the full reader.
   */
  private Outcome readFiltered() {
    RecordsSplitter split = RecordsSplitter.split(content, contentLength, needleCharacters);
    if (split == null) {
      return null;
    }
    logShapeSeen = true;
    int[] hits = needles.sortedHits(content, contentLength);
    int hit = 0;
    for (int r = 0; r < split.count(); r++) {
      int start = split.start(r);
      int end = split.end(r);
      recordIndex++;
      while (hit < hits.length && hits[hit] < start) {
        hit++;
      }
      boolean needleInside = hit < hits.length && hits[hit] < end;
      if (needleInside || split.hasEscapes(r)) {
        parseRecord(start, end);
      } else {
        // Without the Insights mark the record is not an Insights event, so the file is a log file.
        flushInsights();
        records++;
      }
    }
    return finish(null);
  }

  private void parseRecord(int start, int end) {
    parsedRecordStart = start;
    JsonNode node;
    try {
      node = JsonTrees.read(content, start, end - start);
    } catch (IOException e) {
      String cause = ReadErrors.describe(e);
      skip(recordIndex, LINE_NOT_COUNTED, "invalid JSON record", "the record is not valid JSON (" + cause
          + "). Fix or remove that record; the others were read.");
      return;
    }
    handle(node, recordIndex, LINE_NOT_COUNTED);
  }

  /**
   * Returns the line of {@code offset} in the loaded content, counting line breaks as Jackson does
   * (LF, CRLF or a lone CR), so skip messages name the line a full read would name.
   */
  private long lineAt(int offset) {
    long line = 1;
    for (int i = 0; i < offset; i++) {
      byte b = content[i];
      if (b == '\n' || (b == '\r' && (i + 1 == contentLength || content[i + 1] != '\n'))) {
        line++;
      }
    }
    return line;
  }

  /**
   * Loads the decompressed file, up to {@link #MAX_LOADED_BYTES}; returns false (and keeps
   * nothing) for a larger or damaged file, which the streaming reader then reads and reports.
   */
  private boolean loadContent() {
    ContentLoader loader = ContentLoader.forThisThread();
    int length = loader.load(file, MAX_LOADED_BYTES);
    if (length < 0) {
      return false;
    }
    content = loader.content();
    contentLength = length;
    return true;
  }

  /** Opens the file, decompressing it when it starts with the gzip magic bytes 1f 8b. */
  private InputStream open() throws IOException {
    if (content != null) {
      return new ByteArrayInputStream(content, 0, contentLength);
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    if (first != 0x1f || second != 0x8b) {
      return in;
    }
    try {
      return new GZIPInputStream(in, BUFFER_BYTES);
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  private static String describe(JsonToken token) {
    switch (token) {
      case VALUE_STRING:
        return "string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.name();
    }
  }

  private static String quote(String text) {
    String excerpt = text.length() > MAX_QUOTED_CHARS ? text.substring(0, MAX_QUOTED_CHARS) + "..." : text;
    return "'" + excerpt + "'";
  }

  /** The logger, created on first use so that a scan that logs nothing does not set up logging. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(CloudTrailFileReader.class);
  }

  /**
   * The object mapper for JSON Lines and lookup-events strings, created on first use because S3
   * log files do not need it and it costs about 100 ms of CPU (Jackson 2.22, OpenJDK 17).
   */
  private static final class Jackson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Parses one JSON Lines line and rejects anything after its value, such as two records on a line. */
    static final ObjectReader LINE_READER = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }
}
