package dev.cordon.core.intel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads threat intel files into a {@link ThreatIntelSet.Builder}: text lists of addresses and CIDRs
 * (one a line, {@code #} or {@code ;} starting a comment), and STIX 2.1 bundles whose indicators
 * have address patterns. Invalid entries are skipped through {@link InputStats} with file and line
 * (or STIX object index). Host names are skipped, never resolved.
 */
public final class ThreatIntelReader {
  static final String KIND_LIST = "threat intel list";
  static final String KIND_STIX = "threat intel stix";
  static final String REASON_TOO_BROAD = "threat intel network too broad";

  private static final Logger LOG = LoggerFactory.getLogger(ThreatIntelReader.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String EXPECTED = "Expected a text list of IP addresses and CIDRs (one a line, # for"
      + " comments) or a STIX 2.1 bundle of indicators with [ipv4-addr:value = '...'] patterns.";

  private ThreatIntelReader() {}

  /**
   * Adds the indicators of every file to {@code into} and returns it.
   *
   * @throws InputException when a file is missing or unreadable, or a JSON file is not a STIX
   *     bundle; indicators of earlier files stay in {@code into}
   */
  public static ThreatIntelSet.Builder read(List<Path> files, InputStats stats, ThreatIntelSet.Builder into) {
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new InputException("Threat intel file not found: " + file + ". " + EXPECTED);
      }
      try {
        if (startsWithJson(file)) {
          readStix(file, stats, into);
        } else {
          readList(file, stats, into);
        }
      } catch (IOException e) {
        throw new InputException("Failed to read the threat intel file " + file + ": " + e.getMessage()
            + ". Check that it is readable UTF-8 text.", e);
      }
    }
    return into;
  }

  private static boolean startsWithJson(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int c;
      while ((c = reader.read()) != -1) {
        if (!Character.isWhitespace(c) && c != '\uFEFF') {
          return c == '{' || c == '[';
        }
      }
      return false;
    }
  }

  private static void readList(Path file, InputStats stats, ThreatIntelSet.Builder into) throws IOException {
    String name = file.toString();
    String label = file.getFileName().toString();
    long added = 0;
    long skipped = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        String entry = withoutComment(line).strip();
        if (entry.isEmpty()) {
          continue;
        }
        try {
          into.add(entry, name, label);
          added++;
        } catch (IllegalArgumentException e) {
          skipped++;
          String detail = name + ", line " + lineNumber + ": " + e.getMessage() + ".";
          stats.skip(name, lineNumber, reasonKey(entry, e), detail);
          warnIfTooBroad(e, detail);
        }
      }
    }
    stats.file(name, KIND_LIST, added, skipped, null);
  }

  private static String withoutComment(String line) {
    int end = line.length();
    for (char marker : new char[] {'#', ';'}) {
      int at = line.indexOf(marker);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    return line.substring(0, end);
  }

  /**
   * Warns on stderr about a skipped network that is too broad, because the entry was meant to match
   * and its absence changes the findings, unlike a comment or a typo.
   */
  private static void warnIfTooBroad(IllegalArgumentException rejection, String detail) {
    if (rejection instanceof ThreatIntelSet.NetworkTooBroadException) {
      LOG.warn("Skipped threat intel entry: {}", detail);
    }
  }

  private static String reasonKey(String entry, IllegalArgumentException rejection) {
    if (rejection instanceof ThreatIntelSet.NetworkTooBroadException) {
      return REASON_TOO_BROAD;
    }
    String address = entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry;
    return HostNames.isHostName(address) ? "threat intel host name not resolved" : "invalid threat intel entry";
  }

  /** Reads a STIX bundle; the file is parsed whole. */
  private static void readStix(Path file, InputStats stats, ThreatIntelSet.Builder into) throws IOException {
    String name = file.toString();
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new InputException("Threat intel file " + file + " is not valid JSON (" + e.getOriginalMessage()
          + "). " + EXPECTED, e);
    }
    List<JsonNode> objects = stixObjects(root);
    if (objects == null) {
      throw new InputException("Threat intel file " + file + " is JSON but not a STIX bundle (no \"type\":"
          + " \"bundle\" with objects). " + EXPECTED);
    }

    StixCounts counts = new StixCounts(name, stats);
    for (int i = 0; i < objects.size(); i++) {
      JsonNode object = objects.get(i);
      if ("indicator".equals(object.path("type").asText())) {
        readIndicator(object, i + 1, counts, into);
      }
    }
    stats.file(name, KIND_STIX, counts.added, counts.skipped, null);
  }

  private static List<JsonNode> stixObjects(JsonNode root) {
    List<JsonNode> objects = new ArrayList<>();
    if (root.isObject() && "bundle".equals(root.path("type").asText()) && root.path("objects").isArray()) {
      root.get("objects").forEach(objects::add);
    } else if (root.isObject() && "indicator".equals(root.path("type").asText())) {
      objects.add(root);
    } else if (root.isArray()) {
      root.forEach(objects::add);
    } else {
      return null;
    }
    return objects;
  }

  /** Skip and add counts for one STIX file. */
  private static final class StixCounts {
    final String name;
    final InputStats stats;
    long added;
    long skipped;

    StixCounts(String name, InputStats stats) {
      this.name = name;
      this.stats = stats;
    }

    void skip(long index, String label, String reasonKey, String detail) {
      skipped++;
      stats.skip(name, index, reasonKey, name + ", object " + index + " (indicator '" + label + "'): " + detail);
    }
  }

  private static void readIndicator(JsonNode indicator, long index, StixCounts counts, ThreatIntelSet.Builder into) {
    String label = indicator.path("name").asText(indicator.path("id").asText("unnamed"));
    if (indicator.path("revoked").asBoolean(false)) {
      counts.skip(index, label, "revoked STIX indicator", "revoked by its producer, so not used.");
      return;
    }
    String patternType = indicator.path("pattern_type").asText("stix");
    if (!patternType.equals("stix")) {
      counts.skip(index, label, "unsupported STIX pattern type",
          "pattern_type '" + patternType + "' is not read; only STIX patterns with IP addresses are.");
      return;
    }
    String pattern = indicator.path("pattern").asText("");

    StixPattern parsed;
    try {
      parsed = StixPattern.parse(pattern);
    } catch (IllegalArgumentException e) {
      counts.skip(index, label, "unsupported STIX pattern", e.getMessage() + ": '" + pattern + "'.");
      return;
    }
    for (String value : parsed.values()) {
      try {
        into.add(value, counts.name, label);
        counts.added++;
      } catch (IllegalArgumentException e) {
        String reason = e instanceof ThreatIntelSet.NetworkTooBroadException
            ? REASON_TOO_BROAD : "invalid address in STIX pattern";
        counts.skip(index, label, reason, e.getMessage() + ".");
        warnIfTooBroad(e, counts.name + ", object " + index + ": " + e.getMessage() + ".");
      }
    }
    if (!parsed.unsupported().isEmpty()) {
      counts.skip(index, label, "unsupported STIX comparison", "only ipv4-addr:value and ipv6-addr:value"
          + " comparisons are read; skipped " + String.join(", ", parsed.unsupported()) + ".");
    }
  }
}
