package dev.cordon.core.flowlogs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.input.InputStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sieve must not change a result: on crafted files, a filtered scan (one thread, chunks on
 * two threads, gzip) delivers exactly the records of an unfiltered read that the filter keeps,
 * with the same stats. Where the sieve counts a damaged line outside the scope as a record, a test
 * below pins that down.
 */
class LineSieveTest {
  private static final String HEADER =
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
  private static final FlowRecordFilter ADDRESS =
      FlowRecordFilter.matchAny(List.of("srcaddr", "dstaddr"), List.of("10.0.1.55"));

  @TempDir
  Path dir;

  static Stream<Arguments> files() {
    return Stream.of(
        Arguments.of("needle first and last, no header, no final newline", ADDRESS,
            line("10.0.1.55", "10.1.0.1") + "\n" + line("10.0.2.1", "10.1.0.1") + "\n" + line("10.1.0.1", "10.0.1.55")),
        Arguments.of("CRLF line ends", ADDRESS, HEADER + "\r\n" + line("10.0.1.55", "10.1.0.1") + "\r\n"
            + line("10.0.2.1", "10.1.0.1") + "\r\n" + line("10.0.2.2", "10.1.0.1") + "\n"),
        Arguments.of("needle as prefix or suffix of a longer address", ADDRESS, HEADER + "\n"
            + line("10.0.1.551", "110.0.1.55") + "\n" + line("110.0.1.551", "10.0.1.5") + "\n"
            + line("10.0.1.55", "10.0.1.550") + "\n"),
        Arguments.of("IPv6 written in other forms", FlowRecordFilter.matchAny(List.of("srcaddr", "dstaddr"),
            List.of("2001:db8::55")), HEADER + "\n" + line("2001:DB8:0:0::55", "10.1.0.1") + "\n"
            + line("2001:db8::551", "10.1.0.1") + "\n" + line("10.0.2.1", "2001:0db8::0055") + "\n"
            + line("10.0.2.1", "10.1.0.1") + "\n"),
        Arguments.of("IPv4-mapped IPv6 of the needle", ADDRESS, HEADER + "\n" + line("::ffff:10.0.1.55", "10.1.0.1")
            + "\n" + line("::ffff:a00:137", "10.1.0.1").replace(" 40000 ", " 40001 ") + "\n"
            + line("10.0.2.1", "10.1.0.1") + "\n"),
        Arguments.of("ENI ids that share a prefix", FlowRecordFilter.matchAny(List.of("interface-id"), List.of("eni-1")),
            HEADER + "\n" + line("10.0.2.1", "10.1.0.1").replace("eni-1", "eni-10") + "\n"
            + line("10.0.2.1", "10.1.0.1") + "\n" + line("10.0.2.1", "10.1.0.1").replace("eni-1", "eni-01") + "\n"),
        Arguments.of("header only", ADDRESS, HEADER + "\n"),
        Arguments.of("empty", ADDRESS, ""),
        Arguments.of("NODATA and SKIPDATA in and out of scope", FlowRecordFilter.matchAny(List.of("interface-id"),
            List.of("eni-1")), HEADER + "\n" + line("10.0.2.1", "10.1.0.1") + "\n"
            + "2 123456789010 eni-1 - - - - - - - 1418530010 1418530070 - NODATA\n"
            + "2 123456789010 eni-2 - - - - - - - 1418530010 1418530070 - NODATA\n"
            + "2 123456789010 eni-2 - - - - - - - 1418530010 1418530070 - SKIPDATA\n"
            + "2 123456789010 eni-1 - - - - - - - 1418530010 1418530070 - SKIPDATA\n"),
        Arguments.of("status other than OK, or DATA in another field", ADDRESS, HEADER + "\n"
            + line("10.0.2.1", "10.1.0.1").replace(" OK", " FAILED") + "\n"
            + line("10.0.2.1", "10.1.0.1").replace(" OK", " OK OK") + "\n"
            + line("10.0.2.1", "10.1.0.1").replace("eni-1", "eni-DATA") + "\n"
            + line("10.0.2.1", "10.1.0.1").replace(" OK", " NODATA") + "\n"
            + line("10.0.2.1", "10.1.0.1").replace(" OK", "  OK") + "\n"),
        // An invalid action outside the scope is left out: the sieve counts it as a record (see LineSieve).
        Arguments.of("invalid action or status", ADDRESS, HEADER + "\n"
            + line("10.0.1.55", "10.1.0.1").replace(" ACCEPT ", " DENY ") + "\n"
            + line("10.0.1.55", "10.1.0.1").replace(" OK", " ok") + "\n"
            + line("10.0.2.1", "10.1.0.1").replace(" OK", " BOGUS") + "\n"
            + line("10.0.2.1", "10.1.0.1") + "\n"),
        Arguments.of("status not the last field", ADDRESS,
            "version interface-id log-status srcaddr dstaddr bytes end\n"
            + "2 eni-1 OK 10.0.2.1 10.1.0.1 100 1418530070\n"
            + "2 eni-1 NODATA - - - 1418530070\n"
            + "2 eni-1 SKIPDATA 10.0.2.1 10.1.0.1 100 1418530070\n"
            + "2 eni-1 OK 10.0.1.55 10.1.0.1 100 1418530070\n"
            + "2 eni-1 OK 10.0.2.2 10.1.0.1 100 1418530070\n"),
        Arguments.of("no status field", ADDRESS, "version interface-id srcaddr dstaddr bytes end\n"
            + "2 eni-1 10.0.2.1 10.1.0.1 100 1418530070\n" + "2 eni-1 10.0.2.2 10.1.0.1 100 1418530070\n"
            + "2 eni-1 10.0.1.55 10.1.0.1 100 1418530070\n"),
        Arguments.of("damaged lines, blank lines, byte-order mark", ADDRESS, "\uFEFF" + HEADER + "\n"
            + "2 bad line\n\n   \n" + line("10.0.2.1", "10.1.0.1") + " extra\n"
            + line("10.0.2.1", "10.1.0.1").replace(" 443 ", " ") + "\n"
            + "9".repeat(LineScanner.MAX_LINE_CHARS + 5) + "\n" + line("10.0.1.55", "10.1.0.1") + "\n"),
        Arguments.of("tabs, carriage returns and control bytes", ADDRESS, HEADER + "\r\n"
            + line("10.0.2.1", "10.1.0.1") + "\r\n"
            + line("10.0.2.1", "10.1.0.1").replace(" 443 ", "\t443 ") + "\n"
            + line("10.0.2.1", "10.1.0.1").replace(" 443 ", " \t443 ") + "\n"
            + line("10.0.2.1", "10.1.0.1").replace(" ACCEPT ", "\tx ACCEPT ") + "\n"
            + line("10.0.2.1", "10.1.0.1").replace(" 443 ", " 4\r43 ") + "\n"
            + line("10.0.2.1", "10.1.0.1").replace(" 443 ", " 4\u000143 ") + "\n"
            + line("10.0.2.1", "10.1.0.1") + "\r\r\n"
            + line("10.0.1.55", "10.1.0.1").replace(" 443 ", "\t443 ") + "\r\n"
            + line("10.0.2.2", "10.1.0.1") + "\n"),
        Arguments.of("second header with another layout", ADDRESS, HEADER + "\n" + line("10.0.2.1", "10.1.0.1")
            + "\n" + "srcaddr dstaddr bytes version end log-status\n" + "10.0.1.55 10.9.9.9 77 2 1418530999 OK\n"
            + "10.0.2.1 10.9.9.9 77 2 1418530999 OK\n" + HEADER + "\n" + line("10.0.1.55", "10.1.0.1") + "\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void scan_craftedFile_sameAsUnfilteredRead(String name, FlowRecordFilter filter, String text) throws IOException {
    Path plain = dir.resolve("flow.log");
    Files.writeString(plain, text);
    Path gzip = dir.resolve("flow.log.gz");
    Files.write(gzip, gzip(text));

    assertSameAsUnfiltered(plain, filter, 1, PlainFileChunks.CHUNK_BYTES);
    assertSameAsUnfiltered(gzip, filter, 1, PlainFileChunks.CHUNK_BYTES);
    for (long chunkBytes = 40; chunkBytes < 400; chunkBytes += 13) {
      assertSameAsUnfiltered(plain, filter, 2, chunkBytes);
    }
  }

  @ParameterizedTest
  @CsvSource({"-12", "-9", "-8", "-5", "-1", "0", "1", "3", "7", "8"})
  void scan_needleAtReadBoundary_found(int offset) throws IOException {
    // LineScanner reads 64 KiB at a time: put the needle so that it starts `offset` bytes from
    // the end of the first read, so it is cut in two by the read for small offsets.
    int boundary = 1 << 16;
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    String filler = line("10.0.2.1", "10.1.0.1") + "\n";
    while (text.length() + filler.length() < boundary - 300) {
      text.append(filler);
    }
    // The account id takes up the slack: it is text of any length to the parse.
    int accountDigits = boundary + offset - text.length() - "2  eni-1 ".length();
    text.append("2 ").append("1".repeat(accountDigits)).append(" eni-1 ")
        .append("10.0.1.55 10.1.0.1 40000 443 6 1 100 1418530010 1418530070 ACCEPT OK\n");
    assertThat(text.indexOf("10.0.1.55")).isEqualTo(boundary + offset);
    for (int i = 0; i < 50; i++) {
      text.append(filler);
    }
    Path file = dir.resolve("boundary.log");
    Files.writeString(file, text);

    assertSameAsUnfiltered(file, ADDRESS, 1, PlainFileChunks.CHUNK_BYTES);
    assertSameAsUnfiltered(file, ADDRESS, 2, 1 << 15);
  }

  @Test
  void scan_longLineAcrossChunks_sameAsUnfilteredRead() throws IOException {
    // A line longer than LineScanner reads whole (in bytes) that starts in one chunk and ends
    // several chunks later: each chunk's mapped region ends before the line does.
    String text = HEADER + "\n" + line("10.0.2.1", "10.1.0.1") + "\n"
        + "9".repeat(LineScanner.MAX_LINE_BYTES + 100) + "\n" + line("10.0.1.55", "10.1.0.1") + "\n"
        + "7".repeat(LineScanner.MAX_LINE_BYTES + 1) + "\n" + line("10.0.2.2", "10.1.0.1");
    Path file = dir.resolve("long.log");
    Files.writeString(file, text);

    for (long chunkBytes : new long[] {100, 4096, LineScanner.MAX_LINE_BYTES / 2, LineScanner.MAX_LINE_BYTES + 1}) {
      assertSameAsUnfiltered(file, ADDRESS, 2, chunkBytes);
    }
  }

  @Test
  void scan_manyLines_sameAsUnfilteredRead() throws IOException {
    // Enough lines for two samples of the end time (every 4 MiB) and many 64 KiB reads.
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < 90_000; i++) {
      String source = i % 997 == 0 ? "10.0.1.55" : "10.0." + (i % 7) + "." + (i % 250 + 1);
      text.append("2 123456789010 eni-").append(i % 5).append(' ').append(source).append(" 10.1.0.")
          .append(i % 9 + 1).append(" 40000 443 6 1 ").append(i).append(' ').append(1418530010 + i)
          .append(' ').append(1418530070 + i).append(" ACCEPT OK\n");
    }
    Path file = dir.resolve("many.log");
    Files.writeString(file, text);

    assertSameAsUnfiltered(file, ADDRESS, 1, PlainFileChunks.CHUNK_BYTES);
    assertSameAsUnfiltered(file, ADDRESS, 2, 100_000);
  }

  @ParameterizedTest
  @CsvSource({"97", "128", "1000", "4093", "65536"})
  void scan_chunkEndsEverywhere_eachLineCountedOnce(long chunkBytes) throws IOException {
    // Chunk ends fall inside lines, on their \n and right after it, so the line that crosses a
    // chunk's end is counted by exactly one chunk. Short lines put several line ends near each.
    StringBuilder text = new StringBuilder("srcaddr dstaddr end log-status\n");
    for (int i = 0; i < 5_000; i++) {
      String source = i % 101 == 0 ? "10.0.1.55" : "10.0." + (i % 7) + "." + (i % 250 + 1);
      text.append(source).append(" 10.1.0.").append(i % 9 + 1).append(' ').append(1418530070 + i).append(" OK\n");
      if (i % 13 == 0) {
        // A damaged line shorter than a word, which the sieve leaves to the exact test.
        text.append("9 x\n");
      }
    }
    Path file = dir.resolve("chunks.log");
    Files.writeString(file, text);

    assertSameAsUnfiltered(file, ADDRESS, 2, chunkBytes);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // damaged line outside the scope,                                                   skip reason of the full parse
      "2 123456789010 eni-1 10.0.2.1 10.1.0.1 40000 443 6 1 100 1418530010 later ACCEPT OK | invalid number",
      "2 123456789010 eni-1 10.0.2.01 10.1.0.1 40000 443 6 1 100 1418530010 1418530070 ACCEPT OK | invalid address",
  })
  void scan_damagedLineOutsideScope_countedAsRecord(String damaged, String reason) throws IOException {
    Path file = dir.resolve("damaged.log");
    // The first line after a header always goes to the exact test, so the damaged line comes second.
    Files.writeString(file, HEADER + "\n" + line("10.0.2.1", "10.1.0.1") + "\n" + damaged + "\n"
        + line("10.0.1.55", "10.1.0.1") + "\n");

    Scan unfiltered = scan(file, FlowRecordFilter.all(), 1, PlainFileChunks.CHUNK_BYTES);
    Scan filtered = scan(file, ADDRESS, 1, PlainFileChunks.CHUNK_BYTES);

    // The sieve passes the damaged line over unparsed: 3 records and no skip, where the full
    // parse reads 2 records and skips 1 line.
    assertThat(unfiltered.stats().skippedByReason()).containsEntry(reason, 1L);
    assertThat(filtered.stats().skippedTotal()).isZero();
    assertThat(unfiltered.stats().recordsByKind()).containsEntry("vpc-flow-logs", 2L);
    assertThat(filtered.stats().recordsByKind()).containsEntry("vpc-flow-logs", 3L);
    assertThat(filtered.records()).isEqualTo(unfiltered.records().stream().filter(ADDRESS::test).toList());
  }

  private void assertSameAsUnfiltered(Path file, FlowRecordFilter filter, int threads, long chunkBytes) {
    Scan unfiltered = scan(file, FlowRecordFilter.all(), 1, PlainFileChunks.CHUNK_BYTES);
    Scan filtered = scan(file, filter, threads, chunkBytes);
    String where = file.getFileName() + " threads " + threads + " chunks " + chunkBytes;

    assertThat(filtered.records()).as(where).isEqualTo(unfiltered.records().stream().filter(filter::test).toList());
    assertThat(filtered.stats().recordsByKind()).as(where).isEqualTo(unfiltered.stats().recordsByKind());
    assertThat(filtered.stats().files()).as(where).isEqualTo(unfiltered.stats().files());
    assertThat(filtered.stats().skippedByReason()).as(where).isEqualTo(unfiltered.stats().skippedByReason());
    assertThat(filtered.stats().skipSamples()).as(where).isEqualTo(unfiltered.stats().skipSamples());
    assertThat(filtered.stats().blindSpots()).as(where).isEqualTo(unfiltered.stats().blindSpots());
  }

  private record Scan(List<FlowRecord> records, InputStats stats) {}

  private static Scan scan(Path file, FlowRecordFilter filter, int threads, long chunkBytes) {
    InputStats stats = new InputStats();
    List<FlowRecord> records = new ArrayList<>();
    new FlowLogSource(List.of(file), FlowLogOptions.defaults(), stats, threads, chunkBytes).scan(filter, records::add);
    return new Scan(records, stats);
  }

  private static String line(String source, String destination) {
    return "2 123456789010 eni-1 " + source + " " + destination + " 40000 443 6 1 100 1418530010 1418530070 ACCEPT OK";
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
