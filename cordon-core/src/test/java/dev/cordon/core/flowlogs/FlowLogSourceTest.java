package dev.cordon.core.flowlogs;

import static dev.cordon.core.flowlogs.FlowLogTesting.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.input.InputStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    // the SKIPDATA window and the file whose only record was skipped, each once
    assertThat(stats.blindSpots()).hasSize(2);
  }

  @Test
  void scan_duplicateRecords_deliveredOnce(@TempDir Path dir) throws IOException {
    String header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes"
        + " start end action log-status";
    String beacon = "2 123456789010 eni-1 10.0.1.55 203.0.113.100 40000 443 6 3 300 1418530010 1418530070 ACCEPT OK";
    String other = "2 123456789010 eni-1 10.0.1.55 198.51.100.7 40001 443 6 3 500 1418530010 1418530070 ACCEPT OK";
    String later = "2 123456789010 eni-1 10.0.1.55 203.0.113.100 40002 443 6 3 300 1418530070 1418530130 ACCEPT OK";
    Path s3 = Files.writeString(dir.resolve("a.log"), header + "\n" + beacon + "\n" + other + "\n");
    // A CRLF copy that overlaps the first file and goes on a window further.
    Path export = Files.writeString(dir.resolve("b.log"), header + "\r\n" + other + "\r\n" + later + "\r\n");
    InputStats stats = new InputStats();
    FlowRecordFilter suspect = FlowRecordFilter.matchAny(List.of("srcaddr", "dstaddr"), List.of("10.0.1.55"));
    List<FlowRecord> records = new ArrayList<>();

    new FlowLogSource(List.of(s3, export), FlowLogOptions.defaults(), stats).scan(suspect, records::add);

    assertThat(records).extracting(FlowRecord::srcPort).containsExactly(40000, 40001, 40002);
    assertThat(stats.skippedByReason()).containsExactly(Map.entry(DuplicateRecords.REASON, 1L));
    assertThat(stats.skipSamples()).singleElement().satisfies(skip -> {
      assertThat(skip.file()).isEqualTo(export.toString());
      assertThat(skip.line()).isEqualTo(2);
      assertThat(skip.reason()).startsWith(export + " line 2: the same record as an earlier line");
    });
  }
}
