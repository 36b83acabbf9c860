package dev.cordon.core.input;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounting of everything read in one run: files, records, skipped records with their reasons, and
 * blind spots (periods or sources where evidence is known to be missing). Thread-safe, because
 * readers may run in parallel. Only the first {@value #MAX_SAMPLES} skipped records are kept as
 * examples; every skip is counted.
 */
public final class InputStats {
  public static final int MAX_SAMPLES = 20;

  /** Longest skip message kept; longer ones are cut with a note of their length. */
  public static final int MAX_DETAIL_CHARS = 500;

  /** One skipped record, with where it was and why. {@code line} is 0 when not known. */
  public record Skip(String file, long line, String reason) {}

  /** A gap in the evidence, such as a SKIPDATA flow-log window or a file that failed half way. */
  public record BlindSpot(String source, String description, Long fromEpochSecond, Long toEpochSecond) {}

  /**
   * Records of one source about the suspect against the time window: how many were seen, how many
   * fell inside, and the first and last record times (epoch seconds, null when none was seen).
   */
  public record WindowCount(String source, long records, long inWindow, Long firstEpochSecond,
      Long lastEpochSecond) {}

  /** One input file and what came of it. */
  public record FileEntry(String path, String kind, long records, long skipped, String error) {}

  private final Map<String, FileEntry> files = new LinkedHashMap<>();
  private final Map<String, AtomicLong> recordsByKind = new LinkedHashMap<>();
  private final Map<String, AtomicLong> skippedByReason = new LinkedHashMap<>();
  private final List<Skip> skipSamples = new ArrayList<>();
  private final List<BlindSpot> blindSpots = new ArrayList<>();
  private final List<WindowCount> windowCounts = new ArrayList<>();
  private final AtomicLong skippedTotal = new AtomicLong();

  /** Records that a file was read as {@code kind}, with its counts, or the error that stopped it. */
  public synchronized void file(String path, String kind, long records, long skipped, String error) {
    files.put(path, new FileEntry(path, kind, records, skipped, error));
    recordsByKind.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(records);
  }

  /**
   * Counts one skipped record. {@code reasonKey} groups skips in the summary (for example
   * "invalid port"); {@code detail} is the full message shown for the first samples.
   */
  public synchronized void skip(String file, long line, String reasonKey, String detail) {
    skippedTotal.incrementAndGet();
    skippedByReason.computeIfAbsent(reasonKey, k -> new AtomicLong()).incrementAndGet();
    if (skipSamples.size() < MAX_SAMPLES) {
      skipSamples.add(new Skip(file, line, capped(detail)));
    }
  }

  /** Cuts a message that quotes a huge value (a 100 KB line, say) to a readable length. */
  private static String capped(String detail) {
    if (detail == null || detail.length() <= MAX_DETAIL_CHARS) {
      return detail;
    }
    return detail.substring(0, MAX_DETAIL_CHARS) + "... (" + detail.length() + " characters in all)";
  }

  public synchronized void blindSpot(BlindSpot spot) {
    blindSpots.add(spot);
  }

  public synchronized void windowCount(WindowCount count) {
    windowCounts.add(count);
  }

  public synchronized List<WindowCount> windowCounts() {
    return List.copyOf(windowCounts);
  }

  public synchronized List<FileEntry> files() {
    return List.copyOf(files.values());
  }

  public synchronized Map<String, Long> recordsByKind() {
    Map<String, Long> copy = new LinkedHashMap<>();
    recordsByKind.forEach((k, v) -> copy.put(k, v.get()));
    return Collections.unmodifiableMap(copy);
  }

  public synchronized Map<String, Long> skippedByReason() {
    Map<String, Long> copy = new LinkedHashMap<>();
    skippedByReason.forEach((k, v) -> copy.put(k, v.get()));
    return Collections.unmodifiableMap(copy);
  }

  public long skippedTotal() {
    return skippedTotal.get();
  }

  public synchronized List<Skip> skipSamples() {
    return List.copyOf(skipSamples);
  }

  public synchronized List<BlindSpot> blindSpots() {
    return List.copyOf(blindSpots);
  }
}
