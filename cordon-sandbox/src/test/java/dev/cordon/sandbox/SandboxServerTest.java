package dev.cordon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

class SandboxServerTest {
  private static final String DESCRIBE_INSTANCES = "Action=DescribeInstances&Version=2016-11-15";

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "10.0.1.55", "192.168.1.10", "169.254.169.254", "sandbox.example.com", "localhost.example.com"})
  void start_nonLoopbackHost_isRejected(String host) {
    assertThatThrownBy(() -> SandboxServer.start(host, 0, Scenario.builtIn()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(host)
        .hasMessageContaining("loopback");
  }

  @Test
  void start_freePort_bindsLoopbackOnly() {
    try (SandboxServer server = SandboxServer.start()) {
      assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(server.endpoint().getPort()).isPositive();
    }
  }

  @Test
  void start_localhost_bindsIpv4Loopback() {
    try (SandboxServer server = SandboxServer.start("localhost", 0, Scenario.builtIn())) {
      assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
    }
  }

  private static HttpResponse<String> post(URI endpoint, String body, String... headers) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unsignedRequest_isMissingAuthenticationToken() throws Exception {
    try (SandboxServer server = SandboxServer.start()) {
      HttpResponse<String> response = post(server.endpoint(), DESCRIBE_INSTANCES);

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).contains("<Code>MissingAuthenticationToken</Code>");
      assertThat(response.body()).contains("<Response><Errors><Error>");
    }
  }

  @Test
  void unsignedJsonRequest_getsJsonErrorShape() throws Exception {
    try (SandboxServer server = SandboxServer.start()) {
      HttpResponse<String> response =
          post(server.endpoint(), "{}", "X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents");

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).contains("\"__type\":\"MissingAuthenticationToken\"");
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    }
  }

  @Test
  void signatureWithoutCredential_isIncompleteSignature() throws Exception {
    try (SandboxServer server = SandboxServer.start()) {
      HttpResponse<String> response =
          post(server.endpoint(), DESCRIBE_INSTANCES,
              "Authorization", "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc",
              "X-Amz-Date", "20240115T032000Z");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("<Code>IncompleteSignature</Code>");
      assertThat(response.body()).contains("Credential");
    }
  }

  private static String authorization(String region, String service) {
    return "AWS4-HMAC-SHA256 Credential=AKIASANDBOXEXAMPLE00/20240115/" + region + "/" + service
        + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd";
  }

  @Test
  void signedRequest_anySignature_isAccepted() throws Exception {
    try (SandboxServer server = SandboxServer.start()) {
      HttpResponse<String> response =
          post(server.endpoint(), DESCRIBE_INSTANCES,
              "Authorization", authorization("us-east-1", "ec2"), "X-Amz-Date", "20240115T032000Z");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("<instanceId>i-0abc123def456</instanceId>");
    }
  }

  @Test
  void signedForUnservedService_isRejected() throws Exception {
    try (SandboxServer server = SandboxServer.start()) {
      HttpResponse<String> response =
          post(server.endpoint(), DESCRIBE_INSTANCES,
              "Authorization", authorization("us-east-1", "kinesis"), "X-Amz-Date", "20240115T032000Z");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("kinesis");
    }
  }

  @Test
  void signedForOtherRegion_isRejected() throws Exception {
    try (SandboxServer server = SandboxServer.start()) {
      HttpResponse<String> response =
          post(server.endpoint(), DESCRIBE_INSTANCES,
              "Authorization", authorization("eu-west-1", "ec2"), "X-Amz-Date", "20240115T032000Z");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("<Code>InvalidRegion</Code>");
    }
  }

  @Test
  void ec2ActionSignedForSts_isRoutedBySigningScope() throws Exception {
    try (SandboxServer server = SandboxServer.start()) {
      HttpResponse<String> response =
          post(server.endpoint(), "Action=DescribeInstances&Version=2011-06-15",
              "Authorization", authorization("us-east-1", "sts"), "X-Amz-Date", "20240115T032000Z");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("<ErrorResponse");
      assertThat(response.body()).contains("<Code>InvalidAction</Code>");
    }
  }

  @Test
  void getCallerIdentity_sdk_returnsScenarioIdentity() {
    try (SandboxClients sandbox = SandboxClients.seed()) {
      GetCallerIdentityResponse identity = sandbox.sts.getCallerIdentity();

      assertThat(identity.account()).isEqualTo("123456789012");
      assertThat(identity.arn()).isEqualTo("arn:aws:iam::123456789012:user/responder");
      assertThat(identity.userId()).isEqualTo("AIDASANDBOXRESPONDER");
    }
  }

  @Test
  void stateDump_reloadsAsScenario() {
    try (SandboxClients first = SandboxClients.seed()) {
      first.ec2.createSecurityGroup(r -> r.groupName("isolation").description("none").vpcId("vpc-0abc123"));

      try (SandboxClients second = SandboxClients.of(Scenario.fromJson("dump", first.server.stateJson()))) {
        assertThat(second.ec2.describeSecurityGroups().securityGroups()).hasSize(4);
        String next =
            second.ec2.createSecurityGroup(r -> r.groupName("next").description("n").vpcId("vpc-0abc123")).groupId();
        assertThat(next).isNotEqualTo("sg-00000000000000001");
      }
    }
  }

  @Test
  void stateDump_seed_containsClockAndConnections() {
    try (SandboxClients sandbox = SandboxClients.seed()) {
      JsonNode dump = sandbox.dump();

      assertThat(dump.get("now").asText()).isEqualTo("2024-01-15T03:20:00Z");
      assertThat(dump.get("accountId").asText()).isEqualTo("123456789012");
      assertThat(dump.get("connections")).hasSize(2);
      assertThat(dump.at("/connections/0/remoteAddress").asText()).isEqualTo("203.0.113.100");
    }
  }

  @Test
  void scenario_danglingGroup_isRejectedWithName() {
    String json = Scenario.builtIn().json().replace("\"groupIds\": [\"sg-0alb1234\"]", "\"groupIds\": [\"sg-0missing\"]");

    assertThatThrownBy(() -> SandboxServer.start(Scenario.fromJson("broken", json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken")
        .hasMessageContaining("sg-0missing");
  }

  @Test
  void scenario_unknownField_isRejected() {
    String json = Scenario.builtIn().json().replace("\"region\": \"us-east-1\",", "\"region\": \"us-east-1\", \"regoin\": 1,");

    assertThatThrownBy(() -> SandboxServer.start(Scenario.fromJson("typo", json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("regoin");
  }

  @Test
  void scenario_unknownName_isRejected() {
    assertThatThrownBy(() -> Scenario.resource("no-such-scenario"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seed-incident");
  }

  @Test
  void concurrentCreates_allSucceedWithUniqueIds() throws Exception {
    try (SandboxClients sandbox = SandboxClients.seed()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<String>> created = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String name = "group-" + i;
        created.add(pool.submit(
            () -> sandbox.ec2.createSecurityGroup(r -> r.groupName(name).description("d").vpcId("vpc-0abc123")).groupId()));
      }
      Set<String> ids = new HashSet<>();
      for (Future<String> future : created) {
        ids.add(future.get(30, TimeUnit.SECONDS));
      }
      pool.shutdown();

      assertThat(ids).hasSize(40);
      // 3 seed groups + 40 new ones.
      assertThat(sandbox.ec2.describeSecurityGroups().securityGroups()).hasSize(43);
    }
  }
}
