package dev.cordon.core.cloudtrail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.input.InputStats;
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
import java.util.Arrays;
import java.util.List;
import java.util.Set;
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

  private static final Logger log = LoggerFactory.getLogger(CloudTrailFileReader.class);
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final int MAX_QUOTED_CHARS = 120;
  /** Maximum decompressed size of a file the needle path loads into memory. S3 log files are far smaller. */
  private static final int MAX_LOADED_BYTES = 256 << 20;
  /**
   * The buffer each thread loads files into, kept between files because thousands of small files
   * would otherwise allocate a buffer each. It grows to the largest file a thread has loaded.
   */
  private static final ThreadLocal<byte[]> LOAD_BUFFER = ThreadLocal.withInitial(() -> new byte[1 << 20]);
  /** Longest line read while deciding whether a file is JSON Lines; CloudTrail records stay far below. */
  private static final int MAX_PROBE_CHARS = 4 * 1024 * 1024;
  private static final String[] RECORD_FIELDS = {
    "eventTime", "@timestamp", "eventName", "eventSource", "eventID", "userIdentity"
  };

  /** Shape of a top-level JSON document, found by reading it. */
  private enum Root { WRAPPER, ARRAY, DIGEST, RECORD, OTHER }

  private final ObjectMapper mapper;
  /** Parses one JSON Lines line and rejects anything after its value, such as two records on a line. */
  private final ObjectReader lineReader;
  private final Path file;
  private final String name;
  private final StatsLog stats;
  /** Needles in UTF-8; empty means every record is parsed. */
  private final byte[][] needles;
  /** The decompressed file when the needle path loaded it, read again from memory on fallback. */
  private byte[] content;
  private int contentLength;
  private final Consumer<? super CloudTrailEvent> sink;

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

  CloudTrailFileReader(ObjectMapper mapper, Path file, InputStats stats, Consumer<? super CloudTrailEvent> sink) {
    this(mapper, file, StatsLog.direct(stats), sink, Set.of());
  }

  /**
   * Reads a file, skipping the records of an S3 log file that contain none of {@code needles}
   * before parsing them. They are counted as records without validation.
   */
  CloudTrailFileReader(ObjectMapper mapper, Path file, StatsLog stats, Consumer<? super CloudTrailEvent> sink,
      Set<String> needles) {
    this.needles = needles.stream().filter(n -> !n.isEmpty())
        .map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    this.mapper = mapper;
    this.lineReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.file = file;
    this.name = file.toString();
    this.stats = stats;
    this.sink = sink;
  }

  Outcome read() {
    try {
      if (needles.length > 0 && loadContent()) {
        Outcome filtered = readFiltered();
        if (filtered != null) {
          return filtered;
        }
      }
      Outcome outcome = readDocuments();
      return outcome != null ? outcome : readLines();
    } catch (IOException e) {
      return finish(describe(e));
    }
  }

  /** Returns null when the file turns out to be JSON Lines. */
  private Outcome readDocuments() throws IOException {
    try (InputStream in = open(); JsonParser parser = mapper.createParser(in)) {
      JsonToken token;
      try {
        token = parser.nextToken();
      } catch (JsonProcessingException e) {
        return notCloudTrail("not JSON (" + e.getOriginalMessage() + ")");
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
        if (!logShapeSeen && token == JsonToken.START_OBJECT && secondLineIsObject()) {
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
    ObjectNode head = mapper.createObjectNode();
    boolean wrapper = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_ARRAY && (field.equals("Records") || field.equals("Events"))) {
        wrapper = true;
        logShapeSeen = true;
        readArray(parser);
      } else {
        head.set(field, mapper.readTree(parser));
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
      JsonNode node = mapper.readTree(parser);
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
        return lineReader.readTree(line).isObject();
      } catch (JsonProcessingException e) {
        return false;
      }
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

  private Outcome readLines() throws IOException {
    linePositions = true;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(open(), StandardCharsets.UTF_8), BUFFER_BYTES)) {
      String text;
      long lineNumber = 0;
      while ((text = reader.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        if (!text.isBlank()) {
          readLine(text, lineNumber);
        }
      }
    }
    return finish(null);
  }

  private void readLine(String text, long lineNumber) {
    JsonNode node;
    try {
      node = lineReader.readTree(text);
    } catch (JsonProcessingException e) {
      skip(lineNumber, 0, "invalid JSON line",
          "not valid JSON (" + e.getOriginalMessage() + "): " + quote(text)
              + ". Each line must contain one complete CloudTrail record; the other lines were read.");
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
        return mapper.readTree(embedded.textValue());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("CloudTrailEvent string is not valid JSON ("
            + e.getOriginalMessage() + "): " + quote(embedded.textValue()), e);
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
      log.debug("Skipped CloudTrail Insights file {}", name);
      stats.file(name, KIND_INSIGHTS, 0, insightPositions.size(), null);
      return Outcome.INSIGHTS;
    }
    flushInsights();
    stats.file(name, KIND_LOG, records, skipped, error);
    if (error != null) {
      log.warn("CloudTrail file {} is incomplete: {}", name, error);
      stats.blindSpot(new InputStats.BlindSpot(name,
          "CloudTrail file " + name + " " + error + ". Events after that point are missing;"
              + " fetch the file again (a truncated copy or download is the usual cause).",
          null, null));
    }
    return Outcome.LOG;
  }

  private String describe(IOException e) {
    String cause;
    if (e instanceof JsonProcessingException json) {
      // Limit violations (string length, nesting depth, number length) carry no location.
      cause = json.getOriginalMessage()
          + (json.getLocation() != null ? " at line " + json.getLocation().getLineNr() : "");
    } else {
      cause = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return "could not be read after " + records + " records (" + cause + ")";
  }

  private Outcome skipFile(Outcome outcome, String kind) {
    log.debug("Skipped {} {}", kind, name);
    stats.file(name, kind, 0, 0, null);
    return outcome;
  }

  private Outcome notCloudTrail(String reason) {
    // Debug only: a shared log bucket can contain thousands of such files, and stats lists each one.
    log.debug("Skipped {}: {}", name, reason);
    stats.file(name, KIND_OTHER, 0, 0, reason);
    return Outcome.NOT_CLOUDTRAIL;
  }

  /**
   * Reads an S3 log file from memory, parsing only the records that contain a needle. Returns null
   * when the file has another shape, for the full reader.
   */
  private Outcome readFiltered() {
    int[] ranges = RecordsSplitter.split(content, contentLength);
    if (ranges == null) {
      return null;
    }
    logShapeSeen = true;
    int[] hits = NeedleSearch.sortedHits(content, contentLength, needles);
    int hit = 0;
    for (int r = 0; r < ranges.length; r += 2) {
      int start = ranges[r];
      int end = ranges[r + 1];
      recordIndex++;
      while (hit < hits.length && hits[hit] < start) {
        hit++;
      }
      if (hit >= hits.length || hits[hit] >= end) {
        records++;
        continue;
      }
      try {
        handle(mapper.readTree(content, start, end - start), recordIndex, 0);
      } catch (IOException e) {
        String cause = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        skip(recordIndex, 0, "invalid JSON record", "the record is not valid JSON (" + cause
            + "). Fix or remove that record; the others were read.");
      }
    }
    return finish(null);
  }

  /**
   * Loads the decompressed file, up to {@link #MAX_LOADED_BYTES}; returns false (and keeps
   * nothing) for a larger file, which the streaming reader then reads.
   */
  private boolean loadContent() {
    try (InputStream in = open()) {
      byte[] buffer = LOAD_BUFFER.get();
      int length = 0;
      for (int read; (read = in.read(buffer, length, buffer.length - length)) > 0; ) {
        length += read;
        if (length == buffer.length) {
          if (buffer.length >= MAX_LOADED_BYTES) {
            return false;
          }
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
      }
      LOAD_BUFFER.set(buffer);
      content = buffer;
      contentLength = length;
      return true;
    } catch (IOException e) {
      // The streaming reader reads the file again, keeps the records before the damage and reports it.
      return false;
    }
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
}
