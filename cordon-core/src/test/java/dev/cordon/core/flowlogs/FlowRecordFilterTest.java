package dev.cordon.core.flowlogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The byte-level scope test must never change an answer: a filtered scan delivers exactly the
 * records of an unfiltered scan that the filter keeps, with the same stats, on every sample.
 */
class FlowRecordFilterTest {
  private static final String HEADER =
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

  @TempDir
  Path dir;

  static Stream<Path> samples() throws IOException, URISyntaxException {
    Path folder = Path.of(FlowRecordFilterTest.class.getResource("/samples/flowlogs/").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> !f.getFileName().toString().equals("README.md")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void scan_eachSampleValue_sameAsParsedFilter(Path sample) {
    Scan all = scan(List.of(sample), FlowRecordFilter.all(), 1);

    for (FlowRecordFilter filter : filtersFrom(all.records())) {
      Scan filtered = scan(List.of(sample), filter, 1);

      assertThat(filtered.records()).as("%s", filter).isEqualTo(all.records().stream().filter(filter::test).toList());
      assertSameStats(filtered.stats(), all.stats());
    }
  }

  @Test
  void scan_manyFilesParallel_sameOrderAsSequential() throws IOException {
    List<Path> files = new ArrayList<>();
    for (int f = 0; f < 7; f++) {
      StringBuilder text = new StringBuilder(HEADER).append('\n');
      for (int i = 0; i < 3000; i++) {
        String source = i % 50 == 0 ? "10.0.1.55" : "10.0.2." + (i % 200 + 1);
        text.append("2 123456789010 eni-").append(f).append(' ').append(source).append(" 10.1.0.").append(i % 9 + 1)
            .append(" 40000 443 6 1 ").append(i).append(" 1418530010 1418530070 ACCEPT OK\n");
      }
      text.append("2 bad line\n");
      Path file = dir.resolve("part-" + f + (f % 2 == 0 ? ".log.gz" : ".log"));
      Files.write(file, f % 2 == 0 ? gzip(text.toString()) : text.toString().getBytes(StandardCharsets.UTF_8));
      files.add(file);
    }
    FlowRecordFilter filter = FlowRecordFilter.matchAny(List.of("srcaddr", "dstaddr"), List.of("10.0.1.55"));

    Scan sequential = scan(files, filter, 1);
    Scan parallel = scan(files, filter, 3);

    // 3000 lines per file, every 50th from 10.0.1.55: 60 per file, 420 in all.
    assertThat(sequential.records()).hasSize(420);
    assertThat(parallel.records()).isEqualTo(sequential.records());
    assertThat(parallel.stats().files()).isEqualTo(sequential.stats().files());
    assertThat(parallel.stats().skipSamples()).isEqualTo(sequential.stats().skipSamples());
    assertThat(parallel.stats().recordsByKind()).containsEntry("vpc-flow-logs", 7 * 3000L);
  }

  @ParameterizedTest
  @CsvSource({"101", "997", "4096"})
  void scan_plainFileInChunks_sameAsSequential(long chunkBytes) throws IOException {
    StringBuilder text = new StringBuilder("\uFEFF").append(HEADER).append("\r\n");
    for (int i = 0; i < 400; i++) {
      String source = i % 7 == 0 ? "10.0.1.55" : "10.0.2." + (i % 200 + 1);
      text.append("2 123456789010 eni-1 ").append(source).append(" 10.1.0.").append(i % 9 + 1)
          .append(" 40000 443 6 1 ").append(i).append(' ').append(1418530010 + i).append(" 1418530070 ACCEPT OK")
          .append(i % 3 == 0 ? "\r\n" : "\n");
      if (i == 100) {
        text.append("2 123456789010 eni-1 - - - - - - - 1418530010 1418530070 - NODATA\n");
        text.append("2 bad line\n\n   \n");
        text.append("9".repeat(LineScanner.MAX_LINE_CHARS + 5)).append('\n');
        text.append("2 123456789010 eni-1 2001:DB8::55 10.1.0.1 1 2 6 1 1 1 1418530070000 ACCEPT OK\n");
      }
      if (i == 250) {
        // A second header with another field order, as in two objects concatenated.
        text.append("srcaddr dstaddr bytes version end log-status\n");
        text.append("10.0.1.55 10.9.9.9 77 2 1418530999 OK\n");
        text.append(HEADER).append('\n');
      }
    }
    Path file = dir.resolve("chunked.log");
    Files.writeString(file, text.toString());
    FlowRecordFilter filter = FlowRecordFilter.matchAny(List.of("srcaddr", "dstaddr"), List.of("10.0.1.55", "2001:db8::55"));

    Scan sequential = scan(List.of(file), filter, 1);
    InputStats stats = new InputStats();
    List<FlowRecord> records = new ArrayList<>();
    new FlowLogSource(List.of(file), FlowLogOptions.defaults(), stats, 2, chunkBytes).scan(filter, records::add);

    // Every 7th of 400 lines (58), the IPv6 line and the line after the second header.
    assertThat(sequential.records()).hasSize(58 + 2);
    assertThat(records).isEqualTo(sequential.records());
    assertSameStats(stats, sequential.stats());
    assertThat(stats.skippedTotal()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource({
      // written in the log,             filter value
      "2001:DB8:1::55,                    2001:db8:1::55",
      "2001:0db8:0001:0000:0000:0000:0000:0055, 2001:db8:1::55",
      "2001:db8:1::55,                    2001:DB8:1:0::55",
      "10.0.1.55,                         10.0.1.55",
  })
  void scan_nonCanonicalAddress_stillInScope(String written, String filterValue) throws IOException {
    Path file = dir.resolve("v6.log");
    Files.writeString(file, HEADER + "\n"
        + "2 123456789010 eni-1 " + written + " 10.1.0.1 40000 443 6 1 100 1418530010 1418530070 ACCEPT OK\n"
        + "2 123456789010 eni-1 10.9.9.9 10.1.0.1 40000 443 6 1 100 1418530010 1418530070 ACCEPT OK\n");
    FlowRecordFilter filter = FlowRecordFilter.matchAny(List.of("srcaddr"), List.of(filterValue));

    Scan result = scan(List.of(file), filter, 1);

    assertThat(result.records()).singleElement().extracting(FlowRecord::source).isEqualTo(file + ":2");
    assertThat(result.stats().recordsByKind()).containsEntry("vpc-flow-logs", 2L);
  }

  @Test
  void matchAny_unknownField_rejected() {
    assertThatThrownBy(() -> FlowRecordFilter.matchAny(List.of("bytes"), List.of("1")))
        .isInstanceOf(UsageException.class).hasMessageContaining("'bytes'");
  }

  @Test
  void or_twoFilters_keepsEither() {
    FlowRecordFilter eni = FlowRecordFilter.matchAny(List.of("interface-id"), List.of("eni-1"));
    FlowRecordFilter address = FlowRecordFilter.matchAny(List.of("dstaddr"), List.of("10.0.0.9"));

    FlowRecordFilter either = eni.or(address);

    assertThat(either.test(record("eni-1", "10.0.0.1"))).isTrue();
    assertThat(either.test(record("eni-2", "10.0.0.9"))).isTrue();
    assertThat(either.test(record("eni-2", "10.0.0.1"))).isFalse();
    assertThat(eni.or(FlowRecordFilter.all()).keepsAll()).isTrue();
  }

  /** Filters on single values taken from the records: every scope field, a missing value, and a pair. */
  private static List<FlowRecordFilter> filtersFrom(List<FlowRecord> records) {
    Set<FlowRecordFilter> filters = new LinkedHashSet<>();
    filters.add(FlowRecordFilter.matchAny(List.of("srcaddr", "dstaddr"), List.of("198.51.100.254")));
    for (FlowRecord record : records.subList(0, Math.min(records.size(), 4))) {
      addIfPresent(filters, "interface-id", record.interfaceId());
      addIfPresent(filters, "instance-id", record.instanceId());
      addIfPresent(filters, "srcaddr", record.srcAddr());
      addIfPresent(filters, "dstaddr", record.dstAddr());
      addIfPresent(filters, "pkt-srcaddr", record.pktSrcAddr());
      addIfPresent(filters, "pkt-dstaddr", record.pktDstAddr());
      if (record.srcAddr() != null) {
        filters.add(FlowRecordFilter.matchAny(List.of("srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr"),
            List.of(record.srcAddr())));
      }
    }
    return List.copyOf(filters);
  }

  private static void addIfPresent(Set<FlowRecordFilter> filters, String field, String value) {
    if (value != null) {
      filters.add(FlowRecordFilter.matchAny(List.of(field), List.of(value)));
    }
  }

  private static void assertSameStats(InputStats actual, InputStats expected) {
    assertThat(actual.files()).isEqualTo(expected.files());
    assertThat(actual.skippedByReason()).isEqualTo(expected.skippedByReason());
    assertThat(actual.skipSamples()).isEqualTo(expected.skipSamples());
    assertThat(actual.blindSpots()).isEqualTo(expected.blindSpots());
  }

  private record Scan(List<FlowRecord> records, InputStats stats) {}

  private static Scan scan(List<Path> files, FlowRecordFilter filter, int threads) {
    InputStats stats = new InputStats();
    List<FlowRecord> records = new ArrayList<>();
    new FlowLogSource(files, FlowLogOptions.defaults(), stats, threads).scan(filter, records::add);
    return new Scan(records, stats);
  }

  private static FlowRecord record(String eni, String dstAddr) {
    return new FlowRecord(2, null, eni, "10.0.0.1", dstAddr, 1, 2, 6, 1, 1, 1, 2, "ACCEPT", "OK", null, null,
        null, FlowRecord.ABSENT, null, null, null, null, null, null, null, null, FlowRecord.ABSENT,
        java.util.Map.of(), "test");
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
