package dev.cordon.detect.stats;

import java.util.Arrays;

/**
 * Order statistics over plain arrays. Every method takes values sorted in ascending order and
 * leaves the array unchanged; sorting is the caller's job so a list shared by several statistics is
 * sorted once.
 */
public final class Stats {
  private Stats() {}

  /** Returns the median: the middle value, or the mean of the two middle values for an even count. */
  public static double median(double[] sorted) {
    return median(sorted, 0, sorted.length);
  }

  /**
   * Returns the median absolute deviation: the median of {@code |x - median|}, unscaled (no 1.4826
   * factor).
   */
  public static double medianAbsoluteDeviation(double[] sorted) {
    requireValues(sorted);
    double center = median(sorted);
    double[] deviations = new double[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      deviations[i] = Math.abs(sorted[i] - center);
    }
    Arrays.sort(deviations);
    return median(deviations);
  }

  /**
   * Returns the quartiles by the median-of-halves method: Q1 is the median of the values below the
   * median, Q3 the median of those above; for an odd count the middle value belongs to neither half.
   * This is the method of the Go package {@code montanaflynn/stats} that RITA uses, so scores match.
   *
   * @throws IllegalArgumentException when fewer than 2 values are given
   */
  public static Quartiles quartiles(double[] sorted) {
    if (sorted.length < 2) {
      throw new IllegalArgumentException(
          "quartiles need at least 2 values, got " + sorted.length);
    }
    int n = sorted.length;
    int lowerEnd = n / 2;
    int upperStart = n % 2 == 0 ? n / 2 : n / 2 + 1;
    return new Quartiles(
        median(sorted, 0, lowerEnd), median(sorted), median(sorted, upperStart, n));
  }

  /** Returns the population standard deviation divided by the mean, or NaN when the mean is 0. */
  public static double coefficientOfVariation(int[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("coefficient of variation needs at least one value");
    }
    double sum = 0;
    for (int value : values) {
      sum += value;
    }
    double mean = sum / values.length;
    double squares = 0;
    for (int value : values) {
      squares += (value - mean) * (value - mean);
    }
    double deviation = Math.sqrt(squares / values.length);
    return deviation / Math.abs(mean);
  }

  /** Returns {@code value} rounded half up to 3 decimals, for non-negative scores. */
  public static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** Returns {@code value} rounded up to 3 decimals. */
  public static double ceil3(double value) {
    return Math.ceil(value * 1000) / 1000.0;
  }

  private static double median(double[] sorted, int from, int to) {
    int count = to - from;
    if (count <= 0) {
      throw new IllegalArgumentException("median of no values");
    }
    int middle = from + count / 2;
    if (count % 2 == 1) {
      return sorted[middle];
    }
    return (sorted[middle - 1] + sorted[middle]) / 2.0;
  }

  private static void requireValues(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("statistic of no values");
    }
  }
}
