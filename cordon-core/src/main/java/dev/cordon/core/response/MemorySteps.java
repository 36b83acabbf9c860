package dev.cordon.core.response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.aws.AwsException;
import dev.cordon.core.input.UsageException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;

/**
 * Memory capture through SSM Run Command, and the metadata endpoint switch that may follow it.
 *
 * <p>The preflight checks that the instance is a managed instance that is online and that its
 * VPC has the interface endpoints the SSM Agent and the upload need once the instance is
 * isolated. The steps then shape a per-VPC forensic group that allows only HTTPS to those
 * endpoints, add it to the primary ENI for the duration of the capture, run the capture script
 * and complete the upload. Security groups never filter the metadata endpoint (169.254.169.254),
 * so turning it off is a separate, optional step that release undoes.
 */
final class MemorySteps {
  private static final Logger log = LoggerFactory.getLogger(MemorySteps.class);

  static final String FORENSIC_PREFIX = "cordon-forensic-";

  /** Services the SSM Agent (ssm, ssmmessages, ec2messages) and the image upload (s3) reach. */
  static final List<String> ENDPOINT_SERVICES = List.of("ssm", "ssmmessages", "ec2messages", "s3");

  /** Evidence file that records the captured image; the manifest lists it with its SHA-256. */
  static final String RECORD_FILE = "memory-capture.json";

  static final String CAPTURE_STEP = "memory-capture";
  static final String DISABLE_IMDS_STEP = "disable-imds";

  /** Time SSM may take to deliver the command to the agent before it gives up. */
  static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(10);

  /** Polls of GetCommandInvocation start at the first interval and double up to the maximum. */
  static final Duration FIRST_POLL_INTERVAL = Duration.ofSeconds(2);

  static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(30);

  private static final int HTTPS = 443;

  /** SendCommand accepts comments of up to 100 characters. */
  private static final int MAX_COMMENT = 100;

  /**
   * Invocation statuses that may still end in Success. Every other one ends the wait: Failed
   * (with details such as Undeliverable or DeliveryTimedOut), TimedOut, Cancelled, Cancelling.
   */
  private static final List<String> PENDING_STATUSES = List.of("Pending", "InProgress", "Delayed");

  private MemorySteps() {}

  /**
   * Result of the preflight.
   *
   * @param platform {@code Linux} or {@code Windows}, as SSM reports it
   * @param memoryBytes the instance type's memory, which sizes the upload parts
   * @param vpcId VPC of the primary ENI
   * @param endpointGroupIds security groups of the VPC's interface endpoints, the forensic
   *     group's only destinations
   * @param missingEndpoints services of {@link #ENDPOINT_SERVICES} with no available interface
   *     endpoint in the VPC
   */
  record Preflight(String platform, long memoryBytes, String vpcId, List<String> endpointGroupIds,
      List<String> missingEndpoints) {}

  /**
   * Rejects {@code --stop} without a memory capture or an explicit waiver, before anything
   * changes, because stopping loses the memory for good.
   */
  static void requireVolatileEvidence(ContainmentRequest request) {
    if (request.stop() && request.memory() == null && !request.waiveMemory()) {
      throw new UsageException("--stop loses the instance's memory, and no memory capture was requested;"
          + " nothing was changed. Pass --memory with --evidence-bucket and --memory-tool to capture it first,"
          + " or --waive-memory to stop without it.");
    }
  }

  /** Returns the instance type's description, or empty when DescribeInstanceTypes fails. */
  static Optional<InstanceTypeInfo> instanceType(Run run) {
    String type = run.target.described().instanceTypeAsString();
    if (type == null) {
      return Optional.empty();
    }
    try {
      return run.read("DescribeInstanceTypes", type, () -> run.ec2.describeInstanceTypes(
          request -> request.instanceTypesWithStrings(type))).instanceTypes().stream().findFirst();
    } catch (AwsException e) {
      log.warn("DescribeInstanceTypes failed for {} with {}; instance store is not checked", type, e.errorCode());
      return Optional.empty();
    }
  }

  /** Returns the plan's warning about instance-store volumes, or null when the type has none. */
  static String instanceStoreWarning(Run run, Optional<InstanceTypeInfo> info) {
    String type = run.target.described().instanceTypeAsString();
    if (info.isEmpty()) {
      return "Instance type " + type + " could not be described (ec2:DescribeInstanceTypes), so instance-store"
          + " volumes were not checked; snapshots never capture them.";
    }
    if (!Boolean.TRUE.equals(info.get().instanceStorageSupported()) || info.get().instanceStorageInfo() == null) {
      return null;
    }
    Long gigabytes = info.get().instanceStorageInfo().totalSizeInGB();
    return "Instance type " + type + " has " + gigabytes + " GB of instance-store volumes, which snapshots never"
        + " capture and a stop erases; copy what you need from them (dd over SSM) before --stop.";
  }

  /**
   * Checks that SSM can reach the instance and that its VPC has the endpoints the capture needs.
   *
   * @throws UsageException when the instance is not a managed instance that is online, or runs a
   *     platform other than Linux and Windows
   */
  static Preflight preflight(Run run, MemoryCapture memory, Optional<InstanceTypeInfo> type) {
    String id = run.target.instanceId();
    List<InstanceInformation> managed = run.read("DescribeInstanceInformation", id, () -> run.clients.ssm()
        .describeInstanceInformation(request -> request.filters(
            InstanceInformationStringFilter.builder().key("InstanceIds").values(id).build())))
        .instanceInformationList();
    if (managed.isEmpty()) {
      throw new UsageException("Instance " + id + " is not a managed instance in Systems Manager, so memory"
          + " cannot be captured through SSM Run Command; nothing was changed. Check the SSM Agent and its"
          + " permissions, or pass --waive-memory instead of --memory.");
    }
    InstanceInformation information = managed.get(0);
    if (!"Online".equals(information.pingStatusAsString())) {
      throw new UsageException("Instance " + id + " has SSM ping status " + information.pingStatusAsString()
          + " (last ping " + information.lastPingDateTime() + "), so a command would not be delivered; nothing"
          + " was changed. Bring the SSM Agent online, or pass --waive-memory instead of --memory.");
    }
    String platform = information.platformTypeAsString();
    if (!"Linux".equals(platform) && !"Windows".equals(platform)) {
      throw new UsageException("Instance " + id + " runs platform " + platform + "; memory capture supports Linux"
          + " (AVML) and Windows (WinPMem). Pass --waive-memory instead of --memory.");
    }
    if (type.isEmpty() || type.get().memoryInfo() == null || type.get().memoryInfo().sizeInMiB() == null) {
      throw new UsageException("The memory size of instance type " + run.target.described().instanceTypeAsString()
          + " is unknown (ec2:DescribeInstanceTypes failed), so the upload cannot be sized; grant"
          + " ec2:DescribeInstanceTypes or pass --waive-memory.");
    }
    long memoryBytes = type.get().memoryInfo().sizeInMiB() << 20;

    String vpcId = run.target.interfaces().get(0).vpcId();
    List<VpcEndpoint> endpoints = run.read("DescribeVpcEndpoints", vpcId, () -> run.ec2.describeVpcEndpoints(
        request -> request.filters(Ec2Lookups.filter("vpc-id", vpcId)))).vpcEndpoints();
    TreeSet<String> groups = new TreeSet<>();
    List<String> missing = new ArrayList<>();
    for (String service : ENDPOINT_SERVICES) {
      List<VpcEndpoint> usable = endpoints.stream()
          .filter(endpoint -> endpoint.serviceName() != null && endpoint.serviceName().endsWith("." + service))
          .filter(endpoint -> "Interface".equalsIgnoreCase(endpoint.vpcEndpointTypeAsString()))
          .filter(endpoint -> "available".equalsIgnoreCase(endpoint.stateAsString()))
          .toList();
      if (usable.isEmpty()) {
        missing.add(service);
      }
      usable.forEach(endpoint -> endpoint.groups().forEach(group -> groups.add(group.groupId())));
    }
    return new Preflight(platform, memoryBytes, vpcId, List.copyOf(groups), List.copyOf(missing));
  }

  /**
   * Rejects the capture before any change when the isolated instance could not reach SSM, or the
   * evidence bucket or an {@code s3://} tool object does not exist.
   *
   * @throws UsageException naming what to create or fix, or {@code --waive-memory}
   */
  static void requireReachable(Run run, MemoryCapture memory, Preflight preflight) {
    if (!preflight.missingEndpoints().isEmpty()) {
      throw new UsageException("Memory capture cannot reach SSM once the instance is isolated: VPC "
          + preflight.vpcId() + " has no available interface endpoint for " + preflight.missingEndpoints()
          + "; nothing was changed. Create them (aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface"
          + " --service-name com.amazonaws." + run.region() + ".SERVICE --private-dns-enabled) and run contain"
          + " again, or pass --waive-memory instead of --memory.");
    }
    String bucketProblem = S3Checks.bucketProblem(run, memory.bucket());
    if (bucketProblem != null) {
      throw new UsageException("Invalid --evidence-bucket " + memory.bucket() + ": " + bucketProblem
          + "; nothing was changed. Create the bucket or pass an existing one, or pass --waive-memory instead of --memory.");
    }
    if (memory.toolBucket() != null) {
      String toolProblem = S3Checks.objectProblem(run, memory.toolBucket(), memory.toolKey());
      if (toolProblem != null) {
        throw new UsageException("Invalid --memory-tool " + memory.tool() + ": " + toolProblem
            + "; nothing was changed. Upload the tool there or pass its s3:// location, or pass --waive-memory"
            + " instead of --memory.");
      }
    }
  }

  /** Returns whether the journal shows the capture done, as on a run that resumes after it. */
  static boolean captured(Run run) {
    JournalEntry entry = Executor.latest(run.journal).get(CAPTURE_STEP);
    return entry != null && entry.completes();
  }

  /**
   * Returns the preflight of a capture already done, from its evidence record, without calling
   * SSM: a stopped instance's agent is offline, and rerunning contain must still resume.
   */
  static Preflight recordedPreflight(Run run) {
    Path record = IncidentFiles.evidence(run.directory).resolve(RECORD_FILE);
    String platform = Files.exists(record) ? IncidentIo.read(record, JsonNode.class).path("platform").asText("Linux") : "Linux";
    return new Preflight(platform, 0, run.target.interfaces().get(0).vpcId(), List.of(), List.of());
  }

  /** Returns the plan's note about the capture: where the image goes, in how many parts. */
  static List<String> notes(Run run, MemoryCapture memory, Preflight preflight) {
    List<String> notes = new ArrayList<>();
    MemoryUpload.Layout layout = MemoryUpload.Layout.forImage(preflight.memoryBytes());
    notes.add("Memory (" + (preflight.memoryBytes() >> 20) + " MiB, " + preflight.platform() + ") goes to s3://"
        + memory.bucket() + "/" + memory.imageKey(run.incidentId, run.target.instanceId(), extension(preflight))
        + " in up to " + layout.parts() + " parts of " + (layout.partBytes() >> 20) + " MiB; the command may run "
        + memory.timeout().toMinutes() + " min.");
    return notes;
  }

  /**
   * Returns the capture steps: the forensic group, the capture and, when requested, the metadata
   * endpoint switch.
   *
   * @param deniedProfile profile whose role gets the deny that excepts the SSM Agent during the
   *     capture, or null when no such deny is planned
   */
  static List<Step> all(Target target, MemoryCapture memory, Preflight preflight, String deniedProfile) {
    List<Step> steps = new ArrayList<>();
    steps.add(new ForensicGroup(preflight.vpcId(), preflight.endpointGroupIds()));
    steps.add(new Capture(target.interfaces().get(0), memory, preflight, deniedProfile));
    if (memory.disableImds()) {
      steps.add(new DisableMetadata());
    }
    return steps;
  }

  /** Returns the release step that turns the metadata endpoint back on, if contain turned it off. */
  static List<Step> restore(Map<String, JournalEntry> latest) {
    JournalEntry disabled = latest.get(DISABLE_IMDS_STEP);
    if (disabled == null || !disabled.completes() || disabled.data() == null
        || !"enabled".equals(disabled.data().get("previousHttpEndpoint"))) {
      return List.of();
    }
    return List.of(new RestoreMetadata());
  }

  /**
   * Returns the manifest entry of the captured image, or null without one: where it is, its size,
   * the SHA-256 the host computed and the checksum S3 computed from the parts.
   */
  static Map<String, Object> manifestImage(Path evidence) {
    Path record = evidence.resolve(RECORD_FILE);
    if (!Files.exists(record)) {
      return null;
    }
    JsonNode node = IncidentIo.read(record, JsonNode.class);
    Map<String, Object> image = new LinkedHashMap<>();
    for (String field : List.of("image", "bytes", "sha256", "s3ChecksumSha256", "commandId", "tool", "toolSha256")) {
      if (node.has(field)) {
        image.put(field, node.get(field).isNumber() ? node.get(field).asLong() : node.get(field).asText());
      }
    }
    return image;
  }

  static String groupName(String vpcId) {
    return FORENSIC_PREFIX + vpcId;
  }

  private static String extension(Preflight preflight) {
    return "Windows".equals(preflight.platform()) ? "raw" : "lime";
  }

  private static IpPermission httpsTo(String groupId) {
    return IpPermission.builder().ipProtocol("tcp").fromPort(HTTPS).toPort(HTTPS)
        .userIdGroupPairs(UserIdGroupPair.builder().groupId(groupId).build()).build();
  }

  /**
   * Creates the VPC's forensic group, or brings an existing one back to its shape: no inbound
   * rules and outbound HTTPS only to the security groups of the SSM and S3 interface endpoints.
   */
  static final class ForensicGroup implements Step {
    private final String vpcId;
    private final List<String> endpointGroupIds;

    ForensicGroup(String vpcId, List<String> endpointGroupIds) {
      this.vpcId = vpcId;
      this.endpointGroupIds = endpointGroupIds;
    }

    @Override public boolean repeatable() {
      return true;
    }

    @Override public String name() {
      return "forensic-group:" + vpcId;
    }

    @Override public String resource() {
      return vpcId;
    }

    @Override public String description() {
      return "Find or create " + groupName(vpcId) + " allowing only HTTPS out to the SSM and S3 endpoints' groups"
          + (endpointGroupIds.isEmpty() ? " (as the capture left it)" : " " + String.join(", ", endpointGroupIds));
    }

    @Override public boolean isDone(Run run) {
      return Ec2Lookups.group(run, vpcId, groupName(vpcId)).map(this::hasShape).orElse(false);
    }

    private boolean hasShape(SecurityGroup group) {
      if (!group.ipPermissions().isEmpty()) {
        return false;
      }
      TreeSet<String> allowed = new TreeSet<>();
      for (IpPermission permission : group.ipPermissionsEgress()) {
        boolean https = "tcp".equals(permission.ipProtocol()) && Integer.valueOf(HTTPS).equals(permission.fromPort())
            && Integer.valueOf(HTTPS).equals(permission.toPort());
        if (!https || !permission.ipRanges().isEmpty() || !permission.ipv6Ranges().isEmpty()
            || !permission.prefixListIds().isEmpty()) {
          return false;
        }
        permission.userIdGroupPairs().forEach(pair -> allowed.add(pair.groupId()));
      }
      return allowed.equals(new TreeSet<>(endpointGroupIds));
    }

    @Override public Map<String, String> apply(Run run) {
      String name = groupName(vpcId);
      Optional<SecurityGroup> existing = Ec2Lookups.group(run, vpcId, name);
      String createdId = null;
      if (existing.isEmpty()) {
        try {
          createdId = create(run, name);
        } catch (AwsException e) {
          existing = Optional.of(IsolationSteps.createdByOtherRun(run, vpcId, name, e));
        }
      }
      String groupId = createdId != null ? createdId : existing.get().groupId();
      if (createdId != null) {
        run.change("RevokeSecurityGroupEgress", groupId, () -> run.ec2.revokeSecurityGroupEgress(
            request -> request.groupId(groupId).ipPermissions(IsolationSteps.allTraffic())));
      } else {
        SecurityGroup group = existing.get();
        if (!group.ipPermissions().isEmpty()) {
          run.change("RevokeSecurityGroupIngress", groupId, () -> run.ec2.revokeSecurityGroupIngress(
              request -> request.groupId(groupId).ipPermissions(group.ipPermissions())));
        }
        if (!group.ipPermissionsEgress().isEmpty()) {
          run.change("RevokeSecurityGroupEgress", groupId, () -> run.ec2.revokeSecurityGroupEgress(
              request -> request.groupId(groupId).ipPermissions(group.ipPermissionsEgress())));
        }
      }
      if (!endpointGroupIds.isEmpty()) {
        List<IpPermission> rules = endpointGroupIds.stream().map(MemorySteps::httpsTo).toList();
        run.change("AuthorizeSecurityGroupEgress", groupId, () -> run.ec2.authorizeSecurityGroupEgress(
            request -> request.groupId(groupId).ipPermissions(rules)));
      }
      return Map.of("groupId", groupId);
    }

    private String create(Run run, String name) {
      return run.change("CreateSecurityGroup", vpcId, () -> run.ec2.createSecurityGroup(request -> request
          .groupName(name).description("Cordon forensic access: HTTPS to the SSM and S3 endpoints only").vpcId(vpcId)
          .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP).tags(
              ProtectSteps.tag(IsolationSteps.ROLE_TAG, "forensic"), ProtectSteps.tag("Name", name)).build())))
          .groupId();
    }
  }

  /**
   * Captures memory: adds the forensic group to the primary ENI, runs the capture script through
   * SSM Run Command, puts the ENI back on the quarantine group alone and completes the upload.
   * A failed, timed-out or undelivered command fails the step with its command ID, so a later
   * stop never runs.
   *
   * <p>With a denied profile, the role's deny excepts the SSM Agent's actions while the command
   * runs: the step puts that exception back before sending when an earlier failure closed it, and
   * closes it (deny of every action) when the capture fails. After a success the next step closes it.
   */
  static final class Capture extends InstanceStep {
    private final Target.Eni eni;
    private final MemoryCapture memory;
    private final Preflight preflight;
    private final String deniedProfile;

    Capture(Target.Eni eni, MemoryCapture memory, Preflight preflight, String deniedProfile) {
      this.eni = eni;
      this.memory = memory;
      this.preflight = preflight;
      this.deniedProfile = deniedProfile;
    }

    @Override public String name() {
      return CAPTURE_STEP;
    }

    @Override public String description() {
      return "Capture memory with " + ("Windows".equals(preflight.platform()) ? "WinPMem" : "AVML")
          + " through SSM Run Command into s3://" + memory.bucket() + " (HTTPS to the endpoints only, up to "
          + memory.timeout().toMinutes() + " min)";
    }

    @Override public boolean isDone(Run run) {
      return Files.exists(IncidentFiles.evidence(run.directory).resolve(RECORD_FILE));
    }

    /** A failed capture leaves the snapshots, the manifest and the credential cut to run; only the stop waits for it. */
    @Override public boolean failureStopsPlan() {
      return false;
    }

    /**
     * Captures the memory. A failure on the host or in SSM is raised as an {@link AwsException},
     * a remote failure, so the command line exits 4 rather than reporting a bug.
     */
    @Override public Map<String, String> apply(Run run) {
      try {
        return captureWithinDeny(run);
      } catch (AwsException | UsageException e) {
        throw e;
      } catch (CordonException e) {
        throw new AwsException(e.getMessage() + " The snapshots, the evidence manifest and the credential cut do"
            + " not wait for the capture.", CAPTURE_STEP, run.target.instanceId(), "MemoryCaptureFailed", null, e);
      }
    }

    private Map<String, String> captureWithinDeny(Run run) {
      if (!preflight.missingEndpoints().isEmpty()) {
        throw new CordonException("Memory capture not started: VPC " + preflight.vpcId() + " has no available"
            + " interface endpoint for " + preflight.missingEndpoints() + ", so the isolated instance cannot reach"
            + " SSM. Create the endpoints and run contain again, or run it again with --waive-memory.");
      }
      if (deniedProfile == null) {
        return capture(run);
      }
      CredentialSteps.holdDeny(run, deniedProfile, true);
      try {
        return capture(run);
      } catch (RuntimeException e) {
        closeDenyException(run, e);
        throw e;
      }
    }

    /** Puts the deny of every action back after a failed capture, keeping the capture's error first. */
    private void closeDenyException(Run run, RuntimeException failure) {
      try {
        CredentialSteps.holdDeny(run, deniedProfile, false);
        run.progress.accept("Memory capture failed; the deny on the role of " + deniedProfile + " covers every action again.");
      } catch (RuntimeException e) {
        log.warn("Failed to make the deny on the role of {} cover every action after the capture failed, so it still"
            + " excepts the SSM Agent's actions; run contain again, with or without --memory, to close it", deniedProfile, e);
        failure.addSuppressed(e);
      }
    }

    private Map<String, String> capture(Run run) {
      String id = run.target.instanceId();
      String key = memory.imageKey(run.incidentId, id, extension(preflight));
      MemoryUpload.Layout layout = MemoryUpload.Layout.forImage(preflight.memoryBytes());
      Duration expiry = memory.timeout().plus(DELIVERY_TIMEOUT);
      Instant expiresAt = run.clock.instant().plus(expiry);

      MemoryUpload upload = MemoryUpload.create(run, memory.bucket(), key);
      String script;
      try {
        List<URL> parts = upload.presignParts(run, layout.parts(), expiry);
        URL tool = toolUrl(run, expiry);
        script = "Windows".equals(preflight.platform())
            ? MemoryScripts.windows(run.incidentId, id, tool, memory.toolSha256(), layout.partBytes(), parts, expiresAt)
            : MemoryScripts.linux(run.incidentId, id, tool, memory.toolSha256(), layout.partBytes(), parts, expiresAt);
      } catch (RuntimeException e) {
        abortQuietly(run, upload);
        throw e;
      }

      String forensicGroup = groupId(run);
      String quarantineGroup = IsolationSteps.groupId(run, eni.vpcId(), true);
      GetCommandInvocationResponse invocation;
      String commandId;
      try {
        setGroups(run, quarantineGroup, forensicGroup);
        commandId = send(run, script);
        run.progress.accept("Memory capture: command " + commandId + " sent to " + id);
        invocation = waitForCommand(run, commandId);
      } catch (RuntimeException e) {
        abortQuietly(run, upload);
        throw e;
      } finally {
        setGroups(run, quarantineGroup);
      }
      return finish(run, upload, commandId, invocation, layout);
    }

    private Map<String, String> finish(Run run, MemoryUpload upload, String commandId,
        GetCommandInvocationResponse invocation, MemoryUpload.Layout layout) {
      MemoryScripts.Summary summary = MemoryScripts.parseSummary(invocation.standardOutputContent());
      if (summary == null) {
        abortQuietly(run, upload);
        throw new CordonException("Memory capture command " + commandId + " succeeded but printed no image"
            + " summary; the upload " + upload.uploadId() + " was aborted. Read the command's output in the SSM"
            + " console and capture again.");
      }
      List<Part> parts = upload.parts(run);
      long received = parts.stream().mapToLong(part -> part.size() == null ? 0 : part.size()).sum();
      if (parts.size() != summary.parts() || received != summary.bytes()) {
        abortQuietly(run, upload);
        throw new CordonException("Memory capture command " + commandId + " reported " + summary.parts()
            + " parts and " + summary.bytes() + " bytes, but S3 holds " + parts.size() + " parts and " + received
            + " bytes; the upload was aborted. Capture again.");
      }
      String s3Checksum = upload.complete(run, parts);

      Map<String, Object> record = new LinkedHashMap<>();
      record.put("image", upload.uri());
      record.put("bytes", summary.bytes());
      record.put("sha256", summary.sha256());
      record.put("s3ChecksumSha256", s3Checksum);
      record.put("parts", summary.parts());
      record.put("partBytes", layout.partBytes());
      record.put("commandId", commandId);
      record.put("platform", preflight.platform());
      record.put("tool", memory.tool().startsWith("s3://") ? memory.tool() : "presigned https URL");
      record.put("toolSha256", memory.toolSha256());
      record.put("completedAt", run.clock.instant().toString());
      IncidentIo.writeAtomically(IncidentFiles.evidence(run.directory).resolve(RECORD_FILE), IncidentIo.json(record));
      run.progress.accept("Memory capture: " + summary.bytes() + " bytes in " + upload.uri() + ", SHA-256 " + summary.sha256());

      Map<String, String> data = new LinkedHashMap<>();
      data.put("commandId", commandId);
      data.put("image", upload.uri());
      data.put("sha256", summary.sha256());
      data.put("bytes", String.valueOf(summary.bytes()));
      return data;
    }

    /** Returns the tool's download URL: a presigned GET for {@code s3://}, else the given URL. */
    private URL toolUrl(Run run, Duration expiry) {
      if (memory.toolBucket() == null) {
        try {
          return java.net.URI.create(memory.tool()).toURL();
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
          throw new UsageException("Invalid --memory-tool URL: " + e.getMessage() + ".");
        }
      }
      return run.clients.presigner().presignGetObject(presign -> presign.signatureDuration(expiry)
          .getObjectRequest(request -> request.bucket(memory.toolBucket()).key(memory.toolKey()))).url();
    }

    private String groupId(Run run) {
      JournalEntry ensured = Executor.latest(run.journal).get("forensic-group:" + preflight.vpcId());
      if (ensured != null && ensured.data() != null && ensured.data().containsKey("groupId")) {
        return ensured.data().get("groupId");
      }
      return Ec2Lookups.group(run, preflight.vpcId(), groupName(preflight.vpcId())).map(SecurityGroup::groupId)
          .orElseThrow(() -> new CordonException("Security group " + groupName(preflight.vpcId()) + " not found although"
              + " an earlier step ensured it; run contain again to recreate it."));
    }

    private void setGroups(Run run, String... groupIds) {
      run.change("ModifyNetworkInterfaceAttribute", eni.networkInterfaceId(), () -> run.ec2
          .modifyNetworkInterfaceAttribute(request -> request.networkInterfaceId(eni.networkInterfaceId()).groups(groupIds)));
    }

    /** Sends the script; the returned ID is journaled, never the script, whose URLs are bearer tokens. */
    private String send(Run run, String script) {
      String id = run.target.instanceId();
      String document = "Windows".equals(preflight.platform()) ? "AWS-RunPowerShellScript" : "AWS-RunShellScript";
      String comment = "Cordon memory capture, incident " + run.incidentId;
      String bounded = comment.length() > MAX_COMMENT ? comment.substring(0, MAX_COMMENT) : comment;
      return run.change("SendCommand", id, () -> run.clients.ssm().sendCommand(request -> request
          .instanceIds(id)
          .documentName(document)
          .comment(bounded)
          .timeoutSeconds((int) DELIVERY_TIMEOUT.toSeconds())
          .parameters(Map.of("commands", List.of(script),
              "executionTimeout", List.of(String.valueOf(memory.timeout().toSeconds()))))))
          .command().commandId();
    }

    /**
     * Polls GetCommandInvocation with backoff until the command ends, and returns it when it
     * succeeded. SSM may not list an invocation right after SendCommand, so InvocationDoesNotExist
     * counts as pending until the delivery timeout.
     */
    private GetCommandInvocationResponse waitForCommand(Run run, String commandId) {
      String id = run.target.instanceId();
      Duration deadline = memory.timeout().plus(DELIVERY_TIMEOUT);
      Duration waited = Duration.ZERO;
      Duration interval = FIRST_POLL_INTERVAL;
      while (true) {
        GetCommandInvocationResponse invocation = poll(run, commandId, waited);
        if (invocation != null) {
          String status = invocation.statusAsString();
          if ("Success".equals(status)) {
            return invocation;
          }
          if (!PENDING_STATUSES.contains(status)) {
            throw failed(commandId, invocation);
          }
        }
        if (waited.compareTo(deadline) >= 0) {
          cancel(run, commandId);
          throw new CordonException("Memory capture command " + commandId + " on " + id + " did not finish within "
              + deadline.toMinutes() + " min and was cancelled; the instance was not stopped. Look at the command in"
              + " the SSM console, then run contain again or pass --waive-memory.");
        }
        sleep(run, interval);
        waited = waited.plus(interval);
        interval = interval.multipliedBy(2).compareTo(MAX_POLL_INTERVAL) > 0 ? MAX_POLL_INTERVAL : interval.multipliedBy(2);
      }
    }

    private GetCommandInvocationResponse poll(Run run, String commandId, Duration waited) {
      String id = run.target.instanceId();
      try {
        return run.read("GetCommandInvocation", commandId, () -> run.clients.ssm().getCommandInvocation(
            request -> request.commandId(commandId).instanceId(id)));
      } catch (AwsException e) {
        if ("InvocationDoesNotExist".equals(e.errorCode()) && waited.compareTo(DELIVERY_TIMEOUT) < 0) {
          return null;
        }
        throw e;
      }
    }

    private static CordonException failed(String commandId, GetCommandInvocationResponse invocation) {
      String reason = MemoryScripts.errorLine(invocation.standardErrorContent());
      return new CordonException("Memory capture command " + commandId + " ended " + invocation.statusAsString()
          + " (" + invocation.statusDetails() + ", exit code " + invocation.responseCode() + ")"
          + (reason == null ? "" : ": " + reason) + "; the upload was aborted and the instance was not stopped."
          + " Fix the cause and run contain again, or pass --waive-memory.");
    }

    private void cancel(Run run, String commandId) {
      try {
        run.change("CancelCommand", commandId, () -> run.clients.ssm().cancelCommand(
            request -> request.commandId(commandId).instanceIds(run.target.instanceId())));
      } catch (AwsException e) {
        log.warn("CancelCommand {} failed with {}", commandId, e.errorCode());
      }
    }

    private static void sleep(Run run, Duration interval) {
      try {
        run.sleeper.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CordonException("Interrupted while waiting for the memory capture; run contain again to capture again.");
      }
    }

    private static void abortQuietly(Run run, MemoryUpload upload) {
      try {
        upload.abort(run);
      } catch (AwsException e) {
        log.warn("AbortMultipartUpload {} of {} failed with {}; its parts stay until a lifecycle rule removes them",
            upload.uploadId(), upload.uri(), e.errorCode());
      }
    }
  }

  /**
   * Journals that the operator waived the memory capture with {@code --waive-memory}, so the
   * record shows who accepted losing the memory. Makes no AWS call.
   */
  static final class Waiver extends InstanceStep {
    static final String NAME = "waive-memory";

    @Override public String name() {
      return NAME;
    }

    @Override public String description() {
      return "Record that the operator waived the memory capture (--waive-memory)";
    }

    @Override public boolean isDone(Run run) {
      return false;
    }

    @Override public Map<String, String> apply(Run run) {
      Map<String, String> data = new LinkedHashMap<>();
      data.put("operator", run.operator == null ? "unknown" : run.operator);
      data.put("stop", String.valueOf(run.request != null && run.request.stop()));
      return data;
    }
  }

  /**
   * Turns the instance metadata endpoint off, which security groups never filter, so nothing on
   * the host can read role credentials or user data from it any more.
   */
  static final class DisableMetadata extends InstanceStep {
    private String found;

    @Override public String name() {
      return DISABLE_IMDS_STEP;
    }

    @Override public String description() {
      return "Turn the instance metadata endpoint off (ModifyInstanceMetadataOptions HttpEndpoint=disabled)";
    }

    @Override public boolean isDone(Run run) {
      found = httpEndpoint(run);
      return "disabled".equals(found);
    }

    @Override public Map<String, String> apply(Run run) {
      String previous = found != null ? found : httpEndpoint(run);
      String id = run.target.instanceId();
      run.change("ModifyInstanceMetadataOptions", id, () -> run.ec2.modifyInstanceMetadataOptions(
          request -> request.instanceId(id).httpEndpoint(InstanceMetadataEndpointState.DISABLED)));
      return Map.of("previousHttpEndpoint", previous == null ? "enabled" : previous);
    }
  }

  /** Turns the metadata endpoint back on in release, when contain turned it off. */
  static final class RestoreMetadata extends InstanceStep {
    @Override public boolean repeatable() {
      return true;
    }

    @Override public String name() {
      return "restore-imds";
    }

    @Override public String description() {
      return "Turn the instance metadata endpoint back on (ModifyInstanceMetadataOptions HttpEndpoint=enabled)";
    }

    @Override public boolean isDone(Run run) {
      return "enabled".equals(httpEndpoint(run));
    }

    @Override public Map<String, String> apply(Run run) {
      String id = run.target.instanceId();
      run.change("ModifyInstanceMetadataOptions", id, () -> run.ec2.modifyInstanceMetadataOptions(
          request -> request.instanceId(id).httpEndpoint(InstanceMetadataEndpointState.ENABLED)));
      return Map.of();
    }
  }

  private static String httpEndpoint(Run run) {
    var options = Ec2Lookups.instance(run, run.target.instanceId()).metadataOptions();
    return options == null ? null : options.httpEndpointAsString();
  }
}
