package dev.cordon.core.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatasetTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int FLOW_FIELDS = 27;

  @TempDir
  static Path directory;
  private static DemoDataset.Written written;
  private static List<String[]> flows;
  private static List<JsonNode> events;

  @BeforeAll
  static void writeDefaultDataset() throws IOException {
    written = DemoDataset.write(directory.resolve("default"), DemoDataset.Options.defaults());
    flows = readFlows(written.flowLogDirectory());
    events = readEvents(written.cloudTrailDirectory());
  }

  // --- reading helpers ---

  private static List<Path> files(Path root, Predicate<String> name) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).filter(p -> name.test(p.toString())).sorted().toList();
    }
  }

  private static byte[] gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  private static List<String[]> readFlows(Path root) throws IOException {
    List<String[]> records = new ArrayList<>();
    for (Path file : files(root, n -> n.endsWith(".log.gz"))) {
      List<String> lines = new String(gunzip(file), StandardCharsets.UTF_8).lines().toList();
      records.addAll(lines.subList(1, lines.size()).stream().map(l -> l.split(" ")).toList());
    }
    return records;
  }

  private static List<JsonNode> readEvents(Path root) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (Path file : files(root, n -> n.contains("/CloudTrail/"))) {
      MAPPER.readTree(gunzip(file)).get("Records").forEach(all::add);
    }
    return all;
  }

  private static long count(Predicate<String[]> test) {
    return flows.stream().filter(test).count();
  }

  private static List<JsonNode> eventsWhere(Predicate<JsonNode> test) {
    return events.stream().filter(test).toList();
  }

  private static boolean flow(String[] r, String source, String destination, String destinationPort) {
    return r[3].equals(source) && r[4].equals(destination) && r[6].equals(destinationPort);
  }

  // --- determinism and file formats ---

  @Test
  void write_sameSeed_identicalBytes() throws IOException {
    Path again = directory.resolve("again");
    DemoDataset.write(again, DemoDataset.Options.defaults());
    Path first = directory.resolve("default");

    List<Path> expected = files(first, n -> true).stream().map(first::relativize).toList();
    List<Path> actual = files(again, n -> true).stream().map(again::relativize).toList();
    assertThat(actual).isEqualTo(expected);
    for (Path relative : expected) {
      assertThat(Files.readAllBytes(again.resolve(relative)))
          .as(relative.toString()).isEqualTo(Files.readAllBytes(first.resolve(relative)));
    }
  }

  @Test
  void write_otherSeed_differentBeaconTimes() {
    long[] seeded = DemoFlowLogs.beaconTimes(new SplittableRandom(1));
    long[] other = DemoFlowLogs.beaconTimes(new SplittableRandom(2));

    assertThat(seeded).isNotEqualTo(other);
  }

  @Test
  void flowLogs_everyFileHasHeaderAndFullRecords() throws IOException {
    List<Path> logFiles = files(written.flowLogDirectory(), n -> n.endsWith(".log.gz"));

    // 25 hours of 5-minute objects: 25 * 12 = 300.
    assertThat(logFiles).hasSize(300);
    for (Path file : logFiles) {
      List<String> lines = new String(gunzip(file), StandardCharsets.UTF_8).lines().toList();
      assertThat(lines.get(0)).as(file.toString()).isEqualTo(DemoFlowLogs.HEADER);
      assertThat(lines.subList(1, lines.size())).as(file.toString())
          .allSatisfy(line -> assertThat(line.split(" ")).hasSize(FLOW_FIELDS));
    }
    assertThat(flows).hasSize((int) written.flowRecords());
  }

  @Test
  void flowLogs_objectKeysFollowS3Layout() throws IOException {
    Path first = files(written.flowLogDirectory(), n -> n.endsWith(".log.gz")).get(0);

    assertThat(written.flowLogDirectory().relativize(first).toString()).matches(
        "AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/01/14/"
            + "123456789012_vpcflowlogs_us-east-1_fl-0abc1234def567890_20240114T0300Z_[0-9a-f]{8}\\.log\\.gz");
  }

  @Test
  void cloudTrail_everyLogFileHasRecords() throws IOException {
    List<Path> logFiles = files(written.cloudTrailDirectory(), n -> n.contains("/CloudTrail/"));

    assertThat(logFiles).isNotEmpty().allSatisfy(file -> assertThat(file.getFileName().toString())
        .matches("123456789012_CloudTrail_[a-z0-9-]+_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz"));
    for (Path file : logFiles) {
      assertThat(MAPPER.readTree(gunzip(file)).get("Records").isArray()).as(file.toString()).isTrue();
    }
    assertThat(events).hasSize((int) written.cloudTrailRecords());
  }

  @Test
  void cloudTrail_eventsInFullForm() {
    assertThat(events).allSatisfy(e -> {
      assertThat(e.get("eventVersion").asText()).isEqualTo("1.09");
      assertThat(e.get("eventID").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      assertThat(e.has("requestID")).isTrue();
      assertThat(e.has("readOnly")).isTrue();
      assertThat(e.has("managementEvent")).isTrue();
      assertThat(e.has("eventCategory")).isTrue();
      assertThat(e.has("requestParameters")).isTrue();
    });
    assertThat(events.stream().map(e -> e.get("eventID").asText()).distinct().count()).isEqualTo(events.size());
  }

  @Test
  void cloudTrail_digestFilePresentWithoutRecords() throws IOException {
    List<Path> digests = files(written.cloudTrailDirectory(), n -> n.contains("/CloudTrail-Digest/"));

    assertThat(digests).hasSize(1);
    JsonNode digest = MAPPER.readTree(gunzip(digests.get(0)));
    assertThat(digest.has("Records")).isFalse();
    assertThat(digest.get("logFiles")).isNotEmpty();
    assertThat(digests.get(0).getFileName().toString()).isEqualTo(
        "123456789012_CloudTrail-Digest_us-east-1_management-trail_us-east-1_20240115T040000Z.json.gz");
  }

  @Test
  void guardDuty_eventBridgeFindingWithInstanceDetails() throws IOException {
    JsonNode event = MAPPER.readTree(written.findingFile().toFile());
    JsonNode detail = event.get("detail");

    assertThat(event.get("detail-type").asText()).isEqualTo("GuardDuty Finding");
    assertThat(detail.get("type").asText()).isEqualTo("UnauthorizedAccess:EC2/MaliciousIPCaller.Custom");
    assertThat(detail.get("severity").asDouble()).isEqualTo(5.0);
    assertThat(detail.get("createdAt").asText()).isEqualTo("2024-01-15T03:15:22Z");
    assertThat(detail.at("/service/resourceRole").asText()).isEqualTo("ACTOR");
    JsonNode connection = detail.at("/service/action/networkConnectionAction");
    assertThat(connection.get("connectionDirection").asText()).isEqualTo("OUTBOUND");
    assertThat(connection.at("/remoteIpDetails/ipAddressV4").asText()).isEqualTo(DemoDataset.C2_ADDRESS);
    assertThat(connection.at("/remotePortDetails/port").asInt()).isEqualTo(443);
    assertThat(connection.at("/localPortDetails/port").asInt()).isEqualTo(49152);
    assertThat(detail.at("/service/additionalInfo/threatListName").asText()).isEqualTo("CustomC2List");
    JsonNode interfaces = detail.at("/resource/instanceDetails/networkInterfaces");
    assertThat(interfaces).hasSize(2);
    assertThat(interfaces.get(0).get("privateIpAddresses")).hasSize(2);
    assertThat(interfaces.get(0).get("publicIp").asText()).isEqualTo(DemoDataset.PUBLIC_ADDRESS);
    assertThat(interfaces.get(1).get("ipv6Addresses").get(0).asText()).isEqualTo(DemoDataset.SECOND_ENI_IPV6_ADDRESS);
    assertThat(detail.at("/resource/instanceDetails/iamInstanceProfile/arn").asText())
        .isEqualTo(DemoDataset.INSTANCE_PROFILE_ARN);
  }

  @Test
  void intel_blocklistAndStixNameTheC2() throws IOException {
    String blocklist = Files.readString(written.intelFiles().get(0));
    JsonNode bundle = MAPPER.readTree(written.intelFiles().get(1).toFile());

    assertThat(blocklist.lines()).contains(DemoDataset.C2_ADDRESS);
    assertThat(bundle.get("type").asText()).isEqualTo("bundle");
    assertThat(bundle.findValuesAsText("pattern"))
        .containsExactly("[ipv4-addr:value = '203.0.113.100']", "[ipv6-addr:value = '2001:db8:c2::/48']");
  }

  // --- key facts ---

  @Test
  void flowLogs_beaconEveryFiveMinutesWithJitter() {
    long[] starts = flows.stream()
        .filter(r -> flow(r, DemoDataset.PRIMARY_ADDRESS, DemoDataset.C2_ADDRESS, "443"))
        .mapToLong(r -> Long.parseLong(r[10])).sorted().toArray();

    assertThat(starts).hasSize(DemoDataset.BEACON_COUNT);
    for (int i = 1; i < starts.length; i++) {
      // 300 s apart, each end jittered by up to 15 s: 270 to 330 s.
      assertThat(starts[i] - starts[i - 1]).isBetween(270L, 330L);
    }
    assertThat(count(r -> r[3].equals(DemoDataset.C2_ADDRESS) && r[4].equals(DemoDataset.PRIMARY_ADDRESS)))
        .isEqualTo(DemoDataset.BEACON_COUNT);
  }

  @Test
  void flowLogs_beaconRecordsHaveFlagsAndDirections() {
    String[] out = flows.stream().filter(r -> flow(r, DemoDataset.PRIMARY_ADDRESS, DemoDataset.C2_ADDRESS, "443"))
        .findFirst().orElseThrow();
    String[] reply = flows.stream().filter(r -> r[3].equals(DemoDataset.C2_ADDRESS) && r[5].equals("443"))
        .findFirst().orElseThrow();

    assertThat(out[17]).isEqualTo("3");
    assertThat(out[25]).isEqualTo("egress");
    assertThat(reply[17]).isEqualTo("19");
    assertThat(reply[25]).isEqualTo("ingress");
    assertThat(reply[26]).isEqualTo("-");
  }

  @Test
  void flowLogs_bulkTransferTotalsExactly() {
    List<String[]> bulk = flows.stream()
        .filter(r -> flow(r, DemoDataset.PRIMARY_ADDRESS, DemoDataset.EXFILTRATION_ADDRESS, "443")).toList();

    assertThat(bulk).hasSize(DemoDataset.EXFILTRATION_MINUTES);
    assertThat(bulk.stream().mapToLong(r -> Long.parseLong(r[9])).sum()).isEqualTo(DemoDataset.EXFILTRATION_BYTES);
    assertThat(bulk.stream().mapToLong(r -> Long.parseLong(r[10])).min().orElseThrow())
        .isEqualTo(DemoDataset.EXFILTRATION_START.getEpochSecond());
  }

  @Test
  void flowLogs_siblingContactsC2Once() {
    List<String[]> contact = flows.stream()
        .filter(r -> flow(r, DemoDataset.SIBLING_ADDRESS, DemoDataset.C2_ADDRESS, "443")).toList();

    assertThat(contact).hasSize(1);
    assertThat(contact.get(0)[16]).isEqualTo(DemoDataset.SIBLING_INSTANCE_ID);
    assertThat(Long.parseLong(contact.get(0)[10])).isEqualTo(DemoDataset.SIBLING_C2_CONTACT.getEpochSecond());
    // 1,024 bytes out and 3,072 back: 4 KB in all.
    assertThat(contact.get(0)[9]).isEqualTo("1024");
  }

  @Test
  void flowLogs_oneSkipDataAndSomeNoData() {
    assertThat(count(r -> r[13].equals("SKIPDATA"))).isEqualTo(1);
    assertThat(count(r -> r[13].equals("SKIPDATA") && r[2].equals(DemoDataset.PRIMARY_ENI)
        && r[10].equals(String.valueOf(DemoDataset.SKIPDATA_WINDOW.getEpochSecond())))).isEqualTo(1);
    assertThat(count(r -> r[13].equals("NODATA") && r[2].equals(DemoDataset.SECONDARY_ENI))).isPositive();
  }

  @Test
  void flowLogs_s3CallsThroughGatewayEndpoint() {
    assertThat(count(r -> r[3].equals(DemoDataset.PRIMARY_ADDRESS) && r[4].startsWith("52.216.")
        && r[24].equals("S3") && r[26].equals("7"))).isGreaterThan(1_000);
  }

  @Test
  void cloudTrail_handOutsEverySixHoursPerInstance() {
    List<JsonNode> handOuts = eventsWhere(e -> e.get("eventName").asText().equals("AssumeRole")
        && e.at("/userIdentity/invokedBy").asText().equals("ec2.amazonaws.com"));
    List<String> sessions = handOuts.stream().map(e -> e.at("/requestParameters/roleSessionName").asText()).toList();

    // 25 hours from 03:02 and 03:04: hand-outs at 03, 09, 15, 21 and 03 again, for each instance.
    assertThat(sessions).filteredOn(DemoDataset.INSTANCE_ID::equals).hasSize(5);
    assertThat(sessions).filteredOn(DemoDataset.SIBLING_INSTANCE_ID::equals).hasSize(5);
    assertThat(handOuts).anySatisfy(e -> {
      assertThat(e.get("eventTime").asText()).isEqualTo(DemoDataset.STOLEN_KEY_ISSUED.toString());
      assertThat(e.at("/responseElements/credentials/accessKeyId").asText()).isEqualTo(DemoDataset.STOLEN_ACCESS_KEY_ID);
    });
  }

  @Test
  void cloudTrail_stolenKeyUsedFromOutside() {
    List<JsonNode> outside = eventsWhere(e -> e.get("sourceIPAddress").asText().equals(DemoDataset.OUTSIDE_ADDRESS));

    assertThat(outside).extracting(e -> e.at("/userIdentity/accessKeyId").asText())
        .containsOnly(DemoDataset.STOLEN_ACCESS_KEY_ID, DemoDataset.BACKDOOR_ACCESS_KEY_ID);
    assertThat(outside).extracting(e -> e.get("eventName").asText())
        .contains("ListBuckets", "GetObject", "ListUsers", "CreateLoginProfile");
    assertThat(eventsWhere(e -> e.get("userAgent").asText().equals(DemoDataset.HOSTILE_USER_AGENT))).hasSize(1);
  }

  @Test
  void cloudTrail_attackFromInstance() {
    List<JsonNode> attack = eventsWhere(e -> e.get("userAgent").asText().equals(DemoDataset.ATTACK_USER_AGENT));
    List<JsonNode> describes = attack.stream().filter(e -> e.get("eventName").asText().equals("DescribeInstances")).toList();
    List<Instant> describeTimes = describes.stream().map(e -> Instant.parse(e.get("eventTime").asText())).sorted().toList();

    assertThat(attack).allSatisfy(e -> assertThat(e.get("sourceIPAddress").asText()).isEqualTo(DemoDataset.PUBLIC_ADDRESS));
    assertThat(describes.stream().map(e -> e.get("awsRegion").asText()).distinct()).hasSize(12);
    assertThat(Duration.between(describeTimes.get(0), describeTimes.get(11))).isLessThan(Duration.ofMinutes(3));
    assertThat(attack.stream().filter(e -> e.get("eventName").asText().equals("GetObject")
        && e.get("eventCategory").asText().equals("Data"))).hasSize(DemoDataset.STOLEN_OBJECT_COUNT);
    assertThat(attack).extracting(e -> e.get("eventName").asText()).contains("GetCallerIdentity", "ListRoles",
        "ListUsers", "ListAttachedRolePolicies", "ListBuckets", "ListSecrets", "GetSecretValue", "StopLogging",
        "CreateUser", "CreateAccessKey", "AttachUserPolicy", "AssumeRole", "ModifySnapshotAttribute");
    assertThat(attack).filteredOn(e -> e.has("errorCode")).extracting(e -> e.get("eventName").asText())
        .containsExactly("StopLogging");
  }

  @Test
  void cloudTrail_persistenceKeys() {
    JsonNode createKey = eventsWhere(e -> e.get("eventName").asText().equals("CreateAccessKey")).get(0);
    JsonNode partner = eventsWhere(e -> e.at("/requestParameters/roleArn").asText().equals(DemoDataset.PARTNER_ROLE_ARN)).get(0);

    assertThat(createKey.at("/responseElements/accessKey/accessKeyId").asText()).isEqualTo(DemoDataset.BACKDOOR_ACCESS_KEY_ID);
    assertThat(partner.at("/responseElements/credentials/accessKeyId").asText()).isEqualTo(DemoDataset.PARTNER_ACCESS_KEY_ID);
  }

  @Test
  void cloudTrail_instanceSessionsCarryEc2RoleDelivery() {
    List<JsonNode> sessions = eventsWhere(e -> e.at("/userIdentity/arn").asText().equals(DemoDataset.INSTANCE_SESSION_ARN));

    assertThat(sessions).isNotEmpty().allSatisfy(e -> {
      assertThat(e.at("/userIdentity/type").asText()).isEqualTo("AssumedRole");
      assertThat(e.at("/userIdentity/principalId").asText()).isEqualTo(DemoDataset.ROLE_ID + ":" + DemoDataset.INSTANCE_ID);
      assertThat(e.at("/userIdentity/sessionContext/ec2RoleDelivery").asText()).isEqualTo("2.0");
    });
  }

  @Test
  void cloudTrail_responderAndCordonCalls() {
    List<JsonNode> responder = eventsWhere(e -> e.at("/userIdentity/arn").asText().equals(DemoDataset.RESPONDER_ARN));

    assertThat(responder).extracting(e -> e.get("eventTime").asText())
        .containsExactly("2024-01-15T03:20:00Z", "2024-01-15T03:25:00Z");
    assertThat(responder.get(1).get("userAgent").asText()).startsWith("cordon/");
  }

  @Test
  void write_backgroundHostsWithoutGzip_addsPlainFiles() throws IOException {
    DemoDataset.Written plain = DemoDataset.write(directory.resolve("plain"), new DemoDataset.Options(7, 2, false));

    // Each background host adds a request and a database connection per minute, two records each:
    // 2 hosts * 4 records * 1,500 minutes = 12,000 more than the default. The other seed changes
    // only the number of NODATA records, so those are left out of the comparison.
    List<Path> logs = files(plain.flowLogDirectory(), n -> n.endsWith(".log"));
    assertThat(logs).hasSize(300);
    assertThat(files(plain.cloudTrailDirectory(), n -> n.endsWith(".json"))).isNotEmpty();
    assertThat(Files.readAllLines(logs.get(0)).get(0)).isEqualTo(DemoFlowLogs.HEADER);
    assertThat(plain.flowRecords() - countNoData(plain.flowLogDirectory()))
        .isEqualTo(written.flowRecords() - count(r -> r[13].equals("NODATA")) + 12_000);
  }

  private static long countNoData(Path root) throws IOException {
    long total = 0;
    for (Path file : files(root, n -> n.endsWith(".log"))) {
      total += Files.readAllLines(file).stream().filter(l -> l.contains(" NODATA ")).count();
    }
    return total;
  }

}
