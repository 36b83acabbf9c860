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
import org.junit.jupiter.api.Test;

/**
 * Drives the sandbox through the AWS CLI, a second client independent of the Java SDK. Skipped
 * when {@code aws} is not on the PATH (install the Debian package awscli to run it).
 */
class AwsCliContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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
  private static JsonNode run(String aws, SandboxServer server, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(aws));
    command.addAll(List.of(arguments));
    command.addAll(List.of("--endpoint-url", server.endpoint().toString(), "--region", "us-east-1", "--output", "json"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("AWS_") || key.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
    environment.put("AWS_ACCESS_KEY_ID", "AKIASANDBOXEXAMPLE00");
    environment.put("AWS_SECRET_ACCESS_KEY", "sandbox-secret-not-a-real-key");
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
    assertThat(process.exitValue()).as("aws exit status; output: %s", output).isZero();
    return JSON.readTree(output);
  }

  @Test
  void describeInstances_cli_matchesStateDump() throws Exception {
    Optional<String> aws = awsCli();
    assumeTrue(aws.isPresent(), "aws CLI not on PATH; install the Debian package awscli to run this test");

    try (SandboxServer server = SandboxServer.start()) {
      JsonNode output = run(aws.get(), server, "ec2", "describe-instances");
      JsonNode dump = JSON.readTree(server.stateJson());

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
  }

  @Test
  void createSecurityGroup_cli_appearsInStateDump() throws Exception {
    Optional<String> aws = awsCli();
    assumeTrue(aws.isPresent(), "aws CLI not on PATH; install the Debian package awscli to run this test");

    try (SandboxServer server = SandboxServer.start()) {
      JsonNode created =
          run(aws.get(), server, "ec2", "create-security-group", "--group-name", "isolation",
              "--description", "no traffic", "--vpc-id", "vpc-0abc123");
      JsonNode dump = JSON.readTree(server.stateJson());

      JsonNode stored = dump.get("securityGroups").get(3);
      assertThat(stored.get("groupId").asText()).isEqualTo(created.get("GroupId").asText());
      assertThat(stored.get("groupName").asText()).isEqualTo("isolation");
      assertThat(stored.at("/rules/0/egress").asBoolean()).isTrue();
    }
  }

  @Test
  void iamRolePolicy_cli_decodesStoredDocument() throws Exception {
    Optional<String> aws = awsCli();
    assumeTrue(aws.isPresent(), "aws CLI not on PATH; install the Debian package awscli to run this test");

    try (SandboxServer server = SandboxServer.start()) {
      JsonNode policy =
          run(aws.get(), server, "iam", "get-role-policy", "--role-name", "order-service-instance-role",
              "--policy-name", "order-service-data");
      JsonNode dump = JSON.readTree(server.stateJson());

      JsonNode stored = JSON.readTree(dump.at("/roles/0/inlinePolicies/order-service-data").asText());
      assertThat(policy.get("PolicyDocument")).isEqualTo(stored);
    }
  }

  @Test
  void detachInstances_cli_matchesStateDump() throws Exception {
    Optional<String> aws = awsCli();
    assumeTrue(aws.isPresent(), "aws CLI not on PATH; install the Debian package awscli to run this test");

    try (SandboxServer server = SandboxServer.start()) {
      JsonNode detached =
          run(aws.get(), server, "autoscaling", "detach-instances", "--auto-scaling-group-name",
              "prod-order-service-asg", "--instance-ids", "i-0abc123def456", "--no-should-decrement-desired-capacity");
      JsonNode group =
          run(aws.get(), server, "autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names",
              "prod-order-service-asg");
      JsonNode health =
          run(aws.get(), server, "elbv2", "describe-target-health", "--target-group-arn",
              "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prod-order-tg/73e2d6bc24d8a067");
      JsonNode dump = JSON.readTree(server.stateJson());

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
  }

  @Test
  void containmentCalls_cli_matchStateDump() throws Exception {
    Optional<String> aws = awsCli();
    assumeTrue(aws.isPresent(), "aws CLI not on PATH; install the Debian package awscli to run this test");

    try (SandboxServer server = SandboxServer.start()) {
      JsonNode session =
          run(aws.get(), server, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/cordon-responder",
              "--role-session-name", "cordon-cli");
      run(aws.get(), server, "ec2", "disassociate-address", "--association-id", "eipassoc-0abc123def4560001");
      JsonNode addresses = run(aws.get(), server, "ec2", "describe-addresses");
      JsonNode options =
          run(aws.get(), server, "ec2", "modify-instance-metadata-options", "--instance-id", "i-0abc123def456",
              "--http-tokens", "required");
      JsonNode dump = JSON.readTree(server.stateJson());

      assertThat(session.at("/AssumedRoleUser/Arn").asText()).isEqualTo(dump.at("/roleSessions/0/arn").asText());
      assertThat(addresses.at("/Addresses/0/PublicIp").asText()).isEqualTo(dump.at("/addresses/0/publicIp").asText());
      assertThat(addresses.at("/Addresses/0").has("AssociationId")).isFalse();
      assertThat(dump.at("/networkInterfaces/0").has("publicIp")).isFalse();
      assertThat(options.at("/InstanceMetadataOptions/HttpTokens").asText())
          .isEqualTo(dump.at("/instances/0/metadataOptions/httpTokens").asText());
    }
  }
}
