package dev.cordon.core.network;

import static dev.cordon.core.network.Flow.LOCAL;
import static dev.cordon.core.network.Flow.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.flowlogs.FlowRecord;
import org.junit.jupiter.api.Test;

class RecordDeduplicatorTest {

  @Test
  void deduplicator_sameRecordTwice_secondDropped() {
    RecordDeduplicator deduplicator = new RecordDeduplicator(1800);
    FlowRecord record = Flow.of(LOCAL, 40000, "198.51.100.7", 443, T0, 500).build();

    assertThat(deduplicator.firstSeen(record)).isTrue();
    assertThat(deduplicator.firstSeen(record)).isFalse();
    assertThat(deduplicator.duplicates()).isEqualTo(1);
  }

  @Test
  void deduplicator_otherInterfaceOrBytes_kept() {
    RecordDeduplicator deduplicator = new RecordDeduplicator(1800);

    assertThat(deduplicator.firstSeen(Flow.of(LOCAL, 1, "198.51.100.7", 443, T0, 500).build()))
        .isTrue();
    assertThat(deduplicator.firstSeen(Flow.of(LOCAL, 1, "198.51.100.7", 443, T0, 501).build()))
        .isTrue();
    assertThat(deduplicator.firstSeen(Flow.of(LOCAL, 1, "198.51.100.7", 443, T0, 500)
        .on("eni-other").build())).isTrue();
  }

  @Test
  void deduplicator_duplicatePastTolerance_countedLate() {
    RecordDeduplicator deduplicator = new RecordDeduplicator(1800);
    FlowRecord old = Flow.of(LOCAL, 40000, "198.51.100.7", 443, T0, 500).build();
    deduplicator.firstSeen(old);
    // the input moves 2 hours on, past 1800 s of tolerance plus one 600 s bucket
    deduplicator.firstSeen(Flow.of(LOCAL, 40001, "198.51.100.7", 443, T0 + 7200, 500).build());

    assertThat(deduplicator.firstSeen(old)).isTrue();
    assertThat(deduplicator.late()).isEqualTo(1);
  }
}
