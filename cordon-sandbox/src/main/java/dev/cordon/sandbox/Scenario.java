package dev.cordon.sandbox;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * A starting state for the sandbox: an account, its resources, its open connections and its
 * clock. The file format is the JSON form of {@link AccountState}, the same as the state dump, so
 * a dump taken mid-exercise can seed the next run; a YAML file with the same fields works too.
 */
public final class Scenario {
  /** Name of the built-in seed incident, served when no scenario is given. */
  public static final String SEED_INCIDENT = "seed-incident";

  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
          .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String name;
  private final String json;

  private Scenario(String name, String json) {
    this.name = name;
    this.json = json;
  }

  /** Returns the seed incident: i-0abc123def456 talking to 203.0.113.100:443. */
  public static Scenario builtIn() {
    return resource(SEED_INCIDENT);
  }

  /**
   * Returns a scenario shipped in this jar by name.
   *
   * @throws IllegalArgumentException when no such scenario exists
   */
  public static Scenario resource(String name) {
    String path = "scenarios/" + name + ".json";
    try (InputStream in = Scenario.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "Scenario '" + name + "' not found; the built-in one is '" + SEED_INCIDENT + "'.");
      }
      return new Scenario(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the built-in scenario " + name, e);
    }
  }

  /**
   * Reads a scenario file, JSON or, for a name ending in {@code .yaml} or {@code .yml}, YAML with
   * the same fields. It is validated when a sandbox starts from it.
   *
   * @throws IllegalArgumentException when a YAML file does not parse
   */
  public static Scenario fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read scenario file " + file, e);
    }
    String fileName = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) {
      return new Scenario(file.toString(), yamlToJson(file, text));
    }
    return new Scenario(file.toString(), text);
  }

  private static String yamlToJson(Path file, String yaml) {
    try {
      return MAPPER.writeValueAsString(YAML.readTree(yaml));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Invalid YAML in scenario file " + file + ": " + e.getOriginalMessage() + ". Fix the line the parser names.", e);
    }
  }

  /** Wraps scenario JSON held in memory, as tests build variants of the seed. */
  public static Scenario fromJson(String name, String json) {
    return new Scenario(name, json);
  }

  public String name() {
    return name;
  }

  /** Returns the scenario's JSON text. */
  public String json() {
    return json;
  }

  /**
   * Builds a fresh state from this scenario, so every sandbox starts from the same point.
   *
   * @throws IllegalArgumentException when the JSON is malformed or a reference is dangling
   */
  AccountState newState(Clock wallClock) {
    AccountState state;
    try {
      state = MAPPER.readValue(json, AccountState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Invalid scenario '" + name + "': " + e.getOriginalMessage(), e);
    }
    validate(state);
    state.startClock(wallClock);
    ConnectionTracking.classifyAll(state);
    return state;
  }

  private void validate(AccountState state) {
    require(state.accountId != null && state.accountId.matches("\\d{12}"), "accountId must be 12 digits");
    require(state.region != null && !state.region.isBlank(), "region is missing");
    Set<String> ids = new HashSet<>();
    state.taggedResources().forEach(r -> require(ids.add(r.id()), "duplicate id " + r.id()));
    for (NetworkInterface eni : state.networkInterfaces) {
      require(state.subnet(eni.subnetId).isPresent(), eni.networkInterfaceId + " names unknown subnet " + eni.subnetId);
      for (String groupId : eni.groupIds) {
        require(state.securityGroup(groupId).isPresent(), eni.networkInterfaceId + " names unknown group " + groupId);
      }
      if (eni.attachment != null) {
        require(state.instance(eni.attachment.instanceId).isPresent(), eni.networkInterfaceId + " is attached to unknown instance " + eni.attachment.instanceId);
      }
    }
    for (Volume volume : state.volumes) {
      if (volume.attachment != null) {
        require(state.instance(volume.attachment.instanceId).isPresent(), volume.volumeId + " is attached to unknown instance " + volume.attachment.instanceId);
      }
    }
    for (Instance instance : state.instances) {
      Instance.stateCode(instance.state);
      boolean terminated = instance.state.equals("terminated");
      require(terminated || !state.interfacesOf(instance.instanceId).isEmpty(), instance.instanceId + " has no attached network interface");
    }
    validateAwsServices(state);
    validateEvidence(state);
    for (Faults.Rule rule : state.faults.rules) {
      require(Faults.isValid(rule), "fault " + rule.service + " " + rule.operation + " " + rule.kind + " needs a service, an operation, a kind of " + Faults.KINDS + " and a remaining count of at least 1");
    }
    require(state.faults.latencyMs >= 0 && state.faults.newSecurityGroupDescribeLag >= 0, "fault latencyMs and newSecurityGroupDescribeLag must be 0 or more");
    for (TrackedConnection connection : state.connections) {
      require(state.networkInterface(connection.networkInterfaceId).isPresent(), "connection " + connection.id + " names unknown interface " + connection.networkInterfaceId);
      require(Set.of("tcp", "udp", "icmp").contains(connection.protocol), "connection " + connection.id + " has protocol " + connection.protocol + "; expected tcp, udp or icmp");
      require(Set.of("inbound", "outbound").contains(connection.direction), "connection " + connection.id + " has direction " + connection.direction + "; expected inbound or outbound");
    }
  }

  /** Checks the references of the IAM, Auto Scaling, ELBv2 and Elastic IP parts of the state. */
  private void validateAwsServices(AccountState state) {
    for (Instance instance : state.instances) {
      if (instance.iamInstanceProfile != null) {
        require(state.instanceProfileByArn(instance.iamInstanceProfile.arn).isPresent(), instance.instanceId + " names unknown instance profile " + instance.iamInstanceProfile.arn);
      }
    }
    for (InstanceProfile profile : state.instanceProfiles) {
      profile.roleNames.forEach(role -> require(state.role(role).isPresent(), "instance profile " + profile.instanceProfileName + " names unknown role " + role));
    }
    for (AutoScalingGroup group : state.autoScalingGroups) {
      group.instances.forEach(member -> require(state.instance(member.instanceId).isPresent(), "group " + group.autoScalingGroupName + " names unknown instance " + member.instanceId));
      group.targetGroupArns.forEach(arn -> require(state.targetGroup(arn).isPresent(), "group " + group.autoScalingGroupName + " names unknown target group " + arn));
      require(group.minSize <= group.desiredCapacity && group.desiredCapacity <= group.maxSize, "group " + group.autoScalingGroupName + " needs minSize <= desiredCapacity <= maxSize");
      require(state.image(group.launchTemplate.imageId).isPresent(), "group " + group.autoScalingGroupName + " launches unknown image " + group.launchTemplate.imageId);
      String subnetId = group.launchTemplate.subnetId != null ? group.launchTemplate.subnetId : group.subnetIds.stream().findFirst().orElse(null);
      require(subnetId != null && state.subnet(subnetId).isPresent(), "group " + group.autoScalingGroupName + " launches into unknown subnet " + subnetId);
    }
    for (TargetGroup group : state.targetGroups) {
      group.targets.forEach(target -> require(state.instance(target.id).isPresent(), "target group " + group.targetGroupName + " names unknown instance " + target.id));
    }
    for (RoleSession session : state.roleSessions) {
      require(session.accessKeyId != null && session.roleArn != null && session.arn != null && isInstant(session.issuedAt), "role session " + session.accessKeyId + " needs accessKeyId, roleArn, arn and an ISO 8601 issuedAt");
    }
    for (InstanceCredential credential : state.instanceCredentials) {
      require(credential.accessKeyId != null && credential.roleName != null && credential.arn != null && isInstant(credential.issuedAt), "instance credentials " + credential.accessKeyId + " need accessKeyId, roleName, arn and an ISO 8601 issuedAt");
    }
    for (Address address : state.addresses) {
      if (address.networkInterfaceId != null) {
        require(state.networkInterface(address.networkInterfaceId).isPresent(), "address " + address.publicIp + " names unknown interface " + address.networkInterfaceId);
      }
    }
  }

  /** Checks the fields the evidence and eradication services read without a null check. */
  private void validateEvidence(AccountState state) {
    for (TrailEvent event : state.trailEvents) {
      require(event.eventId != null && event.eventTime != null && event.eventName != null && event.eventSource != null, "CloudTrail event " + event.eventId + " needs eventId, eventTime, eventName and eventSource");
    }
    Set<String> groupNames = new HashSet<>();
    for (LogGroup group : state.logGroups) {
      require(group.logGroupName != null && groupNames.add(group.logGroupName), "log group names must be present and unique: " + group.logGroupName);
      group.streams.forEach(stream -> stream.events.forEach(event -> require(event.message != null, "log stream " + stream.logStreamName + " has an event without a message")));
    }
    Set<String> secretNames = new HashSet<>();
    for (Secret secret : state.secrets) {
      require(secret.name != null && secret.arn != null && secretNames.add(secret.name), "secret " + secret.name + " needs a unique name and an arn");
    }
    for (SsmModel.ManagedInstance managed : state.ssmInstances) {
      require(state.instance(managed.instanceId).isPresent(), "SSM managed instance names unknown instance " + managed.instanceId);
    }
    for (GuardDutyDetector detector : state.guardDutyDetectors) {
      require(detector.detectorId != null, "a GuardDuty detector has no detectorId");
      detector.findings.forEach(finding -> require(finding.hasNonNull("id"), "a finding of detector " + detector.detectorId + " has no id"));
    }
    Set<String> bucketNames = new HashSet<>();
    for (Bucket bucket : state.buckets) {
      require(bucket.name != null && bucketNames.add(bucket.name), "bucket names must be present and unique: " + bucket.name);
      bucket.objects.forEach(object -> require(object.key != null && object.lastModified != null, "an object in bucket " + bucket.name + " needs key and lastModified"));
    }
    state.snsTopics.forEach(topic -> require(topic.topicArn != null, "an SNS topic has no topicArn"));
    for (VpcEndpoint endpoint : state.vpcEndpoints) {
      require(endpoint.vpcEndpointId != null && endpoint.serviceName != null,
          "a VPC endpoint needs vpcEndpointId and serviceName");
      require(state.vpcs.stream().anyMatch(vpc -> vpc.vpcId.equals(endpoint.vpcId)),
          "VPC endpoint " + endpoint.vpcEndpointId + " names unknown VPC " + endpoint.vpcId);
      endpoint.groupIds.forEach(groupId -> require(state.securityGroup(groupId).isPresent(),
          "VPC endpoint " + endpoint.vpcEndpointId + " names unknown security group " + groupId));
    }
  }

  private static boolean isInstant(String text) {
    try {
      return text != null && Instant.parse(text) != null;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException("Invalid scenario '" + name + "': " + problem + ".");
    }
  }
}
