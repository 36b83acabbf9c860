package dev.cordon.core.flowlogs;

import static dev.cordon.core.flowlogs.FlowLogTesting.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.input.InputStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowLogSourceTest {

  @Test
  void scan_twice_deliversBothTimesCountsOnce() {
    InputStats stats = new InputStats();
    FlowLogSource source = new FlowLogSource(
        List.of(sample("aws-doc_v2-default_nodata-skipdata.log"), sample("otel-contrib_too-few-fields.log")),
        FlowLogOptions.defaults(), stats);
    List<FlowRecord> first = new ArrayList<>();
    List<FlowRecord> second = new ArrayList<>();

    source.scan(first::add);
    source.scan(second::add);

    assertThat(first).hasSize(2);
    assertThat(second).isEqualTo(first);
    assertThat(stats.files()).hasSize(2);
    assertThat(stats.recordsByKind()).containsEntry("vpc-flow-logs", 2L);
    assertThat(stats.skippedTotal()).isEqualTo(1);
    assertThat(stats.blindSpots()).hasSize(1);
  }
}
