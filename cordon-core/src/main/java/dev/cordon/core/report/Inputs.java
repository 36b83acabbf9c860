package dev.cordon.core.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cordon.core.input.InputStats;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accounting of what the investigation read and what it could not, so a reader can judge how
 * complete the verdict is.
 *
 * @param filesRead number of input files opened, including those that failed
 * @param recordsRead records read per input kind (such as {@code flowlogs}, {@code cloudtrail}),
 *     sorted by kind
 * @param recordsSkipped every record skipped as invalid, whatever the reason
 * @param skippedByReason skip counts per reason
 * @param skipSamples the first {@value InputStats#MAX_SAMPLES} skipped records with their messages
 * @param blindSpots periods or sources where evidence is known to be missing
 * @param window per source, the records about the suspect and how many fell in the time window;
 *     empty when no --since or --until was given
 * @param fileErrors files that failed to read, in whole or part
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"filesRead", "recordsRead", "recordsSkipped", "skippedByReason", "skipSamples",
    "blindSpots", "window", "fileErrors", "files"})
public record Inputs(
    int filesRead,
    Map<String, Long> recordsRead,
    long recordsSkipped,
    Map<String, Long> skippedByReason,
    List<SkippedRecord> skipSamples,
    List<BlindSpot> blindSpots,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<WindowCount> window,
    List<FileError> fileErrors,
    List<InputFile> files) {

  /** One skipped record; {@code line} is the line or record index, 0 when not known. */
  @JsonPropertyOrder({"file", "line", "reason"})
  public record SkippedRecord(String file, long line, String reason) {}

  /** A gap in the evidence; {@code from} and {@code to} are null when the gap has no known bounds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"source", "description", "from", "to"})
  public record BlindSpot(String source, String description, Instant from, Instant to) {}

  /**
   * Records of one source about the suspect against the time window. {@code first} and {@code
   * last} are the data's own first and last record times, null when no record was seen.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"source", "records", "inWindow", "first", "last"})
  public record WindowCount(String source, long records, long inWindow, Instant first,
      Instant last) {

    /** Returns whether records were seen and none of them fell in the window. */
    public boolean noneInWindow() {
      return records > 0 && inWindow == 0;
    }
  }

  @JsonPropertyOrder({"path", "error"})
  public record FileError(String path, String error) {}

  /** One input file with the records read from it and skipped in it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"path", "kind", "records", "skipped", "error"})
  public record InputFile(String path, String kind, long records, long skipped, String error) {}

  public Inputs {
    recordsRead = Collections.unmodifiableMap(new TreeMap<>(recordsRead));
    skippedByReason = Collections.unmodifiableMap(new TreeMap<>(skippedByReason));
    skipSamples = List.copyOf(skipSamples);
    blindSpots = List.copyOf(blindSpots);
    window = List.copyOf(window);
    fileErrors = List.copyOf(fileErrors);
    files = List.copyOf(files);
  }

  /** Copies the accounting of one run. */
  public static Inputs from(InputStats stats) {
    List<InputFile> files = stats.files().stream()
        .map(f -> new InputFile(f.path(), f.kind(), f.records(), f.skipped(), f.error()))
        .toList();
    List<FileError> errors = files.stream()
        .filter(f -> f.error() != null)
        .map(f -> new FileError(f.path(), f.error()))
        .toList();
    List<SkippedRecord> samples = stats.skipSamples().stream()
        .map(s -> new SkippedRecord(s.file(), s.line(), s.reason()))
        .toList();
    List<BlindSpot> spots = stats.blindSpots().stream()
        .map(b -> new BlindSpot(b.source(), b.description(), toInstant(b.fromEpochSecond()),
            toInstant(b.toEpochSecond())))
        .toList();
    List<WindowCount> window = stats.windowCounts().stream()
        .map(c -> new WindowCount(c.source(), c.records(), c.inWindow(),
            toInstant(c.firstEpochSecond()), toInstant(c.lastEpochSecond())))
        .toList();
    return new Inputs(files.size(), stats.recordsByKind(), stats.skippedTotal(),
        stats.skippedByReason(), samples, spots, window, errors, files);
  }

  /** Total records read over every kind. */
  public long recordsReadTotal() {
    return recordsRead.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Returns the file errors that no blind spot of the same file already contains. The text and
   * Markdown reports list each read failure once, among the blind spots, because the verdict
   * points the reader there. JSON keeps both lists whole.
   */
  public List<FileError> fileErrorsOutsideBlindSpots() {
    return fileErrors.stream()
        .filter(error -> blindSpots.stream().noneMatch(spot -> describes(spot, error)))
        .toList();
  }

  private static boolean describes(BlindSpot spot, FileError error) {
    return error.path().equals(spot.source()) && spot.description() != null
        && spot.description().contains(error.error());
  }

  /** Returns whether any source has a record about the suspect inside the window. */
  public boolean windowHoldsRecords() {
    return window.stream().anyMatch(count -> count.inWindow() > 0);
  }

  /** Returns the sources whose records about the suspect all fell outside the window. */
  public List<WindowCount> sourcesOutsideWindow() {
    return window.stream().filter(WindowCount::noneInWindow).toList();
  }

  private static Instant toInstant(Long epochSecond) {
    return epochSecond == null ? null : Instant.ofEpochSecond(epochSecond);
  }
}
