package dev.cordon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's verdicts: what a newcomer must see when they run {@code ./cordon demo}. */
class DemoCommandTest {
  private static JsonNode report;
  private static CliRun textRun;

  @BeforeAll
  static void runDemo() throws Exception {
    CliRun jsonRun = CliRun.of("demo", "--format", "json");
    assertThat(jsonRun.exitCode()).as(jsonRun.stderr()).isEqualTo(ExitCode.OK);
    report = new ObjectMapper().readTree(jsonRun.stdout());
    textRun = CliRun.of("demo", "--color", "never");
  }

  private static List<JsonNode> findings(String kind) {
    List<JsonNode> matches = new ArrayList<>();
    report.path("findings").forEach(finding -> {
      if (kind.equals(finding.path("kind").asText())) {
        matches.add(finding);
      }
    });
    return matches;
  }

  @Test
  void demo_text_exitsZeroWithVerdictFirst() {
    assertThat(textRun.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(textRun.stdout()).contains("203.0.113.100");
    assertThat(textRun.stdout().indexOf("203.0.113.100")).isLessThan(textRun.stdout().indexOf("TIMELINE"));
    assertThat(textRun.stdout()).doesNotContain("\u001b");
  }

  @Test
  void demo_json_hasSchemaVersionAndInputs() {
    assertThat(report.path("schemaVersion").asText()).isEqualTo("1.0");
    assertThat(report.path("inputs").isObject()).isTrue();
    assertThat(report.path("timeline").size()).isGreaterThan(10);
  }

  @Test
  void demo_beaconToC2_isHighOrCritical() {
    List<JsonNode> beacons = findings("beacon");

    assertThat(beacons).anySatisfy(beacon -> {
      assertThat(beacon.path("remoteIp").asText()).isEqualTo("203.0.113.100");
      assertThat(beacon.path("remotePort").asInt()).isEqualTo(443);
      assertThat(beacon.path("localIp").asText()).isEqualTo("10.0.1.55");
      assertThat(beacon.path("severity").asText()).isIn("high", "critical");
      assertThat(beacon.path("periodSeconds").asDouble()).isBetween(270.0, 330.0);
    });
  }

  @Test
  void demo_noBeaconOnHealthChecksOrDatabaseOrS3() {
    for (JsonNode beacon : findings("beacon")) {
      assertThat(beacon.path("remoteIp").asText()).doesNotStartWith("10.0.0.");
      assertThat(beacon.path("remoteIp").asText()).isNotEqualTo("10.0.3.20");
      assertThat(beacon.path("remoteIp").asText()).doesNotStartWith("52.216.");
    }
  }

  @Test
  void demo_s3Calls_noNetworkScan() {
    // The demo's S3 calls go to many 52.216.x.x addresses that the records mark as S3.
    assertThat(findings("network-scan")).isEmpty();
  }

  @Test
  void demo_threatIntelMatch_isCritical() {
    assertThat(findings("threat-intel-match")).anySatisfy(match -> {
      assertThat(match.path("remoteIp").asText()).isEqualTo("203.0.113.100");
      assertThat(match.path("severity").asText()).isEqualTo("critical");
    });
  }

  @Test
  void demo_bulkTransfer_isExfiltrationOfAboutTwoGigabytes() {
    assertThat(findings("exfiltration")).anySatisfy(exfiltration -> {
      assertThat(exfiltration.path("remoteIp").asText()).isEqualTo("198.51.100.77");
      assertThat(exfiltration.path("bytesOut").asLong()).isBetween(2_000_000_000L, 2_300_000_000L);
    });
  }

  @Test
  void demo_newDestination_isTheExfiltrationTarget() {
    assertThat(findings("new-destination"))
        .extracting(finding -> finding.path("remoteIp").asText())
        .contains("198.51.100.77");
  }

  @Test
  void demo_pivot_findsTheSibling() {
    assertThat(findings("ioc-contact")).anySatisfy(contact -> {
      assertThat(contact.path("localIp").asText()).isEqualTo("10.0.1.77");
      assertThat(contact.path("remoteIp").asText()).isEqualTo("203.0.113.100");
    });
  }

  @Test
  void demo_instanceKeysUsedFromOutside_isCredentialExfiltration() {
    assertThat(findings("credential-exfiltration")).anySatisfy(finding -> {
      assertThat(finding.path("sourceIp").asText()).isEqualTo("192.0.2.77");
      assertThat(finding.path("severity").asText()).isEqualTo("critical");
    });
  }

  @Test
  void demo_createdUser_isFollowOnPrincipal() {
    assertThat(findings("follow-on-principal"))
        .extracting(finding -> finding.path("principal").asText())
        .anyMatch(principal -> principal.contains("svc-backup"));
  }

  @Test
  void demo_attackCalls_coverTheTactics() {
    List<String> tactics = findings("api-activity").stream().map(f -> f.path("tactic").asText()).toList();

    assertThat(tactics).contains("discovery", "collection", "credential-access", "persistence",
        "privilege-escalation", "lateral-movement", "exfiltration");
  }

  @Test
  void demo_normalApplicationCalls_stayBelowMedium() {
    for (JsonNode finding : findings("api-activity")) {
      String event = finding.path("eventName").asText();
      if (event.equals("Decrypt") || event.equals("SendMessage")) {
        assertThat(finding.path("severity").asText()).as(event).isEqualTo("low");
      }
    }
  }

  @Test
  void demo_responderCalls_areResponseActions() {
    assertThat(findings("response-action")).isNotEmpty();
    for (JsonNode finding : findings("api-activity")) {
      assertThat(finding.path("principal").asText()).doesNotContain("SecurityResponder");
    }
  }

  @Test
  void demo_guardDutyFinding_isReported() {
    assertThat(findings("guardduty-finding")).singleElement()
        .satisfies(finding -> assertThat(finding.path("rule").asText())
            .isEqualTo("UnauthorizedAccess:EC2/MaliciousIPCaller.Custom"));
  }

  @Test
  void demo_skipDataWindow_isABlindSpot() {
    assertThat(report.path("inputs").toString()).contains("SKIPDATA");
  }

  @Test
  void demo_out_writesThreeReportFiles(@TempDir Path directory) {
    CliRun run = CliRun.of("demo", "--out", directory.toString(), "--format", "markdown");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(directory.resolve("report.txt")).isNotEmptyFile();
    assertThat(directory.resolve("report.json")).isNotEmptyFile();
    assertThat(directory.resolve("report.md")).isNotEmptyFile();
    assertThat(run.stdout()).startsWith("#");
  }

  @Test
  void demo_dataDir_keepsInputs(@TempDir Path directory) {
    Path data = directory.resolve("data");

    CliRun run = CliRun.of("demo", "--data-dir", data.toString(), "--format", "json");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(Files.isDirectory(data)).isTrue();
  }
}
