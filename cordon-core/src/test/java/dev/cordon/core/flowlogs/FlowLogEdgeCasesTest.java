package dev.cordon.core.flowlogs;

import static dev.cordon.core.flowlogs.FlowLogTesting.read;
import static dev.cordon.core.flowlogs.FlowRecord.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.cordon.core.flowlogs.FlowLogTesting.Result;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Crafted inputs: compression, time units, separators, damaged lines and damaged files. */
class FlowLogEdgeCasesTest {
  private static final String HEADER =
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
  private static final String ACCEPT =
      "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
  private static final String REJECT =
      "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK";

  @TempDir
  Path dir;

  @Test
  void gzip_multipleMembers_readsEveryMember() throws IOException {
    // Two S3 objects concatenated: each gzip member has its own header, the second in another order.
    byte[] first = gzip(HEADER + "\n" + ACCEPT + "\n");
    byte[] second = gzip("srcaddr dstaddr action version\n10.0.0.5 10.0.0.6 REJECT 2\n");
    Path file = write("two-members.log.gz", concat(first, second));

    Result result = read(file);

    assertThat(result.records()).extracting(FlowRecord::srcAddr, FlowRecord::action, FlowRecord::source)
        .containsExactly(
            tuple("172.31.16.139", "ACCEPT", file + ":2"),
            tuple("10.0.0.5", "REJECT", file + ":4"));
    assertThat(result.stats().skippedTotal()).isZero();
    assertThat(result.stats().files().get(0).error()).isNull();
  }

  @Test
  void gzip_withoutGzExtension_detectedByMagicBytes() throws IOException {
    Path file = write("renamed.log", gzip(HEADER + "\n" + ACCEPT + "\n"));

    assertThat(read(file).records()).singleElement().extracting(FlowRecord::bytes).isEqualTo(4249L);
  }

  @Test
  void gzip_truncated_keepsEarlierRecords() throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < 5000; i++) {
      text.append("2 123456789010 eni-1 10.0.").append(i / 250).append('.').append(i % 250 + 1)
          .append(" 10.1.0.1 40000 443 6 1 100 1418530010 1418530070 ACCEPT OK\n");
    }
    byte[] whole = gzip(text.toString());
    Path truncated = write("a/123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz",
        Arrays.copyOf(whole, whole.length / 2));
    write("b/next.log", (HEADER + "\n" + ACCEPT + "\n").getBytes(StandardCharsets.UTF_8));

    Result result = read(dir);

    long fromTruncated = result.records().stream().filter(r -> r.source().startsWith(truncated.toString())).count();
    assertThat(fromTruncated).isPositive().isLessThan(5000);
    assertThat(result.records().get(result.records().size() - 1).srcAddr()).isEqualTo("172.31.16.139");
    InputStats.FileEntry entry = result.stats().files().get(0);
    assertThat(entry.records()).isEqualTo(fromTruncated);
    assertThat(entry.error()).contains(truncated.toString(), "reading stopped after line", "records before that point were kept");
    assertThat(result.stats().files().get(1).error()).isNull();
    // The object name's slot 2018-06-20T16:20Z is 1529511600; the slot covers 300 s.
    assertThat(result.stats().blindSpots()).singleElement()
        .extracting(InputStats.BlindSpot::source, InputStats.BlindSpot::fromEpochSecond, InputStats.BlindSpot::toEpochSecond)
        .containsExactly(truncated.toString(), 1529511600L, 1529511900L);
  }

  /**
   * Checks a short file cut in half. Without read-ahead a buffering stream sits right above the
   * inflater, and its read that hits the damage must not discard the lines inflated before it.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void gzip_truncatedShortFile_keepsCompleteLines(boolean readAhead) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < 60; i++) {
      text.append(distinctRecord(i)).append('\n');
    }
    byte[] whole = gzip(text.toString());
    Path file = write("short.log.gz", Arrays.copyOf(whole, whole.length / 2));
    String recovered = inflateUntilFailure(Files.readAllBytes(file));
    long completeLines = recovered.chars().filter(c -> c == '\n').count();
    assertThat(recovered).as("the cut falls inside a line").doesNotEndWith("\n");

    Result result = readFile(file, readAhead);

    InputStats stats = result.stats();
    assertThat(result.records()).hasSize((int) completeLines - 1);
    assertThat(stats.skippedTotal()).isEqualTo(1);
    assertThat(stats.skipSamples()).singleElement().extracting(InputStats.Skip::line).isEqualTo(completeLines + 1);
    assertThat(stats.skipSamples().get(0).reason()).contains("cut short");
    assertThat(stats.files().get(0).error()).contains(file.toString(), "reading stopped after line " + completeLines,
        "the gzip data ends early");
    assertThat(stats.blindSpots()).singleElement().extracting(InputStats.BlindSpot::source).isEqualTo(file.toString());
  }

  @Test
  void epochMilliseconds_convertedToSeconds() throws IOException {
    Path file = writeText("ms.log",
        "2 123456789010 eni-102010ab 198.51.100.1 192.0.2.1 443 49152 6 10 840 1439387263000 1439387264000 ACCEPT OK");

    FlowRecord record = read(file).first();

    // 1439387263000 ms > 2^31-1, so it is divided by 1000.
    assertThat(record.start()).isEqualTo(1439387263L);
    assertThat(record.end()).isEqualTo(1439387264L);
  }

  @Test
  void epochSeconds_atIntMax_keptAsSeconds() throws IOException {
    Path file = writeText("max.log",
        "2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 2147483647 2147483648 ACCEPT OK");

    FlowRecord record = read(file).first();

    assertThat(record.start()).isEqualTo(2147483647L);
    assertThat(record.end()).isEqualTo(2147483L);
  }

  @Test
  void ipv6_uppercaseAndLongForm_canonicalised() throws IOException {
    Path file = writeText("v6.log",
        "2 1 eni-1 2001:DB8:0:0:0:0:0:1 ::FFFF:10.0.0.1 1 2 6 1 1 1418530010 1418530070 ACCEPT OK");

    FlowRecord record = read(file).first();

    assertThat(record.srcAddr()).isEqualTo("2001:db8::1");
    assertThat(record.dstAddr()).isEqualTo("10.0.0.1");
  }

  @Test
  void tabsAndSpaceRuns_splitAsOneSeparator() throws IOException {
    Path file = writeText("tabs.log", HEADER.replace(' ', '\t') + "\r\n"
        + "  2\t123456789010  eni-1 \t 10.0.0.1 10.0.0.2\t\t1 2 6 3 4 1418530010 1418530070 ACCEPT OK  \r\n");

    Result result = read(file);

    assertThat(result.records()).singleElement()
        .extracting(FlowRecord::accountId, FlowRecord::dstAddr, FlowRecord::bytes, FlowRecord::logStatus)
        .containsExactly("123456789010", "10.0.0.2", 4L, "OK");
  }

  @Test
  void unknownAccount_keptAsText() throws IOException {
    Path file = writeText("unknown.log", ACCEPT.replace("123456789010", "unknown"));

    assertThat(read(file).first().accountId()).isEqualTo("unknown");
  }

  @Test
  void headerless_wrongFieldCount_skipped() throws IOException {
    Path file = writeText("headerless.log", ACCEPT + "\n" + ACCEPT + " extra\n" + REJECT + "\n");

    Result result = read(file);

    assertThat(result.records()).extracting(FlowRecord::action).containsExactly("ACCEPT", "REJECT");
    InputStats.Skip skip = result.stats().skipSamples().get(0);
    assertThat(skip.file()).isEqualTo(file.toString());
    assertThat(skip.line()).isEqualTo(2);
    assertThat(skip.reason()).contains(file + " line 2", "default version-2 format but found 15", "--flow-format");
    assertThat(result.stats().files().get(0).skipped()).isEqualTo(1);
  }

  @Test
  void everyLineSkipped_blindSpotWithHint() throws IOException {
    Path file = writeText("custom.log", (ACCEPT + " extra\n").repeat(50));

    Result result = read(file);

    assertThat(result.records()).isEmpty();
    InputStats.BlindSpot spot = result.stats().blindSpots().get(0);
    assertThat(result.stats().blindSpots()).hasSize(1);
    assertThat(spot.source()).isEqualTo(file.toString());
    assertThat(spot.description()).contains(file + ": no line could be read as a flow-log record (50 skipped)");
    assertThat(spot.description()).contains("line 1: expected the 14 fields");
    assertThat(spot.description()).contains("--flow-format '${version}");
  }

  @Test
  void everyLineSkipped_plainGzNamed() throws IOException {
    Path file = write("flows.log.gz", new byte[] {'B', 'Z', 'h', '9', 1, 2, 3, '\n', 4, 5, '\n'});

    Result result = read(file);

    assertThat(result.stats().skippedTotal()).isEqualTo(2);
    assertThat(result.stats().blindSpots()).singleElement()
        .extracting(InputStats.BlindSpot::description).asString()
        .contains(file + ": no line could be read as a flow-log record (2 skipped)", "named .gz but is not gzip data");
  }

  @Test
  void someLinesSkipped_noBlindSpot() throws IOException {
    Path file = writeText("mixed.log", ACCEPT + "\n" + ACCEPT + " extra\n");

    assertThat(read(file).stats().blindSpots()).isEmpty();
  }

  @Test
  void flowFormat_unknownNames_carriedInOtherFields() throws IOException {
    Path file = writeText("custom.log", "10.0.0.1 7 some-value\n");

    Result result = read(file, new FlowLogOptions("${srcaddr} ${future-field} ${another_field}"));

    assertThat(result.first().srcAddr()).isEqualTo("10.0.0.1");
    assertThat(result.first().otherFields())
        .containsExactly(entry("future-field", "7"), entry("another-field", "some-value"));
  }

  @Test
  void header_unknownNames_carriedInOtherFields() throws IOException {
    Path file = writeText("future.log", "version srcaddr next-hop-interface-id brand-new-field\n2 10.0.0.1 eni-9 x\n");

    FlowRecord record = read(file).first();

    assertThat(record.version()).isEqualTo(2);
    assertThat(record.otherFields())
        .containsExactly(entry("next-hop-interface-id", "eni-9"), entry("brand-new-field", "x"));
  }

  @Test
  void headerOnlyFile_noRecordsNoSkips() throws IOException {
    Path file = writeText("header-only.log", HEADER + "\n");

    Result result = read(file);

    assertThat(result.records()).isEmpty();
    assertThat(result.stats().skippedTotal()).isZero();
    assertThat(result.stats().files()).singleElement()
        .extracting(InputStats.FileEntry::records, InputStats.FileEntry::error)
        .containsExactly(0L, null);
  }

  @Test
  void emptyFile_noRecordsNoError() throws IOException {
    Path file = write("empty.log", new byte[0]);

    Result result = read(file);

    assertThat(result.records()).isEmpty();
    assertThat(result.stats().files()).singleElement().extracting(InputStats.FileEntry::error).isNull();
  }

  @Test
  void emptyGzipMember_noRecordsNoError() throws IOException {
    Path file = write("empty.log.gz", gzip(""));

    Result result = read(file);

    assertThat(result.records()).isEmpty();
    assertThat(result.stats().files().get(0).error()).isNull();
  }

  @Test
  void blankLinesAndByteOrderMark_ignored() throws IOException {
    Path file = writeText("bom.log", "\uFEFF" + HEADER + "\n\n   \n" + ACCEPT + "\n\n");

    Result result = read(file);

    assertThat(result.records()).singleElement().extracting(FlowRecord::source).isEqualTo(file + ":4");
    assertThat(result.stats().skippedTotal()).isZero();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2 1 eni-1 10.0.0.1 10.0.0.2 70000 22 6 1 1 1418530010 1418530070 ACCEPT OK | invalid number | srcport (field 6) is '70000', expected a whole number from 0 to 65535",
      "2 1 eni-1 10.0.0.1 10.0.0.2 1 22 256 1 1 1418530010 1418530070 ACCEPT OK   | invalid number | protocol (field 8) is '256', expected a whole number from 0 to 255",
      "2 1 eni-1 10.0.0.1 10.0.0.2 1 22 6 x1 1 1418530010 1418530070 ACCEPT OK    | invalid number | packets (field 9) is 'x1', expected a whole number",
      "2 1 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 -5 1418530010 1418530070 ACCEPT OK    | invalid number | bytes (field 10) is '-5'",
      "2 1 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 1 1418530010 99999999999999999999 ACCEPT OK | invalid number | end (field 12)",
      "2 1 eni-1 10.0.0.300 10.0.0.2 1 22 6 1 1 1418530010 1418530070 ACCEPT OK   | invalid address | srcaddr (field 4) is '10.0.0.300', expected an IPv4 or IPv6 address",
      "2 1 eni-1 10.0.0.1 example.com 1 22 6 1 1 1418530010 1418530070 ACCEPT OK  | invalid address | dstaddr (field 5) is 'example.com'",
      "2 1 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 1 1418530010 1418530070 DENY OK       | invalid action | action (field 13) is 'DENY', expected one of ACCEPT, REJECT or '-'",
      "2 1 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 1 1418530010 1418530070 accept OK     | invalid action | action (field 13) is 'accept'",
      "2 1 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 1 1418530010 1418530070 ACCEPT BOGUS  | invalid log-status | log-status (field 14) is 'BOGUS', expected one of OK, NODATA, SKIPDATA or '-'",
      "2 1 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 1 1418530010 1418530070 ACCEPT ok     | invalid log-status | log-status (field 14) is 'ok'",
  })
  void badValue_skippedWithFieldAndValue(String line, String reasonKey, String detail) throws IOException {
    Path file = writeText("bad.log", ACCEPT + "\n" + line + "\n" + REJECT + "\n");

    Result result = read(file);

    assertThat(result.records()).hasSize(2);
    assertThat(result.stats().skippedByReason()).containsExactly(entry(reasonKey, 1L));
    assertThat(result.stats().skipSamples().get(0).reason())
        .startsWith(file + " line 2: ")
        .contains(detail, "skipped the record", "--flow-format");
  }

  @Test
  void longLine_skippedWithoutHoldingIt() throws IOException {
    Path file = writeText("long.log", ACCEPT + "\n" + "9".repeat(LineScanner.MAX_LINE_CHARS + 10) + "\n" + REJECT);

    Result result = read(file);

    assertThat(result.records()).hasSize(2);
    assertThat(result.stats().skippedByReason()).containsExactly(entry("line too long", 1L));
    assertThat(result.stats().skipSamples().get(0).line()).isEqualTo(2);
  }

  @Test
  void filterLogEventsJson_readsEventsOnly() throws IOException {
    Path file = writeText("export.json", "{\"events\": [\n"
        + "  {\"logStreamName\": \"eni-1\", \"timestamp\": 1418530010000, \"message\": \"" + ACCEPT + "\", \"eventId\": \"1\"},\n"
        + "  {\"logStreamName\": \"eni-1\", \"timestamp\": 1418530010000, \"eventId\": \"2\"},\n"
        + "  {\"logStreamName\": \"eni-1\", \"timestamp\": 1418530010000, \"message\": \"" + REJECT + "\"}\n"
        + "], \"searchedLogStreams\": [{\"logStreamName\": \"eni-1\", \"searchedCompletely\": true,"
        + " \"message\": \"not an event\"}]}");

    Result result = read(file);

    assertThat(result.records()).extracting(FlowRecord::action, FlowRecord::source)
        .containsExactly(tuple("ACCEPT", file + ":event 1"), tuple("REJECT", file + ":event 3"));
    assertThat(result.stats().skippedByReason()).containsExactly(entry("event without message", 1L));
    assertThat(result.stats().skipSamples().get(0).reason()).startsWith(file + " event 2: ");
  }

  @Test
  void json_eventPerLine_usesFlowFormat() throws IOException {
    Path file = writeText("events.json",
        "{\"timestamp\": 1, \"message\": \"10.0.0.1 443\"}\n{\"timestamp\": 2, \"message\": \"10.0.0.2 80\"}\n");

    Result result = read(file, new FlowLogOptions("${srcaddr} ${dstport}"));

    assertThat(result.records()).extracting(FlowRecord::srcAddr, FlowRecord::dstPort)
        .containsExactly(tuple("10.0.0.1", 443), tuple("10.0.0.2", 80));
  }

  @Test
  void json_truncated_keepsEarlierEvents() throws IOException {
    Path file = writeText("cut.json", "{\"events\": [{\"message\": \"" + ACCEPT + "\"}, {\"message\": \"2 1 eni");

    Result result = read(file);

    assertThat(result.records()).hasSize(1);
    assertThat(result.stats().files().get(0).error()).contains("reading stopped after event 1");
    assertThat(result.stats().blindSpots()).singleElement()
        .extracting(InputStats.BlindSpot::fromEpochSecond).isEqualTo(1418530070L);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void gzipJson_truncated_namesGzipDamage(boolean readAhead) throws IOException {
    StringBuilder events = new StringBuilder("{\"events\": [");
    for (int i = 0; i < 60; i++) {
      events.append(i == 0 ? "" : ", ").append("{\"message\": \"").append(distinctRecord(i)).append("\"}");
    }
    byte[] whole = gzip(events.append("]}").toString());
    Path file = write("cut.json.gz", Arrays.copyOf(whole, whole.length / 2));

    Result result = readFile(file, readAhead);

    assertThat(result.records()).isNotEmpty();
    assertThat(result.stats().files().get(0).error())
        .contains("reading stopped after event " + result.records().size(), "the gzip data ends early");
  }

  @Test
  void gzipJson_subscriptionEnvelopes_concatenated() throws IOException {
    String envelope = "{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"%s\"}]}";
    Path file = write("firehose.json.gz", gzip(envelope.formatted(ACCEPT) + envelope.formatted(REJECT)));

    assertThat(read(file).records()).extracting(FlowRecord::action).containsExactly("ACCEPT", "REJECT");
  }

  @Test
  void cloudWatchConsoleCsv_quotedMessage() throws IOException {
    Path file = writeText("console.csv", "\"timestamp\",\"message\"\n1418530010000,\"" + ACCEPT + "\"\n"
        + "1418530010000," + REJECT + "\n" + "1418530010000,a,b\n");

    Result result = read(file);

    assertThat(result.records()).extracting(FlowRecord::action).containsExactly("ACCEPT", "REJECT");
    assertThat(result.stats().skipSamples()).singleElement().satisfies(skip -> {
      assertThat(skip.line()).isEqualTo(4);
      assertThat(skip.reason()).contains("timestamp,message", "found 3");
    });
  }

  @Test
  void insightsCsv_messageColumnByName() throws IOException {
    Path file = writeText("insights.csv", "@timestamp,@message,@logStream\n"
        + "2014-12-14 04:06:50.000," + ACCEPT + ",eni-1235b8ca123456789\n"
        + "@timestamp,@message,@logStream\n"
        + "2014-12-14 04:06:50.000,\"" + REJECT + "\",eni-1235b8ca123456789\n");

    Result result = read(file);

    assertThat(result.records()).extracting(FlowRecord::action).containsExactly("ACCEPT", "REJECT");
    assertThat(result.stats().skippedTotal()).isZero();
  }

  @Test
  void athenaCsv_quotedValuesAndEmptyNulls() throws IOException {
    Path file = writeText("athena.csv", "\"version\",\"account_id\",\"srcaddr\",\"dstport\",\"log_status\",\"vpc_id\"\n"
        + "\"2\",\"123456789010\",\"10.0.0.1\",\"443\",\"OK\",\"\"\n");

    FlowRecord record = read(file).first();

    assertThat(record.accountId()).isEqualTo("123456789010");
    assertThat(record.dstPort()).isEqualTo(443);
    assertThat(record.vpcId()).isNull();
  }

  @Test
  void parquetFile_recordedAsUnsupported() throws IOException {
    Path file = write("x.log.parquet", "PAR1 binary".getBytes(StandardCharsets.US_ASCII));

    Result result = read(file);

    assertThat(result.records()).isEmpty();
    assertThat(result.stats().files().get(0).error()).contains("Parquet flow logs are not supported");
    assertThat(result.stats().blindSpots()).hasSize(1);
  }

  @Test
  void missingPath_throwsInputException() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> read(missing))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("no flow log files found under " + missing)
        .hasMessageContaining("expected .log, .log.gz, .csv, .json");
  }

  @Test
  void directoryWithoutFlowLogs_throwsInputException() throws IOException {
    writeText("notes.md", "hello");

    assertThatThrownBy(() -> read(dir))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("no flow log files found under " + dir);
  }

  @Test
  void directory_walkedRecursivelyInSortedOrder() throws IOException {
    writeText("b/2.log", REJECT);
    writeText("a/z.log", ACCEPT);
    writeText("a/.hidden.log", ACCEPT);
    writeText("b/1.txt", ACCEPT.replace("20641", "1"));

    Result result = read(dir);

    assertThat(result.records()).extracting(FlowRecord::srcPort).containsExactly(20641, 1, 49761);
    assertThat(result.stats().files()).hasSize(3);
  }

  @Test
  void explicitFile_readWhateverItsName() throws IOException {
    Path file = writeText("firehose-output-2024-01-01-00-00-00-abcd", ACCEPT);

    assertThat(read(file).records()).hasSize(1);
  }

  @Test
  void nodataRecord_versionTwo_noBlindSpot() throws IOException {
    Path file = writeText("nodata.log", "2 123456789010 eni-1 - - - - - - - 1431280876 1431280934 - NODATA");

    Result result = read(file);

    assertThat(result.first().srcPort()).isEqualTo(ABSENT);
    assertThat(result.stats().blindSpots()).isEmpty();
  }

  private Path writeText(String name, String text) throws IOException {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Returns record {@code i} of a series whose addresses, ports and times differ, so it compresses poorly. */
  private static String distinctRecord(int i) {
    return "2 123456789010 eni-1 10.0.0.5 10.1." + i + ".7 " + (40000 + i) + " 443 6 1 100 " + (1418530010 + i) + " "
        + (1418530070 + i) + " ACCEPT OK";
  }

  /** Reads one file, inflating a gzip file on a thread of its own or on the reading thread. */
  private static Result readFile(Path file, boolean readAhead) {
    InputStats stats = new InputStats();
    List<FlowRecord> records = new ArrayList<>();
    FlowFileReader reader = new FlowFileReader(file, FlowLayout.forHeaderless(FlowLogOptions.defaults()), stats,
        records::add);
    if (!readAhead) {
      reader.inflatingOnReadingThread();
    }
    reader.read();
    return new Result(records, stats);
  }

  /** Inflates {@code gzip} byte by byte up to its first read failure, as {@code zcat} recovers it. */
  private static String inflateUntilFailure(byte[] gzip) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      for (int b; (b = in.read()) >= 0; ) {
        text.write(b);
      }
    } catch (IOException e) {
      // The damage ends the text recovered.
    }
    return text.toString(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
