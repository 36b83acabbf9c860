package dev.cordon.core.cloudtrail;

import dev.cordon.core.input.ReadErrors;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cordon.core.input.InputStats;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages of CloudTrail files that fail part way: what is wrong, in the user's words. */
class CloudTrailReadErrorsTest {
  private static final String EVENT = "{\"eventVersion\":\"1.09\",\"eventTime\":\"2024-01-15T03:%02d:00Z\","
      + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"eventID\":\"id-%d\","
      + "\"awsRegion\":\"us-east-1\",\"requestParameters\":{\"pad\":\"%s\"}}";

  @Test
  void describe_gzipEndsEarly_saysTruncated() {
    String cause = ReadErrors.describe(new EOFException("Unexpected end of ZLIB input stream"));

    assertThat(cause).isEqualTo("the gzip data ends early, so the file is truncated");
  }

  @Test
  void describe_stringOverLimit_namesLengthAndLimitOnly() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    mapper.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxStringLength(1000).build());
    String json = "{\"userAgent\":\"" + "x".repeat(1500) + "\"}";

    String cause;
    try (JsonParser parser = mapper.createParser(json)) {
      mapper.readTree(parser);
      throw new AssertionError("the limit was not reached");
    } catch (IOException e) {
      cause = ReadErrors.describe(e);
    }

    assertThat(cause).startsWith("a string value length of 1,500 characters exceeds the limit"
        + " of 1,000");
    assertThat(cause).doesNotContain("StreamReadConstraints", "`", "REDACTED");
  }

  @Test
  void describe_brokenJson_leavesOutSourceNote() throws IOException {
    String cause;
    try {
      new ObjectMapper().readTree("{\"a\": tru");
      throw new AssertionError("the JSON parsed");
    } catch (IOException e) {
      cause = ReadErrors.describe(e);
    }

    assertThat(cause).doesNotContain("Source", "REDACTED", "StreamReadFeature");
    assertThat(cause).isNotBlank();
  }

  @Test
  void read_truncatedGzipJsonLines_countsEveryCompleteLine(@TempDir Path dir) throws IOException {
    // 40 lines of about 2 KB with random padding compress poorly. Cutting the file at 60% leaves
    // more complete lines than one 8 KB reader buffer could hide.
    Random random = new Random(7);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      text.append(String.format(EVENT, i % 60, i, randomHex(random, 2000))).append('\n');
    }
    byte[] gzip = gzip(text.toString());
    Path file = Files.write(dir.resolve("cut.jsonl.gz"), Arrays.copyOf(gzip, gzip.length * 6 / 10));
    InputStats stats = new InputStats();
    List<CloudTrailEvent> events = new ArrayList<>();

    new CloudTrailReader().read(file, stats, events::add);

    InputStats.FileEntry entry = stats.files().get(0);
    assertThat(events).hasSizeGreaterThan(20);
    assertThat(entry.records()).isEqualTo(events.size());
    assertThat(entry.error()).isEqualTo("could not be read after " + events.size()
        + " records (the gzip data ends early, so the file is truncated)");
    // The line the cut went through is counted, not dropped.
    assertThat(stats.skippedByReason()).containsExactly(Map.entry("line cut short", 1L));
  }

  @Test
  void read_invalidUtf8OneLine_decodedAsLines(@TempDir Path dir) throws IOException {
    byte[] line = String.format(EVENT, 1, 1, "a\u0001b").getBytes(StandardCharsets.UTF_8);
    line[indexOf(line, (byte) 1)] = (byte) 0xff;
    byte[] second = String.format(EVENT, 2, 2, "c").getBytes(StandardCharsets.UTF_8);
    Path single = Files.write(dir.resolve("one.jsonl"), concat(line, "\n".getBytes(StandardCharsets.UTF_8)));
    Path pair = Files.write(dir.resolve("two.jsonl"), concat(line, "\n".getBytes(StandardCharsets.UTF_8), second));

    for (Path file : List.of(single, pair)) {
      InputStats stats = new InputStats();
      List<CloudTrailEvent> events = new ArrayList<>();

      new CloudTrailReader().read(file, stats, events::add);

      assertThat(stats.files().get(0).error()).as(file.toString()).isNull();
      assertThat(events.get(0).raw().path("requestParameters").path("pad").asText())
          .as(file.toString()).isEqualTo("a\uFFFDb");
    }
  }

  private static int indexOf(byte[] bytes, byte value) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    throw new AssertionError("byte " + value + " not found");
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static String randomHex(Random random, int length) {
    StringBuilder hex = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      hex.append(Character.forDigit(random.nextInt(16), 16));
    }
    return hex.toString();
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
