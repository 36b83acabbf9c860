package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.guardduty.GuardDutyClient;
import software.amazon.awssdk.services.guardduty.model.Condition;
import software.amazon.awssdk.services.guardduty.model.Finding;

/** GuardDuty through the SDK's REST-JSON client; the tests only read, so they share a sandbox. */
class GuardDutyContractTest {
  private static final String DETECTOR = "0abc1234def5678901234567890abcde";

  private static SandboxServer server;
  private static GuardDutyClient guardDuty;

  @BeforeAll
  static void start() {
    server = SandboxServer.start();
    guardDuty = new AwsClientFactory(AwsClientSettings.loopback(server.endpoint())).configure(GuardDutyClient.builder()).build();
  }

  @AfterAll
  static void stop() {
    guardDuty.close();
    server.close();
  }

  @Test
  void listDetectors_seed_returnsDetector() {
    assertThat(guardDuty.listDetectors().detectorIds()).containsExactly(DETECTOR);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "type                                | eq  | UnauthorizedAccess:EC2/MaliciousIPCaller.Custom | 1",
    "type                                | eq  | Recon:EC2/PortProbeUnprotectedPort              | 0",
    "resource.instanceDetails.instanceId | eq  | i-0abc123def456                                 | 1",
    "resource.instanceDetails.instanceId | neq | i-0abc123def456                                 | 0",
    "service.archived                    | eq  | false                                           | 1",
    "service.archived                    | eq  | true                                            | 0",
    "severity                            | gte | 7                                               | 1",
    "severity                            | gte | 8.5                                             | 0",
  })
  void listFindings_criterion_filters(String key, String operator, String value, int expected) {
    Condition condition =
        switch (operator) {
          case "eq" -> Condition.builder().equalsValue(value).build();
          case "neq" -> Condition.builder().notEquals(value).build();
          default -> Condition.builder().greaterThanOrEqual((long) Math.ceil(Double.parseDouble(value))).build();
        };
    // Long criteria round 8.5 up to 9, above the seed severity 8.
    List<String> ids =
        guardDuty.listFindings(r -> r.detectorId(DETECTOR).findingCriteria(c -> c.criterion(Map.of(key, condition)))).findingIds();

    assertThat(ids).hasSize(expected);
  }

  @Test
  void getFindings_seed_returnsRealShape() {
    List<String> ids = guardDuty.listFindings(r -> r.detectorId(DETECTOR)).findingIds();
    Finding finding = guardDuty.getFindings(r -> r.detectorId(DETECTOR).findingIds(ids)).findings().get(0);

    assertThat(finding.type()).isEqualTo("UnauthorizedAccess:EC2/MaliciousIPCaller.Custom");
    assertThat(finding.createdAt()).isEqualTo("2024-01-15T03:15:22.000Z");
    assertThat(finding.severity()).isEqualTo(8.0);
    assertThat(finding.resource().instanceDetails().instanceId()).isEqualTo("i-0abc123def456");
    var connection = finding.service().action().networkConnectionAction();
    assertThat(connection.connectionDirection()).isEqualTo("OUTBOUND");
    assertThat(connection.remoteIpDetails().ipAddressV4()).isEqualTo("203.0.113.100");
    assertThat(connection.remotePortDetails().port()).isEqualTo(443);
    assertThat(finding.service().archived()).isFalse();
  }

  @Test
  void listFindings_unknownDetector_isBadRequest() {
    Throwable thrown = catchThrowable(() -> guardDuty.listFindings(r -> r.detectorId("ffff")));

    assertThat(errorCode(thrown)).isEqualTo("BadRequestException");
  }
}
