package dev.cordon.core.guardduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuardDutyReaderTest {
  private final GuardDutyReader reader = new GuardDutyReader();
  private final InputStats stats = new InputStats();

  private static Path resource(String name) {
    try {
      return Path.of(GuardDutyReaderTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<GuardDutyFinding> read(String name) {
    return reader.read(resource(name), stats);
  }

  private GuardDutyFinding readOne(String name) {
    List<GuardDutyFinding> findings = read(name);
    assertThat(findings).hasSize(1);
    return findings.get(0);
  }

  // --- saved samples ---

  @ParameterizedTest
  @CsvSource({
    // file, id, type, severity, resourceRole, actionType, count, sample
    "elastic-sample_UnauthorizedAccess-EC2-MaliciousIPCaller.Custom.json, 04bf27df0ab9376b1d9fa5cfa7801dfa, UnauthorizedAccess:EC2/MaliciousIPCaller.Custom, 5, TARGET, NETWORK_CONNECTION, 4, true",
    "elastic-sample_Trojan-EC2-BlackholeTraffic.json, 06bf27df0ab8d733d6d2d2a17b9ee086, Trojan:EC2/BlackholeTraffic, 5, TARGET, NETWORK_CONNECTION, 4, true",
    "elastic-sample_Backdoor-EC2-DenialOfService.Tcp.json, 04bf27df0ab8316b79d3f5ca5534b6f3, Backdoor:EC2/DenialOfService.Tcp, 8, ACTOR, NETWORK_CONNECTION, 4, true",
    "elastic-sample_Recon-IAMUser-MaliciousIPCaller.Custom.json, 08bf27df0ab239e64337c7a2c78f3f6b, Recon:IAMUser/MaliciousIPCaller.Custom, 5, TARGET, AWS_API_CALL, 4, true",
    "elastic-findings_Trojan-EC2-BlackholeTraffic-DNS.json, d6012345678912345678912349f831b8f, Trojan:EC2/BlackholeTraffic!DNS, 5, TARGET, DNS_REQUEST, 2, true",
    "elastic-findings_PrivilegeEscalation-Runtime-DockerSocketAccessed.json, abcd1234, PrivilegeEscalation:Runtime/DockerSocketAccessed, 5, , , 9, false",
    "awscli-example_get-findings_Recon-IAMUser-UserPermissions.json, 1ab92989eaf0e742df4a014d5example, Recon:IAMUser/UserPermissions, 5, TARGET, AWS_API_CALL, 5, false",
    "panther-test_AttackSequence-IAM-CompromisedCredentials.json, 8c258d654378414b9bc26f61a93eb816, AttackSequence:IAM/CompromisedCredentials, 9, TARGET, , 1, false",
  })
  void read_sample_mapsHeader(String file, String id, String type, double severity, String role,
      String actionType, int count, boolean sample) {
    GuardDutyFinding finding = readOne("samples/guardduty/" + file);

    assertThat(finding.id()).isEqualTo(id);
    assertThat(finding.type()).isEqualTo(type);
    assertThat(finding.severity()).isEqualTo(severity);
    assertThat(finding.resourceRole()).isEqualTo(role);
    assertThat(finding.actionType()).isEqualTo(actionType);
    assertThat(finding.count()).isEqualTo(count);
    assertThat(finding.sample()).isEqualTo(sample);
    assertThat(stats.files()).extracting(InputStats.FileEntry::records).containsExactly(1L);
  }

  @ParameterizedTest
  @CsvSource({
    // file, direction, remote port, local port. The first two are both TARGET but face opposite
    // ways, so the direction comes from the action and not from resourceRole.
    "elastic-sample_UnauthorizedAccess-EC2-MaliciousIPCaller.Custom.json, INBOUND, 5711, 3389",
    "elastic-sample_Trojan-EC2-BlackholeTraffic.json, OUTBOUND, 80, 37617",
    "elastic-sample_Backdoor-EC2-DenialOfService.Tcp.json, OUTBOUND, 80, 24198",
  })
  void read_networkConnectionSample_mapsRemoteSide(String file, String direction, int remotePort, int localPort) {
    GuardDutyFinding finding = readOne("samples/guardduty/" + file);

    assertThat(finding.remoteIp()).isEqualTo("81.2.69.144");
    assertThat(finding.direction()).isEqualTo(direction);
    assertThat(finding.remotePort()).isEqualTo(remotePort);
    assertThat(finding.localPort()).isEqualTo(localPort);
    assertThat(finding.protocol()).isEqualTo("TCP");
    assertThat(finding.instanceId()).isEqualTo("i-99999999");
    assertThat(finding.instanceProfileArn()).isEqualTo("arn:aws:iam::973743533182:example/instance/profile");
    GuardDutyFinding.NetworkInterface eni = finding.networkInterfaces().get(0);
    assertThat(eni.networkInterfaceId()).isEqualTo("eni-bfcffe88");
    assertThat(eni.privateIpAddress()).isEqualTo("10.0.0.1");
    assertThat(eni.privateIpAddresses()).containsExactly("10.0.0.1");
    assertThat(eni.ipv6Addresses()).isEmpty();
    assertThat(eni.publicIp()).isEqualTo("81.2.69.144");
    assertThat(eni.securityGroupIds()).containsExactly("GeneratedFindingSecurityId");
  }

  @Test
  void read_maliciousIpCallerSample_mapsTimes() {
    GuardDutyFinding finding = readOne("samples/guardduty/elastic-sample_UnauthorizedAccess-EC2-MaliciousIPCaller.Custom.json");

    assertThat(finding.createdAt()).isEqualTo(Instant.parse("2022-01-12T19:22:44.466Z"));
    assertThat(finding.accountId()).isNotNull();
    assertThat(finding.source()).endsWith("MaliciousIPCaller.Custom.json (finding 1)");
  }

  @Test
  void read_iamUserSample_takesApiCallerIp() {
    GuardDutyFinding finding = readOne("samples/guardduty/elastic-sample_Recon-IAMUser-MaliciousIPCaller.Custom.json");

    assertThat(finding.remoteIp()).isEqualTo("81.2.69.144");
    assertThat(finding.remotePort()).isNull();
    assertThat(finding.direction()).isNull();
  }

  @Test
  void read_cliSample_mapsPascalCaseKeys() {
    GuardDutyFinding finding = readOne("samples/guardduty/awscli-example_get-findings_Recon-IAMUser-UserPermissions.json");

    assertThat(finding.accountId()).isEqualTo("111122223333");
    assertThat(finding.region()).isEqualTo("us-east-1");
    assertThat(finding.title()).isEqualTo("Unusual user permission reconnaissance activity by testuser.");
    assertThat(finding.createdAt()).isEqualTo(Instant.parse("2020-05-26T22:21:48.385Z"));
    assertThat(finding.updatedAt()).isEqualTo(Instant.parse("2020-05-26T22:55:21.703Z"));
    assertThat(finding.firstSeen()).isEqualTo(Instant.parse("2020-05-26T22:02:24Z"));
    assertThat(finding.lastSeen()).isEqualTo(Instant.parse("2020-05-26T22:33:55Z"));
    assertThat(finding.remoteIp()).isEqualTo("52.94.36.7");
    assertThat(finding.instanceId()).isNull();
    assertThat(finding.networkInterfaces()).isEmpty();
  }

  @Test
  void read_runtimeSample_deduplicatesGroupsKeepsOddNames() {
    GuardDutyFinding finding = readOne("samples/guardduty/elastic-findings_PrivilegeEscalation-Runtime-DockerSocketAccessed.json");

    assertThat(finding.instanceId()).isEqualTo("i-abcd1234");
    assertThat(finding.instanceProfileArn()).isEqualTo("arn:aws:iam::abcd1234:instance-profile/buildserver_profile");
    GuardDutyFinding.NetworkInterface eni = finding.networkInterfaces().get(0);
    assertThat(eni.securityGroupIds()).containsExactly("sg-abcd1234");
    assertThat(eni.publicIp()).isEqualTo("216.160.83.56");
    assertThat(eni.vpcId()).isEqualTo("vpc-abcd1234");
    assertThat(eni.subnetId()).isEqualTo("subnet-abcd1234");
    assertThat(finding.remoteIp()).isNull();
  }

  @Test
  void read_pantherSample_readsSpaceSeparatedTimes() {
    GuardDutyFinding finding = readOne("samples/guardduty/panther-test_AttackSequence-IAM-CompromisedCredentials.json");

    assertThat(finding.createdAt()).isEqualTo(Instant.parse("2025-02-25T20:40:06.721Z"));
    assertThat(finding.firstSeen()).isEqualTo(Instant.parse("2025-02-25T20:40:06Z"));
    assertThat(finding.instanceId()).isNull();
  }

  // --- crafted shapes ---

  @Test
  void read_eventBridgeEvent_unwrapsDetail() {
    GuardDutyFinding finding = readOne("guardduty/eventbridge-c2-outbound.json");

    assertThat(finding.id()).isEqualTo("a1b2c3d4e5f60718293a4b5c6d7e8f90");
    assertThat(finding.accountId()).isEqualTo("111122223333");
    assertThat(finding.severity()).isEqualTo(5.3);
    assertThat(finding.remoteIp()).isEqualTo("203.0.113.100");
    assertThat(finding.remotePort()).isEqualTo(443);
    assertThat(finding.localPort()).isEqualTo(49822);
    assertThat(finding.direction()).isEqualTo("OUTBOUND");
    assertThat(finding.sample()).isFalse();
    assertThat(finding.count()).isEqualTo(17);
    assertThat(finding.instanceProfileArn()).isEqualTo("arn:aws:iam::111122223333:instance-profile/web-profile");
  }

  @Test
  void read_eventBridgeEvent_keepsEveryEni() {
    List<GuardDutyFinding.NetworkInterface> enis = readOne("guardduty/eventbridge-c2-outbound.json").networkInterfaces();

    assertThat(enis).hasSize(2);
    GuardDutyFinding.NetworkInterface first = enis.get(0);
    assertThat(first.networkInterfaceId()).isEqualTo("eni-00000000000000001");
    assertThat(first.privateIpAddress()).isEqualTo("10.0.1.15");
    assertThat(first.privateIpAddresses()).containsExactly("10.0.1.15", "10.0.1.16", "10.0.1.17");
    // 2001:DB8:0:0:0:0:0:15 in the finding, compressed to RFC 5952 form
    assertThat(first.ipv6Addresses()).containsExactly("2001:db8::15");
    assertThat(first.publicIp()).isEqualTo("198.51.100.20");
    assertThat(first.securityGroupIds()).containsExactly("sg-0a1", "sg-0b2");
    GuardDutyFinding.NetworkInterface second = enis.get(1);
    assertThat(second.privateIpAddresses()).containsExactly("10.0.2.40");
    assertThat(second.publicIp()).isNull();
    assertThat(second.subnetId()).isEqualTo("subnet-02");
  }

  @Test
  void read_apiResponse_readsProbeAndIam() {
    List<GuardDutyFinding> findings = read("guardduty/get-findings-response.json");

    assertThat(findings).hasSize(2);
    GuardDutyFinding probe = findings.get(0);
    assertThat(probe.actionType()).isEqualTo("PORT_PROBE");
    assertThat(probe.remoteIp()).isEqualTo("192.0.2.55");
    assertThat(probe.localPort()).isEqualTo(22);
    assertThat(probe.remotePort()).isNull();
    GuardDutyFinding iam = findings.get(1);
    assertThat(iam.instanceId()).isNull();
    assertThat(iam.networkInterfaces()).isEmpty();
    assertThat(iam.remoteIp()).isEqualTo("2001:db8:ffff::42");
    assertThat(iam.severity()).isEqualTo(8.0);
    assertThat(iam.source()).endsWith("get-findings-response.json (finding 2)");
  }

  @Test
  void read_cliPascalCase_mapsNestedKeys() {
    GuardDutyFinding finding = readOne("guardduty/cli-pascal-case.json");

    assertThat(finding.type()).isEqualTo("Backdoor:EC2/C&CActivity.B");
    assertThat(finding.severity()).isEqualTo(8.0);
    assertThat(finding.sample()).isTrue();
    assertThat(finding.instanceId()).isEqualTo("i-0abc1234def567890");
    assertThat(finding.instanceProfileArn()).isEqualTo("arn:aws:iam::111122223333:instance-profile/web-profile");
    assertThat(finding.networkInterfaces()).hasSize(2);
    assertThat(finding.networkInterfaces().get(0).privateIpAddresses()).containsExactly("10.0.1.15", "10.0.1.16", "10.0.1.17");
    assertThat(finding.networkInterfaces().get(0).ipv6Addresses()).containsExactly("2001:db8::15");
    assertThat(finding.remoteIp()).isEqualTo("203.0.113.100");
    assertThat(finding.remotePort()).isEqualTo(443);
    assertThat(finding.direction()).isEqualTo("OUTBOUND");
    assertThat(finding.firstSeen()).isEqualTo(Instant.parse("2026-11-30T02:58:11Z"));
  }

  @Test
  void read_jsonLines_skipsBadLinesKeepsRest() {
    List<GuardDutyFinding> findings = read("guardduty/findings.jsonl");

    assertThat(findings).extracting(GuardDutyFinding::id).containsExactly(
        "d0000000000000000000000000000001", "d0000000000000000000000000000003", "a1b2c3d4e5f60718293a4b5c6d7e8f90");
    assertThat(findings.get(1).severity()).isEqualTo(8.95);
    assertThat(findings.get(2).source()).endsWith("findings.jsonl (line 6)");
    assertThat(stats.skipSamples()).extracting(InputStats.Skip::line).containsExactly(2L, 4L);
    assertThat(stats.skipSamples().get(0).reason()).contains("findings.jsonl, line 2: not valid JSON");
    assertThat(stats.skipSamples().get(1).reason()).contains("line 4").contains("invalid severity 'high'")
        .contains("d0000000000000000000000000000004");
    assertThat(stats.files().get(0).skipped()).isEqualTo(2);
  }

  @Test
  void read_gzipJsonLines_detectedByMagicBytes() {
    assertThat(read("guardduty/findings.jsonl.gz")).extracting(GuardDutyFinding::type)
        .containsExactly("Trojan:EC2/BlackholeTraffic", "CryptoCurrency:EC2/BitcoinTool.B");
  }

  @Test
  void read_cloudTrailFile_throwsListingShapes() {
    assertThatThrownBy(() -> read("guardduty/cloudtrail-not-guardduty.json"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("cloudtrail-not-guardduty.json")
        .hasMessageContaining("EventBridge event")
        .hasMessageContaining("{\"Findings\":[...]}");
  }

  @Test
  void read_missingFile_throwsNamingFile(@TempDir Path dir) {
    Path missing = dir.resolve("finding.json");

    assertThatThrownBy(() -> reader.read(missing, stats))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("not found: " + missing);
  }

  @Test
  void read_notJson_throwsNamingFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("finding.txt"), "Finding: i-0abc1234def567890\n");

    assertThatThrownBy(() -> reader.read(file, stats))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("Not a GuardDuty finding file: " + file)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void read_brokenAfterFirstDocument_keepsFirstFinding(@TempDir Path dir) throws IOException {
    String first = Files.readString(resource("guardduty/eventbridge-c2-outbound.json"));
    Path file = Files.writeString(dir.resolve("two.json"), first + "\n{\"id\": \"x\", \"type\": ");

    List<GuardDutyFinding> findings = reader.read(file, stats);

    assertThat(findings).hasSize(1);
    assertThat(stats.files().get(0).error()).contains("after 1 findings");
    assertThat(stats.blindSpots()).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    // text replaced in the sample, its replacement, field named in the error
    "\"203.0.113.100\" | \"203.0.113.100\\u001b[31m\" | service.action.networkConnectionAction.remoteIpDetails.ipAddressV4",
    "\"203.0.113.100\" | \"\" | service.action.networkConnectionAction.remoteIpDetails.ipAddressV4",
    "\"i-0abc1234def567890\" | \"i-0abc\\u001b[2J\" | resource.instanceDetails.instanceId",
    "\"10.0.2.40\" | \"c2.example.net\" | resource.instanceDetails.networkInterfaces[1].privateIpAddress",
  })
  void read_invalidActedOnValue_throwsNamingField(String original, String replacement, String field,
      @TempDir Path dir) throws IOException {
    String sample = Files.readString(resource("guardduty/eventbridge-c2-outbound.json"));
    assertThat(sample).contains(original);
    Path file = Files.writeString(dir.resolve("finding.json"), sample.replace(original, replacement));

    assertThatThrownBy(() -> reader.read(file, stats))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(field + " is '")
        .hasMessageContaining("expected");
  }

  @Test
  void read_invalidRemoteIp_messageShowsValue(@TempDir Path dir) throws IOException {
    String sample = Files.readString(resource("guardduty/eventbridge-c2-outbound.json"));
    Path file = Files.writeString(dir.resolve("finding.json"),
        sample.replace("\"203.0.113.100\"", "\"203.0.113.100 \""));

    assertThatThrownBy(() -> reader.read(file, stats))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("is '203.0.113.100 '");
  }
}
