package dev.cordon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the sandbox through the AWS CLI, a second client independent of the Java SDK. Skipped
 * when {@code aws} is not on the PATH (install the Debian package awscli to run it).
 */
class AwsCliContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private String aws;
  private SandboxServer server;

  /** Skips the test unless the CLI is installed, then starts the seed incident. */
  @BeforeEach
  void start() {
    Optional<String> found = awsCli();
    assumeTrue(found.isPresent(), "aws CLI not on PATH; install the Debian package awscli to run this test");
    aws = found.get();
    server = SandboxServer.start();
  }

  /** Stops the sandbox. JUnit also calls this after a skip, when no sandbox was started. */
  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Optional<String> awsCli() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      File candidate = new File(directory, "aws");
      if (candidate.isFile() && candidate.canExecute()) {
        return Optional.of(candidate.getAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /** Runs the CLI with dummy credentials, no config files and metadata look-ups disabled. */
  private JsonNode run(String... arguments) throws Exception {
    Map<String, String> credentials = Map.of(
        "AWS_ACCESS_KEY_ID", "AKIASANDBOXEXAMPLE00",
        "AWS_SECRET_ACCESS_KEY", "sandbox-secret-not-a-real-key");
    CliResult result = execute(credentials, arguments);
    assertThat(result.exitValue()).as("aws exit status; output: %s", result.output()).isZero();
    return JSON.readTree(result.output());
  }

  /** Exit status and combined standard output and error of one CLI run. */
  private record CliResult(int exitValue, String output) {}

  /**
   * Runs the CLI with {@code credentials} as its only AWS environment variables, no config files
   * and metadata look-ups disabled.
   */
  private CliResult execute(Map<String, String> credentials, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(aws));
    command.addAll(List.of(arguments));
    command.addAll(List.of("--endpoint-url", server.endpoint().toString(), "--region", "us-east-1", "--output", "json"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("AWS_") || key.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
    environment.putAll(credentials);
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.put("AWS_CONFIG_FILE", "/dev/null");
    environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    environment.put("AWS_PAGER", "");

    Process process = builder.start();
    boolean finished = process.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
      throw new AssertionError("aws " + String.join(" ", arguments) + " timed out after 60 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new CliResult(process.exitValue(), output);
  }

  /** Returns the sandbox's state dump as a JSON tree. */
  private JsonNode dump() throws java.io.IOException {
    return JSON.readTree(server.stateJson());
  }

  /** Returns the environment that makes the CLI sign with instance credentials. */
  private static Map<String, String> sessionEnvironment(InstanceCredentials credentials) {
    return Map.of(
        "AWS_ACCESS_KEY_ID", credentials.accessKeyId(),
        "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(),
        "AWS_SESSION_TOKEN", credentials.sessionToken());
  }

  @Test
  void sourceInstanceArnDeny_cliSessionCredentials_blocksSuspectOnly() throws Exception {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"CutSuspect\",\"Effect\":\"Deny\","
        + "\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ArnEquals\":{\"ec2:SourceInstanceARN\":"
        + "\"arn:aws:ec2:us-east-1:123456789012:instance/i-0abc123def456\"}}}]}";
    run("iam", "put-role-policy", "--role-name", "order-service-instance-role",
        "--policy-name", "cordon-deny", "--policy-document", policy);
    Map<String, String> suspect = sessionEnvironment(server.instanceCredentials("i-0abc123def456"));
    Map<String, String> sibling = sessionEnvironment(server.instanceCredentials("i-0abc123def789"));

    CliResult denied = execute(suspect, "ec2", "describe-instances");
    CliResult allowed = execute(sibling, "ec2", "describe-instances");
    CliResult identity = execute(suspect, "sts", "get-caller-identity");

    assertThat(denied.exitValue()).as("exit status; output: %s", denied.output()).isNotZero();
    assertThat(denied.output())
        .contains("UnauthorizedOperation")
        .contains("with an explicit deny in an identity-based policy");
    assertThat(allowed.exitValue()).as("exit status; output: %s", allowed.output()).isZero();
    assertThat(JSON.readTree(allowed.output()).get("Reservations")).isNotEmpty();
    assertThat(JSON.readTree(identity.output()).get("Arn").asText())
        .isEqualTo("arn:aws:sts::123456789012:assumed-role/order-service-instance-role/i-0abc123def456");
    JsonNode decisions = dump().get("policyDecisions");
    assertThat(decisions).hasSize(2);
    assertThat(decisions.get(0).get("decision").asText()).isEqualTo("ExplicitDeny");
    assertThat(decisions.get(1).get("decision").asText()).isEqualTo("NotDenied");
  }

  @Test
  void describeInstances_cli_matchesStateDump() throws Exception {
    JsonNode output = run("ec2", "describe-instances");
    JsonNode dump = dump();

    List<JsonNode> instances = new ArrayList<>();
    output.get("Reservations").forEach(r -> r.get("Instances").forEach(instances::add));
    assertThat(instances).hasSize(dump.get("instances").size());
    for (int i = 0; i < instances.size(); i++) {
      JsonNode seen = instances.get(i);
      JsonNode stored = dump.get("instances").get(i);
      assertThat(seen.get("InstanceId").asText()).isEqualTo(stored.get("instanceId").asText());
      assertThat(seen.at("/State/Name").asText()).isEqualTo(stored.get("state").asText());
      assertThat(seen.at("/IamInstanceProfile/Arn").asText()).isEqualTo(stored.at("/iamInstanceProfile/arn").asText());
      for (JsonNode tag : seen.get("Tags")) {
        assertThat(stored.at("/tags/" + tag.get("Key").asText().replace("/", "~1")).asText())
            .isEqualTo(tag.get("Value").asText());
      }
    }
    JsonNode compromised = instances.get(0);
    assertThat(compromised.get("PrivateIpAddress").asText()).isEqualTo(dump.at("/networkInterfaces/0/privateIpAddress").asText());
    assertThat(compromised.get("NetworkInterfaces")).hasSize(2);
    assertThat(compromised.at("/NetworkInterfaces/0/NetworkInterfaceId").asText())
        .isEqualTo(dump.at("/networkInterfaces/0/networkInterfaceId").asText());
  }

  @Test
  void createSecurityGroup_cli_appearsInStateDump() throws Exception {
    JsonNode created =
        run("ec2", "create-security-group", "--group-name", "isolation",
            "--description", "no traffic", "--vpc-id", "vpc-0abc123");
    JsonNode dump = dump();

    JsonNode stored = dump.get("securityGroups").get(3);
    assertThat(stored.get("groupId").asText()).isEqualTo(created.get("GroupId").asText());
    assertThat(stored.get("groupName").asText()).isEqualTo("isolation");
    assertThat(stored.at("/rules/0/egress").asBoolean()).isTrue();
  }

  @Test
  void iamRolePolicy_cli_decodesStoredDocument() throws Exception {
    JsonNode policy =
        run("iam", "get-role-policy", "--role-name", "order-service-instance-role",
            "--policy-name", "order-service-data");
    JsonNode dump = dump();

    JsonNode stored = JSON.readTree(dump.at("/roles/0/inlinePolicies/order-service-data").asText());
    assertThat(policy.get("PolicyDocument")).isEqualTo(stored);
  }

  @Test
  void detachInstances_cli_matchesStateDump() throws Exception {
    JsonNode detached =
        run("autoscaling", "detach-instances", "--auto-scaling-group-name",
            "prod-order-service-asg", "--instance-ids", "i-0abc123def456", "--no-should-decrement-desired-capacity");
    JsonNode group =
        run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names",
            "prod-order-service-asg");
    JsonNode health =
        run("elbv2", "describe-target-health", "--target-group-arn",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prod-order-tg/73e2d6bc24d8a067");
    JsonNode dump = dump();

    assertThat(detached.get("Activities")).hasSize(2);
    JsonNode members = group.at("/AutoScalingGroups/0/Instances");
    JsonNode storedMembers = dump.at("/autoScalingGroups/0/instances");
    assertThat(members).hasSize(storedMembers.size());
    for (int i = 0; i < members.size(); i++) {
      assertThat(members.get(i).get("InstanceId").asText()).isEqualTo(storedMembers.get(i).get("instanceId").asText());
    }
    JsonNode targets = health.get("TargetHealthDescriptions");
    JsonNode storedTargets = dump.at("/targetGroups/0/targets");
    assertThat(targets).hasSize(storedTargets.size());
    for (int i = 0; i < targets.size(); i++) {
      assertThat(targets.get(i).at("/Target/Id").asText()).isEqualTo(storedTargets.get(i).get("id").asText());
      assertThat(targets.get(i).at("/TargetHealth/State").asText()).isEqualTo(storedTargets.get(i).get("state").asText());
    }
  }

  @Test
  void containmentCalls_cli_matchStateDump() throws Exception {
    JsonNode session =
        run("sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/cordon-responder",
            "--role-session-name", "cordon-cli");
    run("ec2", "disassociate-address", "--association-id", "eipassoc-0abc123def4560001");
    JsonNode addresses = run("ec2", "describe-addresses");
    JsonNode options =
        run("ec2", "modify-instance-metadata-options", "--instance-id", "i-0abc123def456",
            "--http-tokens", "required");
    JsonNode dump = dump();

    assertThat(session.at("/AssumedRoleUser/Arn").asText()).isEqualTo(dump.at("/roleSessions/0/arn").asText());
    assertThat(addresses.at("/Addresses/0/PublicIp").asText()).isEqualTo(dump.at("/addresses/0/publicIp").asText());
    assertThat(addresses.at("/Addresses/0").has("AssociationId")).isFalse();
    assertThat(dump.at("/networkInterfaces/0").has("publicIp")).isFalse();
    assertThat(options.at("/InstanceMetadataOptions/HttpTokens").asText())
        .isEqualTo(dump.at("/instances/0/metadataOptions/httpTokens").asText());
  }

  @Test
  void jsonServices_cli_matchStateDump() throws Exception {
    JsonNode trail =
        run("cloudtrail", "lookup-events", "--lookup-attributes",
            "AttributeKey=EventName,AttributeValue=CreateUser");
    JsonNode logs =
        run("logs", "filter-log-events", "--log-group-name", "/vpc/prod/flow-logs",
            "--filter-pattern", "[v, account, eni, src, dst, srcport, dstport, protocol, packets, bytes, start, end, action=REJECT, status]");
    JsonNode rotated =
        run("secretsmanager", "rotate-secret", "--secret-id", "prod/order-service/db-password");
    JsonNode command =
        run("ssm", "send-command", "--instance-ids", "i-0abc123def456",
            "--document-name", "AWS-RunShellScript", "--parameters", "commands=uptime");
    JsonNode dump = dump();

    JsonNode event = trail.at("/Events/0");
    JsonNode stored = dump.at("/trailEvents/3");
    assertThat(event.get("EventId").asText()).isEqualTo(stored.get("eventId").asText());
    assertThat(JSON.readTree(event.get("CloudTrailEvent").asText()).get("eventTime").asText())
        .isEqualTo(stored.get("eventTime").asText());
    assertThat(logs.get("events")).hasSize(1);
    assertThat(logs.at("/events/0/message").asText()).isEqualTo(dump.at("/logGroups/0/streams/0/events/15/message").asText());
    assertThat(dump.at("/secrets/0/rotations/0/versionId").asText()).isEqualTo(rotated.get("VersionId").asText());
    assertThat(dump.at("/ssmCommands/0/commandId").asText()).isEqualTo(command.at("/Command/CommandId").asText());
  }

  @Test
  void guardDuty_cli_matchesStateDump() throws Exception {
    String detector = run("guardduty", "list-detectors").at("/DetectorIds/0").asText();
    JsonNode ids =
        run("guardduty", "list-findings", "--detector-id", detector, "--finding-criteria",
            "{\"Criterion\":{\"resource.instanceDetails.instanceId\":{\"Eq\":[\"i-0abc123def456\"]}}}");
    JsonNode findings =
        run("guardduty", "get-findings", "--detector-id", detector, "--finding-ids",
            ids.at("/FindingIds/0").asText());
    JsonNode stored = dump().at("/guardDutyDetectors/0/findings/0");

    assertThat(findings.at("/Findings/0/Id").asText()).isEqualTo(stored.get("id").asText());
    assertThat(findings.at("/Findings/0/Type").asText()).isEqualTo(stored.get("type").asText());
    assertThat(findings.at("/Findings/0/Service/Action/NetworkConnectionAction/RemoteIpDetails/IpAddressV4").asText())
        .isEqualTo(stored.at("/service/action/networkConnectionAction/remoteIpDetails/ipAddressV4").asText());
  }

  @Test
  void s3AndSns_cli_matchStateDump(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws Exception {
    java.nio.file.Path upload = java.nio.file.Files.writeString(directory.resolve("note.txt"), "contained at 03:40\n".repeat(500));
    java.nio.file.Path download = directory.resolve("flow.log.gz");
    JsonNode put =
        run("s3api", "put-object", "--bucket", "prod-order-service-data", "--key", "cordon/note.txt",
            "--body", upload.toString());
    JsonNode head = run("s3api", "head-object", "--bucket", "prod-order-service-data", "--key", "cordon/note.txt");
    JsonNode listing =
        run("s3api", "list-objects-v2", "--bucket", "acme-flow-logs", "--prefix", "AWSLogs/");
    String key = listing.at("/Contents/0/Key").asText();
    run("s3api", "get-object", "--bucket", "acme-flow-logs", "--key", key, download.toString());
    JsonNode published =
        run("sns", "publish", "--topic-arn", "arn:aws:sns:us-east-1:123456789012:cordon-alerts",
            "--message", "i-0abc123def456 contained");
    JsonNode dump = dump();

    JsonNode stored = dump.at("/buckets/1/objects/1");
    assertThat(stored.get("key").asText()).isEqualTo("cordon/note.txt");
    assertThat(java.util.Base64.getDecoder().decode(stored.get("body").asText())).isEqualTo(java.nio.file.Files.readAllBytes(upload));
    assertThat(put.get("ETag").asText()).isEqualTo(head.get("ETag").asText());
    // 19 bytes a line, 500 lines: 9500 bytes.
    assertThat(head.get("ContentLength").asLong()).isEqualTo(9500L);
    assertThat(key).isEqualTo(dump.at("/buckets/0/objects/0/key").asText());
    assertThat(java.nio.file.Files.readAllBytes(download))
        .isEqualTo(java.util.Base64.getDecoder().decode(dump.at("/buckets/0/objects/0/body").asText()));
    assertThat(dump.at("/snsTopics/0/messages/0/messageId").asText()).isEqualTo(published.get("MessageId").asText());
  }
}
