package dev.cordon.detect.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class BeaconScorerTest {
  private static final long T0 = 1_517_338_924L;
  private static final long DAY = 86_400L;
  private final BeaconScorer scorer = new BeaconScorer();

  /** Timestamp sub-score cases; the intervals are the differences of consecutive starts. */
  static Stream<Arguments> timestampCases() {
    return Stream.of(
        // intervals all 60: Q1 = Q2 = Q3 = 60, skew 0 -> 1; MAD 0 -> 1; (1 + 1) / 2 = 1
        Arguments.of("perfect 60 s", intervals(60, 60, 60, 60, 60, 60, 60, 60, 60),
            0.0, 60.0, 0.0, 1.0),
        // 98 99 99 100 100 100 101 101 102: Q1 99, Q2 100, Q3 101, IQR 2 < 10 -> skew 0 -> 1;
        // MAD = median(2 1 1 0 0 0 1 1 2) = 1 -> 1 - 1/100 = 0.99; (1 + 0.99) / 2 = 0.995
        Arguments.of("close 98..102", intervals(98, 99, 99, 100, 100, 100, 101, 101, 102),
            0.0, 100.0, 1.0, 0.995),
        // five 98 and five 300: Q1 98, Q2 199, Q3 300, numerator 98 + 300 - 398 = 0 -> skew 0;
        // MAD 101 -> 1 - 101/199 = 0.4925; (1 + 0.4925) / 2 = 0.746
        Arguments.of("bimodal 98/300",
            intervals(98, 300, 98, 300, 98, 300, 98, 300, 98, 300), 0.0, 199.0, 101.0, 0.746),
        // 1 2 25 42 90 299 500 1500 4975: Q1 13.5, Q2 90, Q3 1000, skew 833.5 / 986.5 = 0.845
        // -> 0.155; MAD 89 -> 1 - 89/90 = 0.0111; (0.155 + 0.0111) / 2 = 0.083
        Arguments.of("random", intervals(1, 299, 25, 4975, 90, 2, 42, 500, 1500),
            0.845, 90.0, 89.0, 0.083));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("timestampCases")
  void timestampScore_workedExamples(
      String name, long[] starts, double skew, double median, double mad, double score) {
    DispersionScore result = BeaconScorer.timestampScore(starts);

    assertThat(result.bowleySkew()).isCloseTo(skew, within(0.001));
    assertThat(result.median()).isEqualTo(median);
    assertThat(result.mad()).isEqualTo(mad);
    assertThat(result.score()).isEqualTo(score);
  }

  @Test
  void timestampScore_zeroIntervalsDropped() {
    // starts 0 0 60 120 180: intervals 0 60 60 60, the 0 is dropped, 3 intervals of 60 remain
    DispersionScore result = BeaconScorer.timestampScore(new long[] {0, 0, 60, 120, 180});

    assertThat(result.values()).isEqualTo(3);
    assertThat(result.score()).isEqualTo(1.0);
  }

  @Test
  void timestampScore_fewerThanThreeIntervals_rejected() {
    assertThatThrownBy(() -> BeaconScorer.timestampScore(new long[] {60, 60, 60, 120}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-zero intervals");
  }

  static Stream<Arguments> dataSizeCases() {
    return Stream.of(
        // 1..10: Q1 3, Q2 5.5, Q3 8, numerator 3 + 8 - 11 = 0 -> skew 0 -> 1;
        // MAD = median(4.5 3.5 2.5 1.5 0.5 0.5 1.5 2.5 3.5 4.5) = 2.5 -> 1 - 2.5/5.5 = 0.5455;
        // (1 + 0.5455) / 2 = 0.773
        Arguments.of("sizes 1..10", new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 2.5, 0.773),
        // identical: MAD 0 -> 1, skew 0 -> 1
        Arguments.of("identical", new long[] {60, 60, 60, 60, 60, 60, 60, 60, 60}, 60.0, 0.0, 1.0),
        // median 0 < 1: dispersion part is 0, skew part 1; (1 + 0) / 2 = 0.5
        Arguments.of("all empty", new long[] {0, 0, 0, 0}, 0.0, 0.0, 0.5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dataSizeCases")
  void dataSizeScore_workedExamples(
      String name, long[] sizes, double median, double mad, double score) {
    DispersionScore result = BeaconScorer.dataSizeScore(sizes);

    assertThat(result.median()).isEqualTo(median);
    assertThat(result.mad()).isEqualTo(mad);
    assertThat(result.score()).isEqualTo(score);
  }

  @Test
  void dataSizeScore_modeReported() {
    DispersionScore result = BeaconScorer.dataSizeScore(new long[] {7, 5, 5, 9, 7, 5});

    assertThat(result.mode()).isEqualTo(5);
    assertThat(result.modeCount()).isEqualTo(3);
  }

  @Test
  void score_perfectBeaconOverDay_scoresOne() {
    // every 300 s for 24 h: 288 connections, 12 in each hourly bin, 500 bytes each.
    // ts: all intervals 300 -> 1. ds: identical -> 1.
    // hist: CV 0 -> 1. dur: coverage (86100 / 86400 = 0.9965, up to 0.997), run 24 / 12 -> 1.
    // total 0.25 * (1 + 1 + 1 + 1) = 1
    long[] starts = every(T0, 300, 288);
    BeaconScore result = scorer.score(starts, constant(500, 288), T0, T0 + DAY);

    assertThat(result.status()).isEqualTo(BeaconScore.Status.SCORED);
    assertThat(result.timestamp().score()).isEqualTo(1.0);
    assertThat(result.dataSize().score()).isEqualTo(1.0);
    assertThat(result.histogram().cvScore()).isEqualTo(1.0);
    assertThat(result.duration().coverage()).isEqualTo(0.997);
    assertThat(result.duration().consistency()).isEqualTo(1.0);
    assertThat(result.score()).isEqualTo(1.0);
  }

  @Test
  void score_sixHoursOfDay_durationAndHistogramLow() {
    // every 300 s for the first 6 h of a 24 h window: 72 connections, bins 12 x6 then 0 x18.
    // hist: mean 3, variance (6 * 81 + 18 * 9) / 24 = 27, std 5.196, CV 1.732 > 1 -> 0;
    //   6 non-empty bins < 11, no bimodal fit -> hist 0.
    // dur: coverage 21300 / 86400 = 0.2465 -> 0.247; run 6 / 12 = 0.5 -> dur 0.5.
    // total = 0.25 * 1 + 0.25 * 1 + 0.25 * 0.5 + 0.25 * 0 = 0.625
    BeaconScore result = scorer.score(every(T0, 300, 72), constant(500, 72), T0, T0 + DAY);

    assertThat(result.histogram().coefficientOfVariation()).isCloseTo(1.732, within(0.001));
    assertThat(result.histogram().score()).isEqualTo(0.0);
    assertThat(result.duration().coverage()).isEqualTo(0.247);
    assertThat(result.duration().consistency()).isEqualTo(0.5);
    assertThat(result.score()).isEqualTo(0.625);
  }

  @Test
  void histogramScore_dayAndNightLevels_bimodalFitOne() {
    // 10 connections in each of the first 12 hours, 2 in each of the last 12.
    // CV: mean 6, std 4, CV 0.667 -> 0.333. Bimodal: width ceil(10 * 0.05) = 1, levels 10 and 2
    // hold 12 bins each: (12 + 12) / (24 - 1) = 1.043, capped 1. hist = max(0.333, 1) = 1
    long[] starts = new long[12 * 10 + 12 * 2];
    int i = 0;
    for (int hour = 0; hour < 24; hour++) {
      int perHour = hour < 12 ? 10 : 2;
      for (int k = 0; k < perHour; k++) {
        starts[i++] = T0 + hour * 3600L + k * (3600L / perHour);
      }
    }
    HistogramScore result = BeaconScorer.histogramScore(starts, T0, T0 + DAY);

    assertThat(result.cvScore()).isEqualTo(0.333);
    assertThat(result.bimodalBucketWidth()).isEqualTo(1);
    assertThat(result.bimodalFit()).isEqualTo(1.0);
    assertThat(result.score()).isEqualTo(1.0);
  }

  @Test
  void binCounts_innerEdgeGoesToLaterBin() {
    // window 0..2400, bins of 100 s: 100 is the second bin's first second, 2400 the last bin
    int[] bins = BeaconScorer.binCounts(new long[] {0, 99, 100, 2400}, 0, 2400);

    assertThat(bins[0]).isEqualTo(2);
    assertThat(bins[1]).isEqualTo(1);
    assertThat(bins[23]).isEqualTo(1);
  }

  @Test
  void longestRun_wrapsFromLastBinToFirst() {
    // bins 0-2 and 21-23 active: run 21, 22, 23, 0, 1, 2 = 6
    long[] starts = {0, 100, 200, 2100, 2200, 2300};
    HistogramScore histogram = BeaconScorer.histogramScore(starts, 0, 2400);

    assertThat(BeaconScorer.longestRun(histogram)).isEqualTo(6);
  }

  @Test
  void score_threeDistinctSeconds_tooFew() {
    BeaconScore result = scorer.score(new long[] {0, 0, 60, 120}, new long[] {1, 1, 1, 1}, 0, 200);

    assertThat(result.status()).isEqualTo(BeaconScore.Status.TOO_FEW_CONNECTIONS);
    assertThat(result.uniqueTimestamps()).isEqualTo(3);
    assertThat(result.timestamp()).isNull();
  }

  @Test
  void score_oneConnectionPerSecondForADay_strobe() {
    long[] starts = every(T0, 1, 86_400);
    BeaconScore result = scorer.score(starts, constant(60, 86_400), T0, T0 + DAY);

    assertThat(result.status()).isEqualTo(BeaconScore.Status.STROBE);
    assertThat(result.score()).isEqualTo(0.0);
  }

  @Test
  void score_invalidInput_rejected() {
    assertThatThrownBy(() -> scorer.score(new long[] {2, 1, 3, 4}, new long[4], 0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not sorted");
    assertThatThrownBy(() -> scorer.score(new long[] {1, 2}, new long[3], 0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte counts");
    assertThatThrownBy(() -> scorer.score(new long[] {1, 20}, new long[2], 0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the window");
    assertThatThrownBy(() -> scorer.score(new long[0], new long[0], 10, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not after");
  }

  private static long[] intervals(long... intervals) {
    long[] starts = new long[intervals.length + 1];
    starts[0] = T0;
    for (int i = 0; i < intervals.length; i++) {
      starts[i + 1] = starts[i] + intervals[i];
    }
    Arrays.sort(starts);
    return starts;
  }

  private static long[] every(long first, long period, int count) {
    long[] starts = new long[count];
    for (int i = 0; i < count; i++) {
      starts[i] = first + i * period;
    }
    return starts;
  }

  private static long[] constant(long value, int count) {
    long[] values = new long[count];
    Arrays.fill(values, value);
    return values;
  }
}
