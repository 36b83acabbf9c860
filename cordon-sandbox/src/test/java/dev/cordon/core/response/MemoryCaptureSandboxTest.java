package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import dev.cordon.core.CordonException;
import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsException;
import dev.cordon.core.aws.AwsClientSettings;
import dev.cordon.core.guardduty.GuardDutyFinding;
import dev.cordon.core.input.UsageException;
import dev.cordon.sandbox.InstanceCredentials;
import dev.cordon.sandbox.SandboxServer;
import dev.cordon.sandbox.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

/** Memory capture through the sandbox's SSM agent and S3 multipart uploads, with the real SDK clients. */
class MemoryCaptureSandboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T03:25:00Z"), ZoneOffset.UTC);
  private static final String INSTANCE = "i-0abc123def456";
  private static final String PRIMARY_ENI = "eni-0a1b2c3d4e5f60001";
  private static final String ENDPOINT_GROUP = "sg-0e0d0c0b0a0900001";
  private static final String INCIDENT = "gd-finding-c2-0001";
  static final byte[] TOOL = "#!/bin/sh\n# stands in for a static AVML binary\n".getBytes(StandardCharsets.UTF_8);
  static final String TOOL_SHA256 = Hashing.sha256().hashBytes(TOOL).toString();

  private static final String ROLE = "order-service-instance-role";
  private static final String DENY_STEP = "deny-role-credentials:" + ROLE;
  private static final String EXCEPT_AGENT_STEP = "deny-role-credentials-except-ssm-agent:" + ROLE;
  private static final String DENY_POLICY = "/roles/0/inlinePolicies/cordon-deny-" + INSTANCE;

  @TempDir Path incidents;

  /** The shared session on {@code scenario}, waiting 20 ms between polls. */
  private final class Session extends SandboxSession {
    Session(Scenario scenario) {
      super(SandboxServer.start(scenario), incidents, CLOCK, duration -> Thread.sleep(20));
    }
  }

  /**
   * Returns the seed incident with SSM and S3 interface endpoints, an evidence bucket, the tool in
   * a tools bucket and m5.large shrunk to 12 MiB of memory, so the upload plans 8 MiB parts.
   */
  static Scenario scenario(Consumer<ObjectNode> change) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(Scenario.builtIn().json());
      root.withArray("securityGroups").addObject().put("groupId", ENDPOINT_GROUP).put("groupName", "vpc-endpoints")
          .put("description", "HTTPS from the VPC to the interface endpoints").put("vpcId", "vpc-0abc123");
      ArrayNode endpoints = root.putArray("vpcEndpoints");
      int number = 1;
      for (String service : List.of("ssm", "ssmmessages", "ec2messages", "s3")) {
        ObjectNode endpoint = endpoints.addObject().put("vpcEndpointId", "vpce-0abc12300000000" + number++)
            .put("vpcId", "vpc-0abc123").put("serviceName", "com.amazonaws.us-east-1." + service);
        endpoint.putArray("groupIds").add(ENDPOINT_GROUP);
      }
      ArrayNode buckets = root.withArray("buckets");
      buckets.addObject().put("name", "cordon-evidence").put("creationDate", "2023-06-01T12:00:00Z");
      ObjectNode tools = buckets.addObject().put("name", "cordon-tools").put("creationDate", "2023-06-01T12:00:00Z");
      tools.putArray("objects").addObject().put("key", "avml").put("body", Base64.getEncoder().encodeToString(TOOL))
          .put("lastModified", "2023-06-01T12:00:00Z");
      root.putArray("instanceTypes").addObject().put("instanceType", "m5.large").put("memoryMiB", 12);
      change.accept(root);
      return Scenario.fromJson("memory-capture", JSON.writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets the fake agent's outcome for the primary instance's capture, as {@code captureFailure} documents. */
  private static Consumer<ObjectNode> captureFails(String failure) {
    return managed("captureFailure", failure);
  }

  static Scenario scenario() {
    return scenario(root -> {});
  }

  /** Sets a field of the primary instance's SSM registration. */
  private static Consumer<ObjectNode> managed(String field, String value) {
    return root -> {
      for (JsonNode managed : root.get("ssmInstances")) {
        if (managed.get("instanceId").asText().equals(INSTANCE)) {
          ((ObjectNode) managed).put(field, value);
        }
      }
    };
  }

  private static GuardDutyFinding finding() {
    return new GuardDutyFinding("finding-c2-0001", "Backdoor:EC2/C&CActivity.B", 8.0, "C2", "C2 activity",
        "123456789012", "us-east-1", null, null, null, null, 1, false, "ACTOR", "NETWORK_CONNECTION",
        INSTANCE, null, List.of(), "203.0.113.100", 443, 49152, "TCP", "OUTBOUND", null, "test");
  }

  private static MemoryCapture capture(String toolSha256, boolean disableImds) {
    return new MemoryCapture("cordon-evidence", "incidents", "s3://cordon-tools/avml", toolSha256,
        Duration.ofMinutes(30), disableImds);
  }

  private static ContainmentRequest withMemory(boolean stop, MemoryCapture memory) {
    return new ContainmentRequest(null, finding(), null, stop, false, false, memory, false);
  }

  private String incidentText() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(incidents.resolve(INCIDENT))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    }
    return text.toString();
  }

  @Test
  void contain_withMemory_recordsImageSha256() throws IOException {
    try (Session session = new Session(scenario())) {
      Plan plan = session.plan(withMemory(true, capture(TOOL_SHA256, false)));
      assertThat(plan.blastRadius()).anyMatch(line -> line.startsWith("Memory (12 MiB, Linux) goes to"
          + " s3://cordon-evidence/incidents/" + INCIDENT + "/" + INSTANCE + "-memory.lime in up to 3 parts of 8 MiB"));
      List<String> names = plan.steps().stream().map(Plan.PlannedStep::name).toList();
      assertThat(names).containsSubsequence("quarantine-eni:" + PRIMARY_ENI, EXCEPT_AGENT_STEP,
          "forensic-group:vpc-0abc123", "memory-capture", DENY_STEP, "replace-instance-profile", "evidence-manifest",
          "stop-instance");

      Outcome outcome = session.containment().execute(plan);

      assertThat(outcome.changed()).contains("memory-capture", "stop-instance");
      Path evidence = incidents.resolve(INCIDENT).resolve("evidence");
      JsonNode record = JSON.readTree(evidence.resolve("memory-capture.json").toFile());
      byte[] image = session.object("cordon-evidence", "incidents/" + INCIDENT + "/" + INSTANCE + "-memory.lime");
      assertThat(image).hasSize(12 << 20);
      assertThat(record.get("sha256").asText()).isEqualTo(Hashing.sha256().hashBytes(image).toString());
      assertThat(record.get("parts").asInt()).as("12 MiB in parts of 8 MiB").isEqualTo(2);
      assertThat(record.get("s3ChecksumSha256").asText()).endsWith("-2");

      JsonNode manifest = JSON.readTree(evidence.resolve("manifest.json").toFile());
      assertThat(manifest.at("/memoryImages/0/sha256").asText()).isEqualTo(record.get("sha256").asText());
      assertThat(manifest.at("/memoryImages/0/image").asText())
          .isEqualTo("s3://cordon-evidence/incidents/" + INCIDENT + "/" + INSTANCE + "-memory.lime");
      assertThat(manifest.get("artifacts").findValuesAsText("file")).contains("memory-capture.json");
      assertThat(session.dump().at("/buckets").findValues("uploads").stream().mapToInt(JsonNode::size).sum())
          .as("no multipart upload left open").isZero();
      assertThat(session.find("instances", "instanceId", INSTANCE).get("state").asText()).isIn("stopping", "stopped");
    }
  }

  @Test
  void contain_rerunAfterStop_resumesWithoutSsm() {
    try (Session session = new Session(scenario())) {
      session.contain(withMemory(true, capture(TOOL_SHA256, false)));
      assertThat(session.dump().at("/ssmInstances/0/pingStatus").asText()).isEqualTo("ConnectionLost");

      Outcome again = session.contain(withMemory(true, capture(TOOL_SHA256, false)));

      assertThat(again.changed()).isEmpty();
      assertThat(again.alreadyDone()).contains("memory-capture", "stop-instance");
      assertThat(session.dump().get("ssmCommands")).hasSize(1);
    }
  }

  @Test
  void capture_concurrentForensicGroup_isUsed() {
    try (Session session = new Session(scenario())) {
      String name = "cordon-forensic-vpc-0abc123";
      List<String> othersGroup = Collections.synchronizedList(new ArrayList<>());
      Ec2Client racing = (Ec2Client) java.lang.reflect.Proxy.newProxyInstance(Ec2Client.class.getClassLoader(),
          new Class<?>[] {Ec2Client.class}, (proxy, invoked, args) -> {
            if (invoked.getName().equals("createSecurityGroup") && args[0] instanceof Consumer<?> consumer) {
              CreateSecurityGroupRequest.Builder builder = CreateSecurityGroupRequest.builder();
              @SuppressWarnings("unchecked")
              Consumer<CreateSecurityGroupRequest.Builder> fill = (Consumer<CreateSecurityGroupRequest.Builder>) consumer;
              fill.accept(builder);
              CreateSecurityGroupRequest request = builder.build();
              if (request.groupName().equals(name) && othersGroup.isEmpty()) {
                othersGroup.add(session.ec2.createSecurityGroup(r -> r.vpcId("vpc-0abc123").groupName(name)
                    .description("created by a parallel contain")).groupId());
              }
              return session.ec2.createSecurityGroup(request);
            }
            try {
              return invoked.invoke(session.ec2, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
      Containment containment = session.containment(racing, CallHook.NONE);

      containment.execute(containment.planContainment(withMemory(false, capture(TOOL_SHA256, false))));

      assertThat(othersGroup).as("the other run created the group first").hasSize(1);
      long forensicGroups = session.dump().get("securityGroups").findValuesAsText("groupName").stream()
          .filter(name::equals).count();
      assertThat(forensicGroups).isEqualTo(1);
      JsonNode rules = session.find("securityGroups", "groupId", othersGroup.get(0)).get("rules");
      assertThat(rules).as("default egress revoked, HTTPS to the endpoints added").hasSize(1);
      assertThat(rules.get(0).get("referencedGroupId").asText()).isEqualTo(ENDPOINT_GROUP);
    }
  }

  @Test
  void capture_forensicAccess_onlyDuringTheCommand() {
    try (Session session = new Session(scenario())) {
      session.contain(withMemory(false, capture(TOOL_SHA256, false)));

      JsonNode forensic = session.dump().get("securityGroups").findParents("groupName").stream()
          .filter(group -> group.get("groupName").asText().equals("cordon-forensic-vpc-0abc123")).findFirst().orElseThrow();
      assertThat(forensic.get("rules")).hasSize(1);
      JsonNode rule = forensic.get("rules").get(0);
      assertThat(rule.get("egress").asBoolean()).isTrue();
      assertThat(rule.get("protocol").asText()).isEqualTo("tcp");
      assertThat(rule.get("fromPort").asInt()).isEqualTo(443);
      assertThat(rule.get("toPort").asInt()).isEqualTo(443);
      assertThat(rule.get("referencedGroupId").asText()).isEqualTo(ENDPOINT_GROUP);
      assertThat(session.find("networkInterfaces", "networkInterfaceId", PRIMARY_ENI).get("groupIds"))
          .as("primary ENI back on the quarantine group alone").hasSize(1)
          .noneMatch(id -> id.asText().equals(forensic.get("groupId").asText()));
    }
  }

  @Test
  void capture_presignedUrls_neverWrittenToIncident() throws IOException {
    try (Session session = new Session(scenario())) {
      session.contain(withMemory(false, capture(TOOL_SHA256, false)));

      assertThat(incidentText()).contains("memory-capture").doesNotContain("X-Amz-Signature")
          .doesNotContain("X-Amz-Credential");
      assertThat(session.dump().at("/ssmCommands/0/documentName").asText()).isEqualTo("AWS-RunShellScript");
      assertThat(session.dump().at("/ssmCommands/0/parameters/executionTimeout/0").asText()).isEqualTo("1800");
    }
  }

  @Test
  void stop_withoutMemory_rejectedFirst() {
    try (Session session = new Session(scenario())) {
      ContainmentRequest request = new ContainmentRequest(null, finding(), null, true, false, false);

      assertThatThrownBy(() -> session.plan(request)).isInstanceOf(UsageException.class)
          .hasMessageContaining("--memory").hasMessageContaining("--waive-memory").hasMessageContaining("nothing was changed");
      assertThat(Files.exists(incidents.resolve(INCIDENT))).isFalse();
      assertThat(session.find("instances", "instanceId", INSTANCE).path("tags").has("cordon:incident")).isFalse();
    }
  }

  @Test
  void stop_withWaiver_stopsWithoutCapture() {
    try (Session session = new Session(scenario())) {
      Outcome outcome = session.contain(new ContainmentRequest(null, finding(), null, true, false, false, null, true));

      assertThat(outcome.changed()).contains("stop-instance").doesNotContain("memory-capture");
      assertThat(session.dump().get("ssmCommands")).isEmpty();
      JournalEntry waiver = Journal.read(IncidentFiles.journal(incidents.resolve(INCIDENT))).stream()
          .filter(entry -> entry.step().equals("waive-memory") && entry.event() == JournalEntry.Event.DONE)
          .findFirst().orElseThrow();
      assertThat(waiver.data().get("operator")).as("who accepted losing the memory").isNotBlank();
      assertThat(waiver.data()).containsEntry("stop", "true");
    }
  }

  @Test
  void capture_toolFails_instanceKeepsRunning() {
    try (Session session = new Session(scenario(managed("captureFailure", "Failed")))) {
      assertThatThrownBy(() -> session.contain(withMemory(true, capture(TOOL_SHA256, false))))
          .isInstanceOf(AwsException.class)
          .hasMessageContaining("ended Failed")
          .hasMessageContaining("the capture tool exited with status 1")
          .hasMessageContaining(session.dump().at("/ssmCommands/0/commandId").asText())
          .hasMessageContaining("not stop");

      assertThat(session.find("instances", "instanceId", INSTANCE).get("state").asText()).isEqualTo("running");
      assertThat(session.find("networkInterfaces", "networkInterfaceId", PRIMARY_ENI).get("groupIds")).hasSize(1);
      assertThat(session.dump().at("/buckets").findValues("uploads").stream().mapToInt(JsonNode::size).sum())
          .as("failed upload aborted").isZero();
      IncidentStatus status = Containment.status(incidents, INCIDENT);
      assertThat(status.steps()).anyMatch(step -> step.step().equals("memory-capture")
          && step.lastEvent() == JournalEntry.Event.FAILED);
      assertThat(status.steps()).anyMatch(step -> step.step().equals("stop-instance")
          && step.lastEvent() == JournalEntry.Event.PLANNED);
    }
  }

  @Test
  void capture_fails_evidenceStillTaken() {
    try (Session session = new Session(scenario(captureFails("Failed")))) {
      assertThatThrownBy(() -> session.contain(withMemory(true, capture(TOOL_SHA256, false))))
          .isInstanceOf(AwsException.class)
          .hasMessageContaining("snapshot-volumes, evidence-manifest]; not done [memory-capture, stop-instance]");

      IncidentStatus status = Containment.status(incidents, INCIDENT);
      for (String step : List.of("snapshot-volumes", "evidence-manifest", "replace-instance-profile")) {
        assertThat(status.steps()).as(step).anyMatch(state -> state.step().equals(step)
            && state.lastEvent() == JournalEntry.Event.DONE);
      }
      assertThat(session.find("instances", "instanceId", INSTANCE).get("state").asText()).isEqualTo("running");
    }
  }

  @Test
  void capture_undeliverable_failsWithCommandStatus() {
    try (Session session = new Session(scenario(managed("captureFailure", "Undeliverable")))) {
      assertThatThrownBy(() -> session.contain(withMemory(true, capture(TOOL_SHA256, false))))
          .hasMessageContaining("ended Failed (Undeliverable");

      assertThat(session.find("instances", "instanceId", INSTANCE).get("state").asText()).isEqualTo("running");
    }
  }

  @Test
  void capture_toolHashMismatch_toolNotRun() {
    String wrong = "0".repeat(64);
    try (Session session = new Session(scenario())) {
      assertThatThrownBy(() -> session.contain(withMemory(false, capture(wrong, false))))
          .hasMessageContaining("capture tool SHA-256 is " + TOOL_SHA256 + ", expected " + wrong);
    }
  }

  @Test
  void capture_withoutEndpoints_rejectedAtPlan() {
    try (Session session = new Session(scenario(root -> root.putArray("vpcEndpoints")))) {
      assertThatThrownBy(() -> session.plan(withMemory(true, capture(TOOL_SHA256, false))))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("VPC vpc-0abc123 has no available interface endpoint for [ssm, ssmmessages, ec2messages, s3]")
          .hasMessageContaining("--waive-memory");

      assertThat(session.dump().get("ssmCommands")).isEmpty();
      assertThat(session.find("networkInterfaces", "networkInterfaceId", PRIMARY_ENI).at("/groupIds/0").asText())
          .as("nothing changed").doesNotStartWith(ENDPOINT_GROUP);
      assertThat(Files.exists(incidents.resolve(INCIDENT).resolve("original-state.json"))).isFalse();
    }
  }

  @ParameterizedTest
  @CsvSource({
      "cordon-evidence, s3://nosuchbucket/avml, Invalid --memory-tool s3://nosuchbucket/avml: object s3://nosuchbucket/avml not found",
      "cordon-evidence, s3://cordon-tools/nosuchkey, Invalid --memory-tool s3://cordon-tools/nosuchkey: object s3://cordon-tools/nosuchkey not found",
      "nosuchbucket, s3://cordon-tools/avml, Invalid --evidence-bucket nosuchbucket: bucket nosuchbucket not found"})
  void capture_missingS3Location_rejectedAtPlan(String bucket, String tool, String message) {
    try (Session session = new Session(scenario())) {
      MemoryCapture memory = new MemoryCapture(bucket, "incidents", tool, TOOL_SHA256, Duration.ofMinutes(30), false);

      assertThatThrownBy(() -> session.plan(withMemory(true, memory)))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining(message)
          .hasMessageContaining("nothing was changed");
      assertThat(Files.exists(incidents.resolve(INCIDENT).resolve("original-state.json"))).isFalse();
    }
  }

  @Test
  void capture_unmanagedInstance_rejectedAtPlan() {
    try (Session session = new Session(scenario(root -> root.putArray("ssmInstances")))) {
      assertThatThrownBy(() -> session.plan(withMemory(false, capture(TOOL_SHA256, false))))
          .isInstanceOf(UsageException.class).hasMessageContaining("not a managed instance");
    }
  }

  @Test
  void capture_offlineAgent_rejectedAtPlan() {
    try (Session session = new Session(scenario(managed("pingStatus", "ConnectionLost")))) {
      assertThatThrownBy(() -> session.plan(withMemory(false, capture(TOOL_SHA256, false))))
          .isInstanceOf(UsageException.class).hasMessageContaining("ping status ConnectionLost");
    }
  }

  @Test
  void capture_windows_usesPowerShell() {
    try (Session session = new Session(scenario(managed("platformType", "Windows")))) {
      session.contain(withMemory(false, capture(TOOL_SHA256, false)));

      assertThat(session.dump().at("/ssmCommands/0/documentName").asText()).isEqualTo("AWS-RunPowerShellScript");
      assertThat(session.object("cordon-evidence", "incidents/" + INCIDENT + "/" + INSTANCE + "-memory.raw"))
          .hasSize(12 << 20);
    }
  }

  @Test
  void disableImds_release_turnsItBackOn() {
    try (Session session = new Session(scenario())) {
      session.contain(withMemory(false, capture(TOOL_SHA256, true)));
      assertThat(session.find("instances", "instanceId", INSTANCE).at("/metadataOptions/httpEndpoint").asText())
          .isEqualTo("disabled");

      Containment containment = session.containment();
      Plan release = containment.planRelease(INCIDENT);
      assertThat(release.steps()).extracting(Plan.PlannedStep::name).contains("restore-imds");
      containment.execute(release);

      assertThat(session.find("instances", "instanceId", INSTANCE).at("/metadataOptions/httpEndpoint").asText())
          .isEqualTo("enabled");
    }
  }

  @Test
  void plan_instanceStoreType_warns() {
    Consumer<ObjectNode> withStore = root -> ((ObjectNode) root.get("instanceTypes").get(0)).put("instanceStorageGb", 75);
    try (Session session = new Session(scenario(withStore))) {
      Plan plan = session.preview(new ContainmentRequest(null, finding(), null, false, false, false));

      assertThat(plan.blastRadius()).anyMatch(line -> line.contains("has 75 GB of instance-store volumes, which"
          + " snapshots never capture"));
    }
  }

  @Test
  void plan_ebsOnlyType_noInstanceStoreWarning() {
    try (Session session = new Session(scenario())) {
      Plan plan = session.preview(new ContainmentRequest(null, finding(), null, false, false, false));

      assertThat(plan.blastRadius()).noneMatch(line -> line.contains("instance-store"));
    }
  }
  private static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** SDK clients that sign with an instance's role credentials, as an attacker who stole them would. */
  private static final class InstanceCaller implements AutoCloseable {
    final Ec2Client ec2;
    final S3Client s3;
    final SsmClient ssm;

    InstanceCaller(SandboxServer sandbox, InstanceCredentials credentials) {
      AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.loopback(sandbox.endpoint()));
      var provider = StaticCredentialsProvider.create(AwsSessionCredentials.create(
          credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
      ec2 = factory.configure(Ec2Client.builder()).credentialsProvider(provider).build();
      s3 = factory.configure(S3Client.builder()).forcePathStyle(true).credentialsProvider(provider).build();
      SsmClientBuilder heartbeat = factory.configure(SsmClient.builder()).credentialsProvider(provider);
      ssm = heartbeat.overrideConfiguration(heartbeat.overrideConfiguration().toBuilder()
          .addExecutionInterceptor(new AsHeartbeat()).build()).build();
    }

    /**
     * Turns a DescribeInstanceInformation call into the agent's UpdateInstanceInformation, which the
     * SDK does not model, before the SDK signs it.
     */
    private static final class AsHeartbeat implements ExecutionInterceptor {
      private static final String BODY = "{\"InstanceId\":\"" + INSTANCE + "\",\"AgentVersion\":\"3.3.0.0\"}";

      @Override
      public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.httpRequest().toBuilder()
            .putHeader("X-Amz-Target", "AmazonSSM.UpdateInstanceInformation")
            .putHeader("Content-Length", String.valueOf(BODY.length()))
            .build();
      }

      @Override
      public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return Optional.of(RequestBody.fromString(BODY));
      }
    }

    /** Returns "allowed", or the error code of the denial, for one call of each kind. */
    String describeInstances() {
      return outcome(() -> ec2.describeInstances());
    }

    String listEvidence() {
      return outcome(() -> s3.listObjectsV2(request -> request.bucket("cordon-evidence")));
    }

    String heartbeat() {
      return outcome(() -> ssm.describeInstanceInformation());
    }

    private static String outcome(Runnable call) {
      try {
        call.run();
        return "allowed";
      } catch (AwsServiceException e) {
        return e.awsErrorDetails().errorCode();
      }
    }

    @Override
    public void close() {
      ec2.close();
      s3.close();
      ssm.close();
    }
  }

  private JsonNode denyStatement(Session session) throws IOException {
    return JSON.readTree(session.dump().at(DENY_POLICY).asText()).at("/Statement/0");
  }

  @Test
  void plan_withMemory_namesAgentException() {
    try (Session session = new Session(scenario())) {
      Plan plan = session.preview(withMemory(false, capture(TOOL_SHA256, false)));

      assertThat(plan.blastRadius()).anyMatch(line -> line.startsWith("Until the memory capture ends (at most 40 min),"
          + " the role deny excepts the SSM Agent's actions [ssm:UpdateInstanceInformation,"));
      assertThat(plan.blastRadius()).anyMatch(line -> line.contains("ec2messages:*, ssmmessages:*]"));
      Plan.PlannedStep exception = plan.steps().stream().filter(step -> step.name().equals(EXCEPT_AGENT_STEP))
          .findFirst().orElseThrow();
      assertThat(exception.description()).contains("except the SSM Agent's actions").contains("until the memory capture ends");
    }
  }

  @Test
  void plan_withoutMemory_deniesEveryActionAtOnce() {
    try (Session session = new Session(scenario())) {
      Plan plan = session.preview(new ContainmentRequest(null, finding(), null, false, false, false));

      List<String> names = plan.steps().stream().map(Plan.PlannedStep::name).toList();
      assertThat(names).noneMatch(name -> name.startsWith("deny-role-credentials-except-ssm-agent:"));
      assertThat(names.indexOf("replace-instance-profile")).isEqualTo(names.indexOf(DENY_STEP) + 1);
      assertThat(plan.blastRadius()).noneMatch(line -> line.contains("SSM Agent"));
    }
  }

  @Test
  void capture_stolenCredentials_onlyAgentActions() throws IOException {
    try (Session session = new Session(scenario());
        InstanceCaller stolen = new InstanceCaller(session.sandbox, session.sandbox.instanceCredentials(INSTANCE))) {
      List<String> changes = Collections.synchronizedList(new ArrayList<>());
      Map<String, String> duringCapture = new ConcurrentHashMap<>();
      CallHook hook = (step, action) -> {
        changes.add(step + " " + action);
        if (action.equals("SendCommand")) {
          duringCapture.put("policy", session.dump().at(DENY_POLICY).asText());
          duringCapture.put("ec2", stolen.describeInstances());
          duringCapture.put("s3", stolen.listEvidence());
          duringCapture.put("ssm", stolen.heartbeat());
        }
      };
      Containment containment = session.containment(hook);

      containment.execute(containment.planContainment(withMemory(false, capture(TOOL_SHA256, false))));

      assertThat(changes).containsSubsequence(EXCEPT_AGENT_STEP + " PutRolePolicy", "memory-capture SendCommand",
          DENY_STEP + " PutRolePolicy", "replace-instance-profile ReplaceIamInstanceProfileAssociation");
      assertThat(duringCapture.get("policy")).as("deny in place when the command is sent")
          .contains("\"NotAction\":[\"ssm:UpdateInstanceInformation\"").contains("\"ec2messages:*\"");
      assertThat(duringCapture.get("ec2")).isEqualTo("UnauthorizedOperation");
      assertThat(duringCapture.get("s3")).isEqualTo("AccessDenied");
      assertThat(duringCapture.get("ssm")).isEqualTo("allowed");

      JsonNode statement = denyStatement(session);
      assertThat(statement.get("Action").asText()).isEqualTo("*");
      assertThat(statement.has("NotAction")).isFalse();
      assertThat(stolen.describeInstances()).isEqualTo("UnauthorizedOperation");
      assertThat(stolen.listEvidence()).isEqualTo("AccessDenied");
      assertThat(stolen.heartbeat()).isEqualTo("AccessDeniedException");
    }
  }

  @Test
  void capture_agentDeniedEveryAction_undeliverable() {
    try (Session session = new Session(scenario())) {
      String denyAll = CredentialSteps.denyDocument("arn:aws:ec2:us-east-1:123456789012:instance/" + INSTANCE);
      session.clients.iam().putRolePolicy(request -> request.roleName(ROLE).policyName("earlier-deny").policyDocument(denyAll));

      assertThatThrownBy(() -> session.contain(withMemory(false, capture(TOOL_SHA256, false))))
          .hasMessageContaining("ended Failed (Undeliverable");
    }
  }

  @Test
  void capture_failed_deniesEveryAction() throws IOException {
    try (Session session = new Session(scenario(captureFails("Failed")))) {
      assertThatThrownBy(() -> session.contain(withMemory(true, capture(TOOL_SHA256, false))))
          .hasMessageContaining("ended Failed");

      JsonNode statement = denyStatement(session);
      assertThat(statement.get("Action").asText()).isEqualTo("*");
      assertThat(statement.has("NotAction")).isFalse();
      assertThat(session.find("instances", "instanceId", INSTANCE).at("/iamInstanceProfile/arn").asText())
          .as("the credential cut does not wait for the capture").endsWith("/cordon-quarantine-profile");
    }
  }

  @Test
  void capture_retryAfterFailure_reopensAgentException() throws IOException {
    try (Session session = new Session(scenario())) {
      session.sandbox.faults().on("ssm", "SendCommand").serverError(AwsClientFactory.MAX_ATTEMPTS);
      assertThatThrownBy(() -> session.contain(withMemory(false, capture(TOOL_SHA256, false))))
          .isInstanceOf(AwsException.class).hasMessageContaining("SendCommand");
      assertThat(denyStatement(session).get("Action").asText()).as("closed after the failure").isEqualTo("*");

      Outcome retried = session.contain(withMemory(false, capture(TOOL_SHA256, false)));

      // The fake agent is denied ec2messages:GetMessages unless the capture opened the exception again.
      assertThat(retried.changed()).contains("memory-capture");
      assertThat(retried.alreadyDone()).as("the credential cut did not wait for the failed capture")
          .contains(DENY_STEP, "replace-instance-profile");
      assertThat(Files.exists(incidents.resolve(INCIDENT).resolve("evidence/memory-capture.json"))).isTrue();
      assertThat(denyStatement(session).get("Action").asText()).isEqualTo("*");
    }
  }

  @ParameterizedTest
  @CsvSource({
      EXCEPT_AGENT_STEP + ", PutRolePolicy",
      DENY_STEP + ", PutRolePolicy",
      "replace-instance-profile, ReplaceIamInstanceProfileAssociation"})
  void contain_crashAtCredentialChange_resumesToFullDeny(String crashStep, String crashAction) throws IOException {
    try (Session session = new Session(scenario())) {
      ContainmentRequest request = withMemory(false, capture(TOOL_SHA256, false));
      Containment crashing = session.containment((step, action) -> {
        if (step.equals(crashStep) && action.equals(crashAction)) {
          throw new SimulatedCrash();
        }
      });
      assertThatThrownBy(() -> crashing.execute(crashing.planContainment(request))).isInstanceOf(SimulatedCrash.class);

      Outcome resumed = session.contain(request);

      assertThat(resumed.alreadyDone()).as("AWS already shows the change").contains(crashStep);
      assertThat(denyStatement(session).get("Action").asText()).isEqualTo("*");
      assertThat(session.find("instances", "instanceId", INSTANCE).at("/iamInstanceProfile/arn").asText())
          .endsWith("/cordon-quarantine-profile");
      assertThat(session.dump().get("ssmCommands")).hasSize(1);
    }
  }

  @Test
  void contain_fullDenyFails_rerunReplacesAgentException() throws IOException {
    try (Session session = new Session(scenario())) {
      ContainmentRequest request = withMemory(false, capture(TOOL_SHA256, false));
      Containment failing = session.containment((step, action) -> {
        if (step.equals(EXCEPT_AGENT_STEP)) {
          session.sandbox.faults().on("iam", "PutRolePolicy").serverError(AwsClientFactory.MAX_ATTEMPTS);
        }
      });
      assertThatThrownBy(() -> failing.execute(failing.planContainment(request)))
          .hasMessageContaining("Step " + DENY_STEP + " failed");
      assertThat(denyStatement(session).has("NotAction")).isTrue();

      Outcome resumed = session.contain(request);

      assertThat(resumed.changed()).as("GetRolePolicy shows the exception, not the full deny")
          .contains(DENY_STEP, "replace-instance-profile");
      assertThat(denyStatement(session).get("Action").asText()).isEqualTo("*");
    }
  }

  @Test
  void release_afterFailedCapture_removesDeny() {
    try (Session session = new Session(scenario(captureFails("Failed")))) {
      assertThatThrownBy(() -> session.contain(withMemory(false, capture(TOOL_SHA256, false))))
          .isInstanceOf(CordonException.class);

      Containment containment = session.containment();
      Plan release = containment.planRelease(INCIDENT);
      assertThat(release.steps()).extracting(Plan.PlannedStep::name).contains("release-role-deny:" + ROLE);
      containment.execute(release);

      assertThat(session.dump().at(DENY_POLICY).isMissingNode()).isTrue();
    }
  }
}
