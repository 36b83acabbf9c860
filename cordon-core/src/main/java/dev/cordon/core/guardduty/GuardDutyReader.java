package dev.cordon.core.guardduty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads GuardDuty findings from a file in any shape they are saved in: one finding, the EventBridge
 * event that wraps one in {@code detail}, a GetFindings response {@code {"findings":[...]}}, AWS CLI
 * output {@code {"Findings":[...]}} with PascalCase keys, a JSON array, or JSON Lines of any of
 * these; plain or gzip. Finding files are small, so the file is read whole.
 */
public final class GuardDutyReader {
  static final String KIND = "guardduty";

  private static final Logger log = LoggerFactory.getLogger(GuardDutyReader.class);
  private static final String ACCEPTED_SHAPES = "Accepted: one finding, an EventBridge event with the"
      + " finding in detail, a GetFindings response {\"findings\":[...]}, AWS CLI get-findings output"
      + " {\"Findings\":[...]}, a JSON array of findings, or JSON Lines of findings.";

  private final ObjectMapper mapper = new ObjectMapper();
  /** Parses one JSON Lines line and rejects anything after its value. */
  private final ObjectReader lineReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Counts for one file. */
  private static final class FileState {
    final String name;
    final List<GuardDutyFinding> findings = new ArrayList<>();
    long skipped;
    boolean linePositions;
    /** Whether any element had the shape of a finding or the file had a findings list. */
    boolean shapeSeen;

    FileState(String name) {
      this.name = name;
    }

    String where(long position) {
      return (linePositions ? "line " : "finding ") + position;
    }
  }

  /**
   * Reads every finding in the file, skipping invalid ones through {@code stats}.
   *
   * @throws InputException when the file is missing, unreadable, not JSON, or contains nothing
   *     shaped like a GuardDuty finding; the message lists the accepted shapes
   */
  public List<GuardDutyFinding> read(Path file, InputStats stats) {
    if (!Files.isRegularFile(file)) {
      throw new InputException("GuardDuty finding file not found: " + file + ". " + ACCEPTED_SHAPES);
    }
    FileState state = new FileState(file.toString());
    String text = readText(file);

    String error = isJsonLines(text) ? readLines(text, state, stats) : readDocuments(text, state, stats);
    if (!state.shapeSeen) {
      throw new InputException("Not a GuardDuty finding file: " + file
          + (error != null ? " (" + error + ")" : " (no object with a type and id)") + ". " + ACCEPTED_SHAPES);
    }
    stats.file(state.name, KIND, state.findings.size(), state.skipped, error);
    if (error != null) {
      log.warn("GuardDuty file {} is incomplete: {}", state.name, error);
      stats.blindSpot(new InputStats.BlindSpot(state.name, "GuardDuty file " + state.name + " " + error
          + ". Findings after that point are missing; fix the JSON or export the findings again.", null, null));
    }
    return List.copyOf(state.findings);
  }

  private String readText(Path file) {
    try (InputStream in = open(file)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (IOException e) {
      throw new InputException("Failed to read the GuardDuty finding file " + file + ": " + e.getMessage()
          + ". Check that it is readable and, if gzip, complete.", e);
    }
  }

  /** Returns whether the first line is a complete JSON value with more content after it. */
  private boolean isJsonLines(String text) {
    String trimmed = text.strip();
    int end = trimmed.indexOf('\n');
    if (end < 0) {
      return false;
    }
    try {
      lineReader.readTree(trimmed.substring(0, end));
      return true;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** Returns the error that stopped the file, or null. */
  private String readDocuments(String text, FileState state, InputStats stats) {
    long[] index = {0};
    LongSupplier nextIndex = () -> ++index[0];
    try (MappingIterator<JsonNode> roots = mapper.readerFor(JsonNode.class).readValues(text)) {
      while (roots.hasNextValue()) {
        collect(roots.nextValue(), nextIndex, state, stats);
      }
      return null;
    } catch (IOException e) {
      String reason = e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
      return "is not valid JSON after " + state.findings.size() + " findings (" + reason + ")";
    }
  }

  private String readLines(String text, FileState state, InputStats stats) {
    state.linePositions = true;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      long lineNumber = i + 1;
      if (lines[i].isBlank()) {
        continue;
      }
      JsonNode root;
      try {
        root = lineReader.readTree(lines[i]);
      } catch (JsonProcessingException e) {
        skip(state, stats, lineNumber, "invalid JSON line",
            "not valid JSON (" + e.getOriginalMessage() + "). Each line must contain one complete finding; the other lines were read.");
        continue;
      }
      collect(root, () -> lineNumber, state, stats);
    }
    return null;
  }

  /**
   * Adds the findings of one top-level value. {@code nextPosition} numbers them: a running index in
   * a document, the line number in JSON Lines.
   */
  private void collect(JsonNode root, LongSupplier nextPosition, FileState state, InputStats stats) {
    JsonNode list = FindingJson.at(root, "findings");
    if (list.isArray()) {
      state.shapeSeen = true;
    } else if (root.isArray()) {
      list = root;
    } else {
      add(root, nextPosition.getAsLong(), state, stats);
      return;
    }
    for (JsonNode element : list) {
      add(element, nextPosition.getAsLong(), state, stats);
    }
  }

  private void add(JsonNode node, long position, FileState state, InputStats stats) {
    JsonNode finding = unwrap(node);
    if (!finding.isObject()) {
      skip(state, stats, position, "finding is not a JSON object",
          "expected a finding object, found " + quote(finding.toString()) + ". Remove or fix it; the others were read.");
      return;
    }
    if (FindingJson.text(finding, "type") == null) {
      skip(state, stats, position, "not a GuardDuty finding",
          "the object has no type, so it is not a finding: " + quote(finding.toString()) + ". Remove it; the others were read.");
      return;
    }
    state.shapeSeen = true;
    try {
      state.findings.add(FindingMapper.map(finding, state.name + " (" + state.where(position) + ")"));
    } catch (IllegalArgumentException e) {
      skip(state, stats, position, "invalid GuardDuty finding",
          e.getMessage() + " in the finding " + quote(String.valueOf(FindingJson.text(finding, "id")))
              + ". Fix or remove that finding; the others were read.");
    }
  }

  /** Returns the finding inside an EventBridge event, or the node itself. */
  private static JsonNode unwrap(JsonNode node) {
    JsonNode detail = node.get("detail");
    if (detail != null && detail.isObject() && (node.has("detail-type") || node.has("source"))) {
      return detail;
    }
    return node;
  }

  private static void skip(FileState state, InputStats stats, long position, String reasonKey, String detail) {
    state.skipped++;
    stats.skip(state.name, position, reasonKey, state.name + ", " + state.where(position) + ": " + detail);
  }

  private static String quote(String text) {
    return "'" + (text.length() > 120 ? text.substring(0, 120) + "..." : text) + "'";
  }

  /** Opens the file, decompressing it when it starts with the gzip magic bytes 1f 8b. */
  private static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    if (first != 0x1f || second != 0x8b) {
      return in;
    }
    try {
      return new GZIPInputStream(in);
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }
}
