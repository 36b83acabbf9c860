package dev.cordon.core.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudTrailReaderTest {
  private final CloudTrailReader reader = new CloudTrailReader();
  private final InputStats stats = new InputStats();

  static Path resource(String name) {
    try {
      return Path.of(CloudTrailReaderTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<CloudTrailEvent> read(String name) {
    List<CloudTrailEvent> events = new ArrayList<>();
    reader.read(resource(name), stats, events::add);
    return events;
  }

  private InputStats.FileEntry fileEntry(String name) {
    String path = resource(name).toString();
    return stats.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
  }

  // --- the documentation examples, S3 log-file shape ---

  @ParameterizedTest
  @CsvSource({
    "awsdocs_log-file-example_StartInstances.json, StartInstances, 2014-03-06T21:22:54Z, 205.251.233.176, ec2.amazonaws.com",
    "awsdocs_log-file-example_StopInstances.json, StopInstances, 2014-03-06T21:01:59Z, 205.251.233.176, ec2.amazonaws.com",
    "awsdocs_log-file-example_CreateKeyPair.json, CreateKeyPair, 2014-03-06T17:10:34Z, 72.21.198.64, ec2.amazonaws.com",
    "awsdocs_log-file-example_CreateUser.json, CreateUser, 2014-03-24T21:11:59Z, 127.0.0.1, iam.amazonaws.com",
    "awsdocs_log-file-example_AddUserToGroup.json, AddUserToGroup, 2014-03-25T21:08:14Z, 127.0.0.1, iam.amazonaws.com",
  })
  void read_awsDocsLogFile_mapsAliceCall(String file, String eventName, String time, String ip, String service) {
    List<CloudTrailEvent> events = read("samples/cloudtrail/" + file);

    assertThat(events).hasSize(1);
    CloudTrailEvent event = events.get(0);
    assertThat(event.eventName()).isEqualTo(eventName);
    assertThat(event.eventTime()).isEqualTo(Instant.parse(time));
    assertThat(event.sourceIpAddress()).isEqualTo(ip);
    assertThat(event.eventSource()).isEqualTo(service);
    assertThat(event.identityType()).isEqualTo("IAMUser");
    assertThat(event.principalArn()).isEqualTo("arn:aws:iam::123456789012:user/Alice");
    assertThat(event.accessKeyId()).isEqualTo("EXAMPLE_KEY_ID");
    assertThat(event.userName()).isEqualTo("Alice");
    assertThat(event.failed()).isFalse();
    assertThat(event.source()).endsWith(file + " (record 1)");
    assertThat(fileEntry("samples/cloudtrail/" + file).kind()).isEqualTo(CloudTrailFileReader.KIND_LOG);
  }

  @Test
  void read_updateTrailSample_keepsErrorCode() {
    CloudTrailEvent event = read("samples/cloudtrail/awsdocs_log-file-example_UpdateTrail-errorCode.json").get(0);

    assertThat(event.eventName()).isEqualTo("UpdateTrail");
    assertThat(event.eventId()).isEqualTo("b7d4398e-b2f0-4faa-9c76-e2d316a8d67f");
    assertThat(event.eventTime()).isEqualTo(Instant.parse("2016-07-14T19:15:45Z"));
    assertThat(event.errorCode()).isEqualTo("TrailNotFoundException");
    assertThat(event.errorMessage()).isEqualTo("Unknown trail: myTrail2 for the user: 123456789012");
    assertThat(event.failed()).isTrue();
    assertThat(event.sourceIpAddress()).isEqualTo("205.251.233.182");
  }

  @Test
  void read_insightsSample_skipsFileByContent() {
    assertThatThrownBy(() -> read("samples/cloudtrail/awsdocs_log-file-example_Insights-ApiCallRateInsight.json"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("1 Insights");

    InputStats.FileEntry entry = fileEntry("samples/cloudtrail/awsdocs_log-file-example_Insights-ApiCallRateInsight.json");
    assertThat(entry.kind()).isEqualTo(CloudTrailFileReader.KIND_INSIGHTS);
    assertThat(entry.records()).isZero();
    assertThat(entry.skipped()).isEqualTo(2);
    assertThat(stats.skippedTotal()).isZero();
  }

  @Test
  void read_digestSample_skipsFileAndExplains() {
    assertThatThrownBy(() -> read("samples/cloudtrail/awsdocs_digest-file-example.json"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("awsdocs_digest-file-example.json")
        .hasMessageContaining("1 digest")
        .hasMessageContaining("CloudTrail-Digest/");

    assertThat(fileEntry("samples/cloudtrail/awsdocs_digest-file-example.json").kind())
        .isEqualTo(CloudTrailFileReader.KIND_DIGEST);
  }

  @Test
  void read_lookupEventsSample_parsesEmbeddedRecord() {
    List<CloudTrailEvent> events = read("samples/cloudtrail/awscli-example_lookup-events_ConsoleLogin.json");

    assertThat(events).hasSize(1);
    CloudTrailEvent event = events.get(0);
    assertThat(event.eventName()).isEqualTo("ConsoleLogin");
    assertThat(event.eventId()).isEqualTo("654ccbc0-ba0d-486a-9076-dbf7274677a7");
    // The inner eventTime is UTC; the outer EventTime (-08:00 local time) is not used.
    assertThat(event.eventTime()).isEqualTo(Instant.parse("2016-01-26T21:42:12Z"));
    assertThat(event.identityType()).isEqualTo("AssumedRole");
    assertThat(event.principalArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/my-role/my-session-name");
    assertThat(event.accessKeyId()).isNull();
    assertThat(event.sourceIpAddress()).isEqualTo("72.21.198.70");
    assertThat(event.requestParameters()).isNull();
  }

  // --- OTRF: JSON Lines exported through Logstash ---

  @Test
  void read_otrfJsonLines_readsAllRecords() {
    List<CloudTrailEvent> events = read("samples/cloudtrail/otrf_ec2_proxy_s3_exfiltration_2020-09-14011940.ndjson");

    assertThat(events).hasSize(103);
    assertThat(stats.skippedTotal()).isZero();
    CloudTrailEvent first = events.get(0);
    assertThat(first.eventName()).isEqualTo("DescribeInstanceTypes");
    assertThat(first.eventTime()).isEqualTo(Instant.parse("2020-09-14T00:44:23Z"));
    assertThat(first.principalArn()).isEqualTo("arn:aws:iam::123456789123:user/pedro");
    assertThat(first.accessKeyId()).isEqualTo("ASIA5FLZVX4OI4ZDQJOL");
    assertThat(first.sourceIpAddress()).isEqualTo("1.2.3.4");
    assertThat(first.source()).endsWith(".ndjson (line 1)");
  }

  @Test
  void read_otrfJsonLines_keepsInstanceRoleCalls() {
    List<CloudTrailEvent> events = read("samples/cloudtrail/otrf_ec2_proxy_s3_exfiltration_2020-09-14011940.ndjson");

    List<CloudTrailEvent> stolen = events.stream()
        .filter(e -> e.principalArn() != null && e.principalArn().endsWith("/i-0317f6c6b66ae9c40"))
        .collect(Collectors.toList());
    assertThat(stolen).hasSize(11);
    assertThat(stolen).extracting(CloudTrailEvent::accessKeyId).containsOnly("ASIA5FLZVX4OPVKKVBMX");
    assertThat(stolen).extracting(CloudTrailEvent::eventName).contains("ListBuckets", "ListObjects", "GetObject");
    assertThat(stolen.get(stolen.size() - 1).eventTime()).isEqualTo(Instant.parse("2020-09-14T01:13:20Z"));

    List<CloudTrailEvent> issuance = events.stream()
        .filter(e -> "AssumeRole".equals(e.eventName()))
        .collect(Collectors.toList());
    assertThat(issuance).hasSize(5);
    assertThat(issuance).extracting(CloudTrailEvent::sourceIpAddress).containsOnly("ec2.amazonaws.com");
    assertThat(issuance).extracting(CloudTrailEvent::identityType).containsOnly("AWSService");
    assertThat(issuance.get(0).responseElements().path("credentials").path("accessKeyId").asText())
        .startsWith("ASIA5FLZVX4O");
  }

  // --- Stratus Red Team: bare JSON arrays ---

  @ParameterizedTest
  @CsvSource({
    // file, records, records with an errorCode
    "stratus_aws.credential-access.ec2-get-password-data.json, 34, 32",
    "stratus_aws.credential-access.ec2-steal-instance-credentials.json, 45, 0",
    "stratus_aws.defense-evasion.cloudtrail-stop.json, 1, 0",
    "stratus_aws.defense-evasion.organizations-leave.json, 3, 1",
    "stratus_aws.discovery.ec2-download-user-data.json, 19, 17",
    "stratus_aws.execution.ec2-launch-unusual-instances.json, 3, 1",
    "stratus_aws.exfiltration.ec2-share-ebs-snapshot.json, 1, 0",
    "stratus_aws.lateral-movement.ec2-instance-connect.json, 3, 0",
    "stratus_aws.persistence.iam-backdoor-user.json, 1, 0",
    "stratus_aws.persistence.iam-create-admin-user.json, 3, 0",
  })
  void read_stratusArray_readsEveryRecord(String file, int records, int failed) {
    List<CloudTrailEvent> events = read("samples/cloudtrail/" + file);

    assertThat(events).hasSize(records);
    assertThat(events.stream().filter(CloudTrailEvent::failed).count()).isEqualTo(failed);
    assertThat(events).allSatisfy(e -> assertThat(e.eventTime()).isNotNull());
    assertThat(stats.skippedTotal()).isZero();
    assertThat(fileEntry("samples/cloudtrail/" + file).records()).isEqualTo(records);
  }

  @Test
  void read_stratusStolenCredentials_mapsInstanceRoleCall() {
    CloudTrailEvent call = read("samples/cloudtrail/stratus_aws.credential-access.ec2-steal-instance-credentials.json")
        .stream().filter(e -> "GetCallerIdentity".equals(e.eventName())).findFirst().orElseThrow();

    assertThat(call.eventId()).isEqualTo("b379479b-05c9-4c3c-af4b-cbd43acf29e1");
    assertThat(call.eventTime()).isEqualTo(Instant.parse("2024-08-02T08:23:55Z"));
    assertThat(call.principalArn())
        .isEqualTo("arn:aws:sts::017622104382:assumed-role/stratus-red-team-ec2-steal-credentials-role/i-786a3A8B5C0d92eF4");
    assertThat(call.sessionIssuerArn()).isEqualTo("arn:aws:iam::017622104382:role/stratus-red-team-ec2-steal-credentials-role");
    assertThat(call.accessKeyId()).isEqualTo("ASIAP5CT9NN8EYVU1FXV");
    assertThat(call.sourceIpAddress()).isEqualTo("18.236.253.47");
    assertThat(call.awsRegion()).isEqualTo("us-north-2r");
    assertThat(call.recipientAccountId()).isEqualTo("017622104382");
    assertThat(call.raw().path("userIdentity").path("sessionContext").path("ec2RoleDelivery").asText()).isEqualTo("1.0");
  }

  @Test
  void read_stratusLeadingZeroAddress_keptAsText() {
    List<CloudTrailEvent> events = read("samples/cloudtrail/stratus_aws.discovery.ec2-download-user-data.json");

    assertThat(events.get(0).sourceIpAddress()).isEqualTo("255.18.064.253");
    assertThat(events.get(0).errorCode()).isEqualTo("Client.UnauthorizedOperation");
    assertThat(events.get(0).readOnly()).isTrue();
  }

  @Test
  void read_samplesFolder_skipsDigestAndInsights() {
    List<CloudTrailEvent> events = read("samples/cloudtrail");

    // 7 documentation records (6 log files, one lookup event) + 103 OTRF + 113 Stratus
    // (34 + 45 + 1 + 3 + 19 + 3 + 1 + 3 + 1 + 3) = 223
    assertThat(events).hasSize(223);
    Map<String, Long> kinds = stats.files().stream()
        .collect(Collectors.groupingBy(InputStats.FileEntry::kind, Collectors.counting()));
    assertThat(kinds).containsEntry(CloudTrailFileReader.KIND_LOG, 18L)
        .containsEntry(CloudTrailFileReader.KIND_DIGEST, 1L)
        .containsEntry(CloudTrailFileReader.KIND_INSIGHTS, 1L)
        .containsEntry(CloudTrailFileReader.KIND_OTHER, 1L);
    assertThat(fileEntry("samples/cloudtrail/README.md").kind()).isEqualTo(CloudTrailFileReader.KIND_OTHER);
    assertThat(stats.skippedTotal()).isZero();
  }

  // --- crafted edge cases ---

  @Test
  void read_gzipLogFile_keepsSourceAsText() {
    List<CloudTrailEvent> events = read("cloudtrail/111122223333_CloudTrail_eu-west-1_20261130T0305Z_gzip.json.gz");

    assertThat(events).extracting(CloudTrailEvent::sourceIpAddress)
        .containsExactly("198.51.100.7", "AWS Internal", "ec2.amazonaws.com", "2001:db8::7");
    assertThat(events.get(0).principalArn())
        .isEqualTo("arn:aws:sts::111122223333:assumed-role/web-role/i-0abc1234def567890");
    assertThat(events.get(0).accessKeyId()).isEqualTo("ASIAEXAMPLEKEY0001");
    assertThat(events.get(0).requestParameters()).isNull();
  }

  @Test
  void read_gzipWithoutSuffix_detectedByMagic() {
    assertThat(read("cloudtrail/gzip-without-gz-suffix.json")).extracting(CloudTrailEvent::eventId)
        .containsExactly("00000000-0000-4000-8000-000000000005");
  }

  @Test
  void read_truncatedGzip_keepsRecordsBeforeBreak() {
    List<CloudTrailEvent> events = read("cloudtrail/truncated.json.gz");

    // The file contains 200 records, cut at 60% of its compressed bytes; the bytes that still
    // inflate contain 102 complete records.
    assertThat(events).hasSize(102);
    assertThat(events.get(101).eventId()).isEqualTo("00000000-0000-4000-8000-000000000102");
    InputStats.FileEntry entry = fileEntry("cloudtrail/truncated.json.gz");
    assertThat(entry.records()).isEqualTo(102);
    assertThat(entry.error()).contains("after 102 records").contains("the gzip data ends early");
    assertThat(stats.blindSpots()).hasSize(1);
    assertThat(stats.blindSpots().get(0).description()).contains("truncated.json.gz").contains("missing");
  }

  @Test
  void read_syntaxErrorHalfWay_keepsEarlierRecords() {
    List<CloudTrailEvent> events = read("cloudtrail/syntax-error-half-way.json");

    assertThat(events).extracting(CloudTrailEvent::eventId).containsExactly(
        "00000000-0000-4000-8000-000000000020", "00000000-0000-4000-8000-000000000021");
    assertThat(fileEntry("cloudtrail/syntax-error-half-way.json").error()).contains("after 2 records").contains("line");
    assertThat(stats.blindSpots()).hasSize(1);
  }

  @Test
  void read_badElements_skippedWithPosition() {
    List<CloudTrailEvent> events = read("cloudtrail/records-with-bad-elements.json");

    assertThat(events).extracting(CloudTrailEvent::eventId).containsExactly(
        "00000000-0000-4000-8000-000000000010", "00000000-0000-4000-8000-000000000013");
    assertThat(stats.skippedByReason()).containsEntry("record is not a JSON object", 1L)
        .containsEntry("missing or invalid eventTime", 2L);
    List<InputStats.Skip> skips = stats.skipSamples();
    assertThat(skips).extracting(InputStats.Skip::line).containsExactly(2L, 3L, 4L);
    assertThat(skips.get(0).reason()).contains("records-with-bad-elements.json, record 2 (line")
        .contains("'\"not a record\"'");
    assertThat(skips.get(1).reason()).contains("record 3").contains("'yesterday'").contains("ISO 8601");
    assertThat(skips.get(2).reason()).contains("record 4").contains("no eventTime");
    assertThat(fileEntry("cloudtrail/records-with-bad-elements.json").skipped()).isEqualTo(3);
  }

  @Test
  void read_lookupEvents_skipsInvalidEmbeddedString() {
    List<CloudTrailEvent> events = read("cloudtrail/lookup-events.json");

    assertThat(events).extracting(CloudTrailEvent::eventName).containsExactly("DescribeInstances", "RunInstances");
    assertThat(events.get(1).eventTime()).isEqualTo(Instant.parse("2026-11-30T03:00:32Z"));
    assertThat(stats.skippedByReason()).containsEntry("invalid lookup-events CloudTrailEvent", 1L);
    assertThat(stats.skipSamples().get(0).line()).isEqualTo(2);
    assertThat(stats.skipSamples().get(0).reason()).contains("record 2").contains("not valid JSON");
  }

  @Test
  void read_logstashJsonLines_skipsBrokenLineAndKeepsRest() {
    List<CloudTrailEvent> events = read("cloudtrail/logstash-timestamp.ndjson");

    assertThat(events).extracting(CloudTrailEvent::eventId).containsExactly(
        "00000000-0000-4000-8000-000000000040", "00000000-0000-4000-8000-000000000041",
        "00000000-0000-4000-8000-000000000042", "00000000-0000-4000-8000-000000000043");
    // @timestamp 2026-11-30T03:00:40.000Z: 40 seconds after 03:00 (record i gets second i)
    assertThat(events.get(0).eventTime()).isEqualTo(Instant.parse("2026-11-30T03:00:40Z"));
    assertThat(events.get(0).readOnly()).isTrue();
    assertThat(events.get(2).source()).endsWith("logstash-timestamp.ndjson (line 6)");
    assertThat(stats.skipSamples()).extracting(InputStats.Skip::line).containsExactly(3L, 5L);
    assertThat(stats.skipSamples().get(0).reason()).contains("line 3").contains("not valid JSON");
    assertThat(stats.skippedByReason()).containsEntry("invalid JSON line", 1L)
        .containsEntry("record is not a JSON object", 1L);
  }

  @Test
  void read_jsonLinesWithBrokenFirstLine_readsRest(@TempDir Path dir) throws IOException {
    List<String> lines = Files.readAllLines(resource("cloudtrail/logstash-timestamp.ndjson"));
    // The broken line (an unfinished object) goes first, the blank and array lines are left out.
    Path file = Files.write(dir.resolve("broken-first.ndjson"),
        List.of(lines.get(2), lines.get(0), lines.get(1), lines.get(5), lines.get(6)));
    List<CloudTrailEvent> events = new ArrayList<>();

    reader.read(file, stats, events::add);

    assertThat(events).hasSize(4);
    assertThat(stats.skipSamples()).extracting(InputStats.Skip::line).containsExactly(1L);
    assertThat(stats.skippedByReason()).containsEntry("invalid JSON line", 1L);
  }

  @Test
  void read_prettyRecordBrokenEarly_recordsError(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("broken.json"),
        "{\n  \"eventTime\": \"2026-11-30T03:00:00Z\",\n  \"eventName\": \"ListBuckets\",\n  \"userAgent\": \n}\n");

    reader.read(file, stats, e -> {});

    assertThat(stats.files().get(0).error()).contains("after 0 records").contains("line 5");
    assertThat(stats.skippedTotal()).isZero();
    assertThat(stats.blindSpots()).hasSize(1);
  }

  @Test
  void read_eventBridgeJsonLines_unwrapsDetail() {
    List<CloudTrailEvent> events = read("cloudtrail/eventbridge.jsonl");

    assertThat(events).extracting(CloudTrailEvent::eventName).containsExactly("RunInstances", "RunInstances");
    assertThat(events.get(1).eventId()).isEqualTo("00000000-0000-4000-8000-000000000051");
  }

  @Test
  void read_singleRecordWithSqlTime_readAsUtc() {
    List<CloudTrailEvent> events = read("cloudtrail/single-record-sql-time.json");

    assertThat(events).hasSize(1);
    assertThat(events.get(0).eventTime()).isEqualTo(Instant.parse("2026-11-30T03:01:00.250Z"));
  }

  @ParameterizedTest
  @CsvSource({
    "cloudtrail/111122223333_CloudTrail_eu-west-1_20261130T0300Z_digest.json, cloudtrail digest (skipped)",
    "cloudtrail/111122223333_CloudTrail_eu-west-1_20261130T0300Z_insight.json, cloudtrail insights (skipped)",
  })
  void read_skippedContent_recognisedByContent(String file, String kind) {
    assertThatThrownBy(() -> read(file)).isInstanceOf(InputException.class).hasMessageContaining("No CloudTrail log file");

    assertThat(fileEntry(file).kind()).isEqualTo(kind);
  }

  @Test
  void read_insightRecordInsideLogFile_skippedAsRecord() {
    List<CloudTrailEvent> events = read("cloudtrail/log-with-insight-record.json");

    assertThat(events).hasSize(2);
    assertThat(stats.skippedByReason()).containsEntry("CloudTrail Insights event", 1L);
    assertThat(stats.skipSamples().get(0).line()).isEqualTo(2);
  }

  @Test
  void read_hugeRequestParameters_keptWhole(@TempDir Path dir) throws IOException {
    // CloudTrail truncates requestParameters at 100 KB; 2 MB checks that the reader sets no lower limit.
    String policy = "x".repeat(2_000_000);
    String records = "{\"Records\":["
        + "{\"eventTime\":\"2026-11-30T03:00:00Z\",\"eventName\":\"PutBucketPolicy\","
        + "\"requestParameters\":{\"policy\":\"" + policy + "\"},\"responseElements\":null},"
        + "{\"eventTime\":\"2026-11-30T03:00:01Z\",\"eventName\":\"AssumeRole\",\"errorCode\":\"AccessDenied\","
        + "\"requestParameters\":null,\"responseElements\":null}]}";
    Path file = Files.writeString(dir.resolve("big.json"), records);
    List<CloudTrailEvent> events = new ArrayList<>();

    reader.read(file, stats, events::add);

    assertThat(events).hasSize(2);
    assertThat(events.get(0).requestParameters().path("policy").asText()).hasSize(2_000_000);
    assertThat(events.get(0).responseElements()).isNull();
    assertThat(events.get(1).requestParameters()).isNull();
    assertThat(events.get(1).errorCode()).isEqualTo("AccessDenied");
  }

  @Test
  void read_missingPath_throwsNamingPath(@TempDir Path dir) {
    Path missing = dir.resolve("AWSLogs");

    assertThatThrownBy(() -> reader.read(missing, stats, e -> {}))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("not found: " + missing)
        .hasMessageContaining("Expected a CloudTrail log file");
  }

  @Test
  void read_folderWithoutCloudTrail_throwsNamingPath(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "not json\n");
    Files.writeString(dir.resolve("finding.json"), "{\"schemaVersion\":\"2.0\",\"type\":\"Recon:EC2/Portscan\"}");
    Files.writeString(dir.resolve("empty.json"), "");

    assertThatThrownBy(() -> reader.read(dir, stats, e -> {}))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("No CloudTrail log file in " + dir)
        .hasMessageContaining("3 other files skipped");
    assertThat(stats.files()).extracting(InputStats.FileEntry::error).containsExactly(
        "empty file", "JSON without CloudTrail records (no Records, Events or eventTime)",
        "not JSON (Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'))");
  }

  @Test
  void read_folder_walksRecursivelyInSortedOrder(@TempDir Path dir) throws IOException {
    Path nested = Files.createDirectories(dir.resolve("eu-west-1/2026/11/30"));
    Files.copy(resource("cloudtrail/eventbridge.jsonl"), nested.resolve("b.jsonl"));
    Files.copy(resource("cloudtrail/gzip-without-gz-suffix.json"), nested.resolve("a.json"));
    Files.copy(resource("cloudtrail/single-record-sql-time.json"), dir.resolve("z.json"));
    List<CloudTrailEvent> events = new ArrayList<>();

    reader.read(dir, stats, events::add);

    assertThat(events).extracting(CloudTrailEvent::eventId).containsExactly(
        "00000000-0000-4000-8000-000000000005", "00000000-0000-4000-8000-000000000050",
        "00000000-0000-4000-8000-000000000051", "00000000-0000-4000-8000-000000000060");
  }

  @Test
  void source_folderLinks_followedAndRecorded(@TempDir Path dir) throws IOException {
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.copy(resource("cloudtrail/single-record-sql-time.json"), other.resolve("z.json"));
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.copy(resource("cloudtrail/eventbridge.jsonl"), logs.resolve("b.jsonl"));
    Files.createSymbolicLink(logs.resolve("linked"), Path.of("..", "other"));
    Path broken = Files.createSymbolicLink(logs.resolve("gone.json.gz"), Path.of("nowhere.json.gz"));
    List<CloudTrailEvent> events = new ArrayList<>();

    new CloudTrailSource(List.of(logs), stats).scan(events::add);

    assertThat(events).extracting(CloudTrailEvent::eventId).contains("00000000-0000-4000-8000-000000000060");
    assertThat(stats.files()).filteredOn(entry -> entry.path().equals(broken.toString())).singleElement()
        .satisfies(entry -> assertThat(entry.error()).contains("symbolic link whose target does not exist"));
    assertThat(stats.blindSpots()).extracting(InputStats.BlindSpot::description)
        .anySatisfy(description -> assertThat(description).contains("CloudTrail records in it are missing"));
  }

  @Test
  void source_secondScan_countsOnlyOnce() {
    CloudTrailSource source = new CloudTrailSource(
        List.of(resource("cloudtrail/eventbridge.jsonl"), resource("cloudtrail/records-with-bad-elements.json")), stats);
    List<CloudTrailEvent> first = new ArrayList<>();
    List<CloudTrailEvent> second = new ArrayList<>();

    source.scan(first::add);
    source.scan(second::add);

    assertThat(first).hasSize(4);
    assertThat(second).extracting(CloudTrailEvent::eventId).isEqualTo(first.stream().map(CloudTrailEvent::eventId).collect(Collectors.toList()));
    assertThat(stats.files()).hasSize(2);
    assertThat(stats.recordsByKind()).containsEntry(CloudTrailFileReader.KIND_LOG, 4L);
    assertThat(stats.skippedTotal()).isEqualTo(3);
  }

  @Test
  void source_missingPath_failsBeforeReading(@TempDir Path dir) {
    assertThatThrownBy(() -> new CloudTrailSource(List.of(dir, dir.resolve("typo")), stats))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("typo");
  }
}
