package dev.cordon.detect.beacon;

/**
 * The beacon score of one host pair with every number it was computed from.
 *
 * <p>Only a {@link Status#SCORED} result carries sub-scores; the others have {@code score} 0 and
 * null parts.
 *
 * @param connections connections given, duplicates of a start second included
 * @param uniqueTimestamps distinct connection start seconds
 * @param score {@code round3(0.25 * timestamp + 0.25 * dataSize + 0.25 * duration + 0.25 *
 *     histogram)}, 0 to 1
 * @param timestamp regularity of the intervals between connection starts
 * @param dataSize regularity of the bytes the originator sent per connection
 * @param histogram flatness of the connection counts over the window's 24 bins
 * @param duration coverage and persistence over the window
 */
public record BeaconScore(
    Status status,
    int connections,
    int uniqueTimestamps,
    double score,
    DispersionScore timestamp,
    DispersionScore dataSize,
    HistogramScore histogram,
    DurationScore duration) {

  /** Whether the pair was scored. */
  public enum Status {
    SCORED,
    /** Fewer than 4 distinct start seconds: too few to call regular. */
    TOO_FEW_CONNECTIONS,
    /**
     * At least 86,400 connections in the window, one a second on average: a strobe, reported on its
     * own rather than scored as a beacon.
     */
    STROBE
  }

  static BeaconScore unscored(Status status, int connections, int uniqueTimestamps) {
    return new BeaconScore(status, connections, uniqueTimestamps, 0, null, null, null, null);
  }
}
