package dev.cordon.core.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.input.InputStats;
import dev.cordon.core.scope.Scope;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowCoverageTest {

  private static Scope since(String since) {
    return new Scope("i-0abc123def456", null, Set.of(), Set.of("10.0.0.5"), Set.of(), Set.of(), null, Set.of(),
        Instant.parse(since), null);
  }

  @Test
  void record_sinceAfterData_namesOpenWindow() {
    WindowCoverage coverage = new WindowCoverage("flow-log", since("2026-01-02T00:00:00Z"));
    // 1418530010 is 2014-12-14T04:06:50Z.
    coverage.add(1418530010L, 1418530070L);

    String blindSpot = coverage.record(new InputStats());

    assertThat(blindSpot).contains("fall in the window from 2026-01-02T00:00:00Z, open-ended:");
    assertThat(blindSpot).doesNotContain("last record");
  }

  @Test
  void record_recordInside_noBlindSpot() {
    WindowCoverage coverage = new WindowCoverage("flow-log", since("2014-01-01T00:00:00Z"));
    coverage.add(1418530010L, 1418530070L);

    assertThat(coverage.record(new InputStats())).isNull();
  }
}
