package dev.cordon.core.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The needle path of {@link CloudTrailSource} on S3 log files: which records it parses, and that
 * files, records, skips and errors are counted as a full read counts them.
 */
class CloudTrailNeedleScanTest {
  private static final String INSTANCE = "i-0abc123def456";
  private static final String SYNTAX_ERROR = "syntax-error-half-way.json";
  private static final String SESSION_ARN = "arn:aws:sts::123456789012:assumed-role/app-role/" + INSTANCE;

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"cloudtrail", "samples/cloudtrail"})
  void scan_needleInEveryRecord_sameEventsAndStatsAsFullRead(String folder) {
    // Every record contains an opening brace, so the needle path parses every record and must
    // then give exactly what a full read gives, skips and errors included, except for the file
    // that scan_invalidJsonInRecord_skipsRecord covers.
    Path path = CloudTrailReaderTest.resource(folder);
    Scan full = scan(path, Set.of());

    Scan needled = scan(path, Set.of("{"));

    assertThat(full.events).isNotEmpty();
    assertThat(needled.events).isEqualTo(full.events);
    assertThat(withoutFile(needled.stats.files(), SYNTAX_ERROR))
        .isEqualTo(withoutFile(full.stats.files(), SYNTAX_ERROR));
    assertThat(needled.stats.skipSamples()).filteredOn(skip -> !skip.file().endsWith(SYNTAX_ERROR))
        .isEqualTo(full.stats.skipSamples());
    assertThat(needled.stats.blindSpots()).filteredOn(spot -> !spot.source().endsWith(SYNTAX_ERROR))
        .isEqualTo(full.stats.blindSpots().stream().filter(spot -> !spot.source().endsWith(SYNTAX_ERROR)).toList());
  }

  @Test
  void scan_invalidJsonInRecord_skipsRecord() {
    // The third record of this file has a line break inside a string. A full read stops the file
    // there with an error; the needle path finds the record's end by its braces, so with a needle
    // in that record it skips only the record, and without one it counts it unvalidated.
    Path file = CloudTrailReaderTest.resource("cloudtrail/" + SYNTAX_ERROR);
    Scan full = scan(file, Set.of());

    Scan hit = scan(file, Set.of("{"));
    Scan miss = scan(file, Set.of("no-such-text-anywhere"));

    assertThat(full.stats.files().get(0).error()).contains("after 2 records");
    assertThat(hit.events).isEqualTo(full.events).hasSize(2);
    assertThat(hit.stats.files()).singleElement().satisfies(entry -> {
      assertThat(entry.records()).isEqualTo(2);
      assertThat(entry.skipped()).isEqualTo(1);
      assertThat(entry.error()).isNull();
    });
    assertThat(hit.stats.skipSamples()).singleElement()
        .satisfies(skip -> assertThat(skip.reason()).contains("record 3 (line 81)").contains("not valid JSON"));
    assertThat(miss.events).isEmpty();
    assertThat(miss.stats.files().get(0).records()).isEqualTo(3);
    assertThat(miss.stats.files().get(0).error()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cloudtrail", "samples/cloudtrail"})
  void scan_needleInNoRecord_sameFileCountsAsFullRead(String folder) {
    Path path = CloudTrailReaderTest.resource(folder);
    Scan full = scan(path, Set.of());

    Scan needled = scan(path, Set.of("no-such-text-anywhere"));

    // Records of S3 log files without the needle are counted unparsed; files of other shapes are
    // read whole, so their records still arrive. Insights files keep their kind, because records
    // that may be Insights events are always parsed.
    assertThat(full.events).containsAll(needled.events);
    assertThat(withoutFile(needled.stats.files(), SYNTAX_ERROR))
        .extracting(InputStats.FileEntry::path, InputStats.FileEntry::kind, InputStats.FileEntry::error)
        .isEqualTo(withoutFile(full.stats.files(), SYNTAX_ERROR).stream()
            .map(f -> tuple(f.path(), f.kind(), f.error())).toList());
  }

  @Test
  void scan_unconfirmedHit_deliveredToCaller() throws IOException {
    // The needle sits in a policy string (escaped quotes, so still its own bytes) of a call by
    // another principal: the byte search finds it, so the source parses and delivers the record,
    // and only the caller's test of the parsed field rejects it.
    String other = record("e1", "arn:aws:iam::123456789012:user/admin",
        "{\"policy\":\"{\\\"Resource\\\":\\\"arn:aws:ec2:us-east-1:123456789012:instance/" + INSTANCE + "\\\"}\"}");
    String own = record("e2", SESSION_ARN, "null");
    String unrelated = record("e3", "arn:aws:iam::123456789012:user/admin", "null");
    writeGzip("a.json.gz", logFile(other, own, unrelated));

    Scan needled = scan(dir, Set.of(INSTANCE));

    assertThat(needled.events).extracting(CloudTrailEvent::eventId).containsExactly("e1", "e2");
    assertThat(needled.events.get(0).requestParameters().get("policy").textValue()).contains(INSTANCE);
    assertThat(needled.events.stream().filter(e -> e.principalArn().contains(INSTANCE)))
        .extracting(CloudTrailEvent::eventId).containsExactly("e2");
    assertThat(needled.stats.files().get(0).records()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "arn:aws:sts::123456789012:assumed-role/app-role/i\\u002d0abc123def456",
    "arn:aws:sts::123456789012:assumed-role\\/app-role\\/i-0abc123def456",
  })
  void scan_needleSpelledWithEscape_recordStillParsed(String escapedArn) throws IOException {
    writeGzip("a.json.gz", logFile(record("e1", escapedArn, "null"), record("e2", "arn:aws:iam::1:user/x", "null")));

    Scan needled = scan(dir, Set.of(INSTANCE, "assumed-role/app-role"));

    assertThat(needled.events).extracting(CloudTrailEvent::eventId).containsExactly("e1");
    assertThat(needled.events.get(0).principalArn()).isEqualTo(SESSION_ARN);
  }

  @Test
  void scan_escapeOfOtherCharacter_recordNotParsed() throws IOException {
    // A backslash-u escape of '=' (as in base64 padding) cannot spell a needle with no '='.
    writeGzip("a.json.gz", logFile(record("e1", "arn:aws:iam::1:user/x", "{\"token\":\"abc\\u003d\"}"),
        record("e2", SESSION_ARN, "null")));

    Scan needled = scan(dir, Set.of(INSTANCE));

    assertThat(needled.events).extracting(CloudTrailEvent::eventId).containsExactly("e2");
    assertThat(needled.stats.files().get(0).records()).isEqualTo(2);
  }

  @Test
  void scan_needlesAtFileEnds_parseEnclosingRecord() throws IOException {
    // The first needle is the file's first bytes, in the wrapper before any record, so it selects
    // no record; the second is the file's last bytes, which start inside the last record.
    writeGzip("a.json.gz", logFile(record("e1", SESSION_ARN, "null"), record("e2", "arn:aws:iam::1:user/x", "null")));

    Scan needled = scan(dir, Set.of("{\"Records\":[", "\"readOnly\":true}]}"));

    assertThat(needled.events).extracting(CloudTrailEvent::eventId).containsExactly("e2");
    assertThat(needled.stats.files().get(0).records()).isEqualTo(2);
  }

  @Test
  void scan_concatenatedGzipMembers_readsEveryMember() throws IOException {
    // One S3 log file compressed as three gzip members, as tools that append to .gz files write it.
    byte[] text = logFile(record("e1", SESSION_ARN, "null"), record("e2", "arn:aws:iam::1:user/x", "null"),
        record("e3", SESSION_ARN, "null")).getBytes(StandardCharsets.UTF_8);
    int third = text.length / 3;
    byte[] file = ContentLoaderTest.concat(ContentLoaderTest.gzip(Arrays.copyOfRange(text, 0, third)),
        ContentLoaderTest.gzip(Arrays.copyOfRange(text, third, 2 * third)),
        ContentLoaderTest.gzip(Arrays.copyOfRange(text, 2 * third, text.length)));
    Files.write(dir.resolve("members.json.gz"), file);

    Scan needled = scan(dir, Set.of(INSTANCE));

    assertThat(needled.events).extracting(CloudTrailEvent::eventId).containsExactly("e1", "e3");
    assertThat(needled.stats.files().get(0).records()).isEqualTo(3);
    assertThat(needled.stats.files().get(0).error()).isNull();
  }

  @Test
  void scan_emptyFile_skipped() throws IOException {
    Files.write(dir.resolve("empty.json"), new byte[0]);
    writeGzip("empty.json.gz", "");
    writeGzip("log.json.gz", logFile(record("e1", SESSION_ARN, "null")));
    Scan full = scan(dir, Set.of());

    Scan needled = scan(dir, Set.of(INSTANCE));

    assertThat(needled.stats.files()).isEqualTo(full.stats.files());
    assertThat(needled.stats.files()).filteredOn(f -> f.path().contains("empty"))
        .extracting(InputStats.FileEntry::error).containsExactly("empty file", "empty file");
    assertThat(needled.events).extracting(CloudTrailEvent::eventId).containsExactly("e1");
  }

  @Test
  void scan_onlyEmptyFile_recordsBlindSpot() throws IOException {
    Files.write(dir.resolve("empty.json.gz"), new byte[0]);
    InputStats stats = new InputStats();
    CloudTrailSource source = new CloudTrailSource(List.of(dir), stats);

    source.scan(Set.of(INSTANCE), e -> { });
    source.scan(Set.of(INSTANCE), e -> { });

    assertThat(stats.blindSpots()).hasSize(1);
    assertThat(stats.blindSpots().get(0).description()).contains("No CloudTrail log file in " + dir);
    assertThat(stats.files()).hasSize(1);
  }

  @Test
  void scan_emptyFolder_failsNamingFolder() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("nothing"));
    CloudTrailSource source = new CloudTrailSource(List.of(folder), new InputStats());

    assertThatThrownBy(() -> source.scan(Set.of(INSTANCE), e -> { }))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("No CloudTrail log file in " + folder);
  }

  @Test
  void scan_truncatedGzip_keepsEarlierRecords() {
    Path file = CloudTrailReaderTest.resource("cloudtrail/truncated.json.gz");
    Scan full = scan(file, Set.of());

    Scan needled = scan(file, Set.of("00000000-0000-4000-8000-000000000007"));

    // A damaged file is read by the streaming reader, which keeps the 102 records before the
    // damage and delivers them all: the needle only ever narrows intact S3 log files.
    assertThat(needled.events).hasSize(102).isEqualTo(full.events);
    assertThat(needled.stats.files()).isEqualTo(full.stats.files());
    assertThat(needled.stats.files().get(0).error()).contains("after 102 records").contains("the gzip data ends early");
    assertThat(needled.stats.blindSpots()).singleElement()
        .satisfies(spot -> assertThat(spot.description()).contains(file.toString()).contains("truncated"));
  }

  @Test
  void scan_invalidRecordWithHit_skippedWithPosition() throws IOException {
    // The second record breaks JSON inside a balanced object, which only the parser notices.
    writeGzip("a.json.gz", logFile(record("e1", SESSION_ARN, "null"),
        "{\"eventTime\":\"2024-01-15T03:00:00Z\",\"arn\":\"" + INSTANCE + "\",\"bad\":tru}"));

    Scan needled = scan(dir, Set.of(INSTANCE));

    assertThat(needled.events).extracting(CloudTrailEvent::eventId).containsExactly("e1");
    assertThat(needled.stats.skipSamples()).singleElement()
        .satisfies(skip -> assertThat(skip.reason()).contains("a.json.gz, record 2").contains("not valid JSON"));
  }

  @Test
  void scan_insightsRecordInLogFile_skipped() {
    Path file = CloudTrailReaderTest.resource("cloudtrail/log-with-insight-record.json");
    Scan full = scan(file, Set.of());

    Scan needled = scan(file, Set.of("no-such-text-anywhere"));

    assertThat(full.stats.skippedByReason()).containsEntry("CloudTrail Insights event", 1L);
    assertThat(needled.stats.files()).isEqualTo(full.stats.files());
    assertThat(needled.stats.skipSamples()).isEqualTo(full.stats.skipSamples());
  }

  private static List<InputStats.FileEntry> withoutFile(List<InputStats.FileEntry> files, String name) {
    return files.stream().filter(f -> !f.path().endsWith(name)).toList();
  }

  private Scan scan(Path path, Set<String> needles) {
    Scan scan = new Scan();
    new CloudTrailSource(List.of(path), scan.stats, 2).scan(needles, scan.events::add);
    return scan;
  }

  private void writeGzip(String name, String text) throws IOException {
    Files.write(dir.resolve(name), ContentLoaderTest.gzip(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String logFile(String... records) {
    return "{\"Records\":[" + String.join(",", records) + "]}";
  }

  private static String record(String eventId, String arn, String requestParameters) {
    return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":\"" + arn + "\"},"
        + "\"eventTime\":\"2024-01-15T03:00:00Z\",\"eventSource\":\"ec2.amazonaws.com\","
        + "\"eventName\":\"DescribeInstances\",\"requestParameters\":" + requestParameters + ","
        + "\"eventID\":\"" + eventId + "\",\"readOnly\":true}";
  }

  private static final class Scan {
    final List<CloudTrailEvent> events = new ArrayList<>();
    final InputStats stats = new InputStats();
  }
}
