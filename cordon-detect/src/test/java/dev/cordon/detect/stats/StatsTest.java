package dev.cordon.detect.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void median_oddAndEvenCounts() {
    assertThat(Stats.median(new double[] {1, 2, 9})).isEqualTo(2);
    // even count: mean of the middle two, (2 + 4) / 2 = 3
    assertThat(Stats.median(new double[] {1, 2, 4, 9})).isEqualTo(3);
  }

  @Test
  void quartiles_oddCount_excludesMedianFromHalves() {
    // 1 2 25 42 | 90 | 299 500 1500 4975: Q1 = (2 + 25) / 2, Q3 = (500 + 1500) / 2
    Quartiles q = Stats.quartiles(new double[] {1, 2, 25, 42, 90, 299, 500, 1500, 4975});

    assertThat(q.q1()).isEqualTo(13.5);
    assertThat(q.q2()).isEqualTo(90);
    assertThat(q.q3()).isEqualTo(1000);
    assertThat(q.range()).isEqualTo(986.5);
  }

  @Test
  void quartiles_evenCount_splitsInHalves() {
    // 1..5 | 6..10: Q1 = 3, Q2 = (5 + 6) / 2, Q3 = 8
    Quartiles q = Stats.quartiles(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});

    assertThat(q.q1()).isEqualTo(3);
    assertThat(q.q2()).isEqualTo(5.5);
    assertThat(q.q3()).isEqualTo(8);
  }

  @Test
  void quartiles_oneValue_rejected() {
    assertThatThrownBy(() -> Stats.quartiles(new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void medianAbsoluteDeviation_randomIntervals() {
    // median 90; |x - 90| = 89 88 65 48 0 209 410 1410 4885, sorted middle = 89
    double mad = Stats.medianAbsoluteDeviation(
        new double[] {1, 2, 25, 42, 90, 299, 500, 1500, 4975});

    assertThat(mad).isEqualTo(89);
  }

  @Test
  void coefficientOfVariation_populationDeviation() {
    // mean 6; deviations -4 and +4 each half the time: std 4, CV 4 / 6
    assertThat(Stats.coefficientOfVariation(new int[] {2, 10, 2, 10}))
        .isCloseTo(0.6667, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(Stats.coefficientOfVariation(new int[] {0, 0})).isNaN();
  }

  @Test
  void round3AndCeil3_roundToThousandths() {
    assertThat(Stats.round3(0.7462)).isEqualTo(0.746);
    assertThat(Stats.round3(0.9995)).isEqualTo(1.0);
    assertThat(Stats.ceil3(0.2461)).isEqualTo(0.247);
    assertThat(Stats.ceil3(0.5)).isEqualTo(0.5);
  }
}
