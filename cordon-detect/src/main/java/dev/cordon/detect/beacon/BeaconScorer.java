package dev.cordon.detect.beacon;

import static dev.cordon.detect.stats.Stats.ceil3;
import static dev.cordon.detect.stats.Stats.round3;

import dev.cordon.detect.stats.Quartiles;
import dev.cordon.detect.stats.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores how much the connections of one host pair look like a beacon, with the maths and default
 * constants of RITA v5 (Active Countermeasures, {@code analysis/beacons.go}, v5.1): four sub-scores
 * (timestamp, data size, histogram, duration) weighted 0.25 each.
 *
 * <p>Inputs are plain numbers so a batch job can call this without any other Cordon type: the
 * connection start times in epoch seconds, sorted ascending; the bytes the originator sent in each
 * connection, in the same order; and the scoring window. RITA scores the last 24 hours of a data set,
 * so the window is normally 24 hours long, and its 24 histogram bins are then hours. The scorer is
 * stateless and thread-safe.
 */
public final class BeaconScorer {
  /** Fewest distinct start seconds worth scoring; RITA does not allow a lower setting. */
  public static final int MIN_UNIQUE_TIMESTAMPS = 4;
  /** Connections in one window from which a pair is a strobe instead of a beacon. */
  public static final int STROBE_CONNECTIONS = 86_400;
  public static final int HISTOGRAM_BINS = 24;
  public static final double WEIGHT = 0.25;

  static final int MIN_NON_ZERO_INTERVALS = 3;
  static final int MIN_SIZES = 3;
  static final double SKEW_MIN_INTERQUARTILE_RANGE = 10;
  static final double MODE_SENSITIVITY = 0.05;
  static final int BIMODAL_OUTLIER_BINS = 1;
  static final int BIMODAL_MIN_BINS = 11;
  static final int DURATION_MIN_BINS = 6;
  static final int DURATION_IDEAL_RUN = 12;

  /**
   * Scores one pair.
   *
   * @param startTimes connection start times in epoch seconds, sorted ascending, all within the
   *     window (both ends included)
   * @param originatorBytes bytes the originator sent per connection, same length and order
   * @param windowStart first second of the window
   * @param windowEnd last second of the window, after {@code windowStart}
   * @throws IllegalArgumentException when the inputs break these rules
   */
  public BeaconScore score(
      long[] startTimes, long[] originatorBytes, long windowStart, long windowEnd) {
    validate(startTimes, originatorBytes, windowStart, windowEnd);

    int connections = startTimes.length;
    int unique = countUnique(startTimes);
    if (connections >= STROBE_CONNECTIONS) {
      return BeaconScore.unscored(BeaconScore.Status.STROBE, connections, unique);
    }
    if (unique < MIN_UNIQUE_TIMESTAMPS) {
      return BeaconScore.unscored(BeaconScore.Status.TOO_FEW_CONNECTIONS, connections, unique);
    }

    DispersionScore timestamp = timestampScore(startTimes);
    DispersionScore dataSize = dataSizeScore(originatorBytes);
    HistogramScore histogram = histogramScore(startTimes, windowStart, windowEnd);
    DurationScore duration = durationScore(
        startTimes, windowStart, windowEnd, histogram.nonEmptyBins(), longestRun(histogram));

    double total = round3(timestamp.score() * WEIGHT + dataSize.score() * WEIGHT
        + duration.score() * WEIGHT + histogram.score() * WEIGHT);
    return new BeaconScore(BeaconScore.Status.SCORED, connections, unique, total, timestamp,
        dataSize, histogram, duration);
  }

  /**
   * Scores the intervals between consecutive starts. Zero intervals (two connections in the same
   * second) are dropped, because they say nothing about the period; a median below 1 s cannot
   * happen then, and would score 1 for dispersion.
   */
  static DispersionScore timestampScore(long[] startTimes) {
    List<Double> intervals = new ArrayList<>();
    for (int i = 1; i < startTimes.length; i++) {
      long interval = startTimes[i] - startTimes[i - 1];
      if (interval > 0) {
        intervals.add((double) interval);
      }
    }
    if (intervals.size() < MIN_NON_ZERO_INTERVALS) {
      throw new IllegalArgumentException("timestamp score needs at least "
          + MIN_NON_ZERO_INTERVALS + " non-zero intervals, got " + intervals.size());
    }
    return dispersion(toSortedArray(intervals), 1.0);
  }

  /**
   * Scores the per-connection sizes. Zero sizes are kept, and a median below 1 byte scores 0 for
   * dispersion, so empty connections do not look regular.
   */
  static DispersionScore dataSizeScore(long[] originatorBytes) {
    if (originatorBytes.length < MIN_SIZES) {
      throw new IllegalArgumentException("data size score needs at least " + MIN_SIZES
          + " connections, got " + originatorBytes.length);
    }
    double[] sizes = new double[originatorBytes.length];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = originatorBytes[i];
    }
    Arrays.sort(sizes);
    return dispersion(sizes, 0.0);
  }

  static DispersionScore dispersion(double[] sorted, double madScoreWhenMedianBelowOne) {
    Quartiles quartiles = Stats.quartiles(sorted);
    double skew = 0;
    boolean reliable = quartiles.range() >= SKEW_MIN_INTERQUARTILE_RANGE
        && quartiles.q2() != quartiles.q1()
        && quartiles.q2() != quartiles.q3();
    if (reliable) {
      skew = (quartiles.q1() + quartiles.q3() - 2 * quartiles.q2()) / quartiles.range();
    }
    double skewScore = 1 - Math.abs(skew);

    double median = quartiles.q2();
    double mad = Stats.medianAbsoluteDeviation(sorted);
    double madScore = median >= 1 ? (median - mad) / median : madScoreWhenMedianBelowOne;
    if (madScore < 0 || Double.isNaN(madScore)) {
      madScore = 0;
    }

    double[] mode = mode(sorted);
    return new DispersionScore(round3((skewScore + madScore) / 2), sorted.length, quartiles, skew,
        skewScore, median, mad, madScore, mode[0], (int) mode[1]);
  }

  static HistogramScore histogramScore(long[] startTimes, long windowStart, long windowEnd) {
    int[] bins = binCounts(startTimes, windowStart, windowEnd);
    int nonEmpty = 0;
    int largest = 0;
    for (int count : bins) {
      if (count > 0) {
        nonEmpty++;
      }
      largest = Math.max(largest, count);
    }

    double cv = Stats.coefficientOfVariation(bins);
    double cvScore = cv > 1 ? 0 : Math.min(1, round3(1 - cv));

    int bucketWidth = (int) Math.ceil(largest * MODE_SENSITIVITY);
    double bimodal = nonEmpty >= BIMODAL_MIN_BINS ? bimodalFit(bins, bucketWidth, nonEmpty) : 0;

    List<Integer> counts = new ArrayList<>(bins.length);
    for (int count : bins) {
      counts.add(count);
    }
    return new HistogramScore(
        Math.max(cvScore, bimodal), counts, nonEmpty, cv, cvScore, bucketWidth, bimodal);
  }

  /**
   * Counts connections per bin. Bin edges are {@code windowStart + i * (windowEnd - windowStart) /
   * 24}; a start equal to an inner edge belongs to the later bin, and one at {@code windowEnd} to
   * the last bin.
   */
  static int[] binCounts(long[] startTimes, long windowStart, long windowEnd) {
    double step = (double) (windowEnd - windowStart) / HISTOGRAM_BINS;
    double[] upperEdges = new double[HISTOGRAM_BINS];
    for (int i = 0; i < HISTOGRAM_BINS - 1; i++) {
      upperEdges[i] = windowStart + (i + 1) * step;
    }
    upperEdges[HISTOGRAM_BINS - 1] = windowEnd;

    int[] bins = new int[HISTOGRAM_BINS];
    int bin = 0;
    for (long start : startTimes) {
      while (bin < HISTOGRAM_BINS - 1 && start >= upperEdges[bin]) {
        bin++;
      }
      bins[bin]++;
    }
    return bins;
  }

  /**
   * Returns the share of non-empty bins whose height is one of the two most common levels, where
   * heights are grouped into levels {@code floor(h / width) * width}. One bin is forgiven as an
   * outlier.
   */
  static double bimodalFit(int[] bins, int bucketWidth, int nonEmpty) {
    Map<Integer, Integer> binsPerLevel = new HashMap<>();
    for (int count : bins) {
      if (count > 0) {
        binsPerLevel.merge(count / bucketWidth * bucketWidth, 1, Integer::sum);
      }
    }
    int first = 0;
    int second = 0;
    for (int levelBins : binsPerLevel.values()) {
      if (levelBins > first) {
        second = first;
        first = levelBins;
      } else if (levelBins > second) {
        second = levelBins;
      }
    }
    double denominator = Math.max(nonEmpty - BIMODAL_OUTLIER_BINS, 1);
    return Math.min(1, round3((first + second) / denominator));
  }

  static int longestRun(HistogramScore histogram) {
    List<Integer> bins = histogram.binCounts();
    int longest = 0;
    int current = 0;
    for (int i = 0; i < bins.size() * 2; i++) {
      if (bins.get(i % bins.size()) > 0) {
        current++;
        longest = Math.max(longest, current);
      } else {
        current = 0;
      }
    }
    return Math.min(longest, bins.size());
  }

  static DurationScore durationScore(
      long[] startTimes, long windowStart, long windowEnd, int nonEmptyBins, int longestRun) {
    if (nonEmptyBins < DURATION_MIN_BINS) {
      return new DurationScore(0, 0, longestRun, 0);
    }
    double span = startTimes[startTimes.length - 1] - startTimes[0];
    double coverage = Math.min(1, ceil3(span / (windowEnd - windowStart)));
    double consistency = Math.min(1, ceil3((double) longestRun / DURATION_IDEAL_RUN));
    return new DurationScore(Math.max(coverage, consistency), coverage, longestRun, consistency);
  }

  /** Returns {mode, count} of a sorted array; the smallest value wins a tie. */
  private static double[] mode(double[] sorted) {
    double best = sorted[0];
    int bestCount = 0;
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j < sorted.length && sorted[j] == sorted[i]) {
        j++;
      }
      if (j - i > bestCount) {
        best = sorted[i];
        bestCount = j - i;
      }
      i = j;
    }
    return new double[] {best, bestCount};
  }

  private static int countUnique(long[] sorted) {
    int unique = sorted.length == 0 ? 0 : 1;
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] != sorted[i - 1]) {
        unique++;
      }
    }
    return unique;
  }

  private static double[] toSortedArray(List<Double> values) {
    double[] array = new double[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    Arrays.sort(array);
    return array;
  }

  private static void validate(
      long[] startTimes, long[] originatorBytes, long windowStart, long windowEnd) {
    if (startTimes.length != originatorBytes.length) {
      throw new IllegalArgumentException("got " + startTimes.length + " start times but "
          + originatorBytes.length + " byte counts; give one of each per connection");
    }
    if (windowEnd <= windowStart) {
      throw new IllegalArgumentException(
          "window end " + windowEnd + " is not after window start " + windowStart);
    }
    for (int i = 0; i < startTimes.length; i++) {
      if (i > 0 && startTimes[i] < startTimes[i - 1]) {
        throw new IllegalArgumentException("start times are not sorted: " + startTimes[i - 1]
            + " comes before " + startTimes[i] + " at index " + i);
      }
      if (startTimes[i] < windowStart || startTimes[i] > windowEnd) {
        throw new IllegalArgumentException("start time " + startTimes[i] + " at index " + i
            + " is outside the window " + windowStart + ".." + windowEnd);
      }
    }
  }
}
