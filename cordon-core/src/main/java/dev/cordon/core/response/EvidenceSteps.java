package dev.cordon.core.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.Hashing;
import dev.cordon.core.CordonException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.CopyTagsFromSource;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Steps that keep the evidence: one crash-consistent snapshot set, descriptions and a manifest. */
final class EvidenceSteps {
  /** Maximum wait for the snapshots before the evidence step fails, because large volumes take hours. */
  static final Duration SNAPSHOT_TIMEOUT = Duration.ofHours(6);

  /** Polls start at the first interval and double up to the maximum, so short waits end soon. */
  static final Duration FIRST_POLL_INTERVAL = Duration.ofSeconds(1);

  static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(15);

  private EvidenceSteps() {}

  static List<Step> all(boolean stop) {
    List<Step> steps = new ArrayList<>(List.of(new Snapshots(), new Manifest()));
    if (stop) {
      steps.add(new StopInstance());
    }
    return steps;
  }

  /**
   * Returns the incident's snapshots of its volumes, found by tag, so a crashed run finds what it
   * started. Forensic copies carry the incident tag too and are left out.
   */
  static List<Snapshot> snapshots(Run run) {
    return run.read("DescribeSnapshots", run.incidentId, () -> run.ec2.describeSnapshots(request -> request
            .ownerIds("self")
            .filters(Ec2Lookups.filter("tag:" + ProtectSteps.INCIDENT_TAG, run.incidentId))))
        .snapshots().stream()
        .filter(snapshot -> snapshot.tags().stream().noneMatch(tag -> tag.key().equals(ForensicCopySteps.COPY_OF_TAG)))
        .toList();
  }

  static final class Snapshots extends InstanceStep {
    @Override public String name() {
      return "snapshot-volumes";
    }

    @Override public String description() {
      return "Snapshot every attached EBS volume as one crash-consistent set (CreateSnapshots)";
    }

    @Override public boolean isDone(Run run) {
      List<String> covered = snapshots(run).stream().map(Snapshot::volumeId).toList();
      return run.target.volumes().stream().allMatch(disk -> covered.contains(disk.volumeId()));
    }

    @Override public Map<String, String> apply(Run run) {
      String id = run.target.instanceId();
      var response = run.change("CreateSnapshots", id, () -> run.ec2.createSnapshots(request -> request
          .instanceSpecification(spec -> spec.instanceId(id))
          .description("Cordon evidence for incident " + run.incidentId)
          .copyTagsFromSource(CopyTagsFromSource.VOLUME)
          .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT).tags(
              ProtectSteps.tag(ProtectSteps.INCIDENT_TAG, run.incidentId),
              ProtectSteps.tag("cordon:instance", id)).build())));
      Map<String, String> data = new LinkedHashMap<>();
      response.snapshots().forEach(snapshot -> data.put(snapshot.volumeId(), snapshot.snapshotId()));
      return data;
    }
  }

  /**
   * Waits for the snapshots, then writes the instance, ENI, volume and snapshot descriptions as
   * JSON and a manifest with the SHA-256 of every artifact.
   */
  static final class Manifest extends InstanceStep {
    @Override public String name() {
      return "evidence-manifest";
    }

    @Override public String description() {
      return "Wait for the snapshots, save the console output and descriptions, write the SHA-256 manifest";
    }

    @Override public boolean isDone(Run run) {
      Path manifest = IncidentFiles.manifest(run.directory);
      if (!Files.exists(manifest)) {
        return false;
      }
      JsonNode artifacts = IncidentIo.read(manifest, JsonNode.class).path("artifacts");
      boolean memoryListed = false;
      for (JsonNode artifact : artifacts) {
        memoryListed |= MemorySteps.RECORD_FILE.equals(artifact.path("file").asText());
      }
      if (!memoryListed && Files.exists(IncidentFiles.evidence(run.directory).resolve(MemorySteps.RECORD_FILE))) {
        return false;
      }
      for (JsonNode artifact : artifacts) {
        Path file = IncidentFiles.evidence(run.directory).resolve(artifact.path("file").asText());
        if (!Files.exists(file) || !sha256(file).equals(artifact.path("sha256").asText())) {
          return false;
        }
      }
      return artifacts.size() > 0;
    }

    @Override public Map<String, String> apply(Run run) {
      List<Snapshot> snapshots = waitForSnapshots(run);
      Path evidence = IncidentFiles.evidence(run.directory);
      String id = run.target.instanceId();
      Map<String, Object> artifacts = new LinkedHashMap<>();
      artifacts.put("instance.json", SdkJson.toJson(Ec2Lookups.instance(run, id)));
      artifacts.put("network-interfaces.json", SdkJson.toJson(run.read("DescribeNetworkInterfaces", id,
          () -> run.ec2.describeNetworkInterfaces(request -> request.filters(
              Ec2Lookups.filter("attachment.instance-id", id)))).networkInterfaces()));
      artifacts.put("volumes.json", SdkJson.toJson(run.read("DescribeVolumes", id,
          () -> run.ec2.describeVolumes(request -> request.filters(
              Ec2Lookups.filter("attachment.instance-id", id)))).volumes()));
      artifacts.put("snapshots.json", SdkJson.toJson(snapshots));

      List<Map<String, Object>> entries = new ArrayList<>();
      for (Map.Entry<String, Object> artifact : artifacts.entrySet()) {
        Path file = evidence.resolve(artifact.getKey());
        IncidentIo.writeAtomically(file, IncidentIo.json(artifact.getValue()));
        entries.add(entry(artifact.getKey(), file));
      }
      Path console = evidence.resolve("console-output.txt");
      IncidentIo.writeAtomically(console, consoleOutput(run));
      entries.add(entry("console-output.txt", console));
      Path original = IncidentFiles.originalState(run.directory);
      Path originalCopy = evidence.resolve("original-state.json");
      IncidentIo.writeAtomically(originalCopy, readAll(original));
      entries.add(entry("original-state.json", originalCopy));
      Path memoryRecord = evidence.resolve(MemorySteps.RECORD_FILE);
      if (Files.exists(memoryRecord)) {
        entries.add(entry(MemorySteps.RECORD_FILE, memoryRecord));
      }

      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("incidentId", run.incidentId);
      manifest.put("instanceId", id);
      manifest.put("writtenAt", run.clock.instant().toString());
      manifest.put("snapshots", snapshots.stream().map(s -> Map.of("snapshotId", s.snapshotId(),
          "volumeId", s.volumeId(), "state", s.stateAsString())).toList());
      manifest.put("artifacts", entries);
      Map<String, Object> memoryImage = MemorySteps.manifestImage(evidence);
      if (memoryImage != null) {
        manifest.put("memoryImages", List.of(memoryImage));
      }
      byte[] content = IncidentIo.json(manifest);
      IncidentIo.writeAtomically(IncidentFiles.manifest(run.directory), content);
      return Map.of("manifestSha256", Hashing.sha256().hashBytes(content).toString());
    }

    /** Returns the console output decoded from the base64 EC2 sends, or the raw text if not base64. */
    private static byte[] consoleOutput(Run run) {
      String id = run.target.instanceId();
      String output = run.read("GetConsoleOutput", id, () -> run.ec2.getConsoleOutput(
          request -> request.instanceId(id).latest(true))).output();
      if (output == null) {
        return new byte[0];
      }
      try {
        return java.util.Base64.getMimeDecoder().decode(output);
      } catch (IllegalArgumentException e) {
        return output.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
    }

    private static Map<String, Object> entry(String name, Path file) {
      return Map.of("file", name, "sha256", sha256(file), "bytes", size(file));
    }
  }

  /** Polls until every snapshot of the incident is completed, reporting progress. */
  static List<Snapshot> waitForSnapshots(Run run) {
    Duration waited = Duration.ZERO;
    Duration interval = FIRST_POLL_INTERVAL;
    while (waited.compareTo(SNAPSHOT_TIMEOUT) <= 0) {
      List<Snapshot> snapshots = snapshots(run);
      List<Snapshot> failed = snapshots.stream().filter(s -> s.state() == SnapshotState.ERROR).toList();
      if (!failed.isEmpty()) {
        throw new CordonException("Snapshot " + failed.get(0).snapshotId() + " of "
            + failed.get(0).volumeId() + " failed: " + failed.get(0).stateMessage()
            + ". Delete it and run contain again to take a new set.");
      }
      if (snapshots.stream().allMatch(s -> s.state() == SnapshotState.COMPLETED)) {
        return snapshots;
      }
      run.progress.accept("Snapshots: " + String.join(", ", snapshots.stream()
          .map(s -> s.snapshotId() + " " + (s.progress() == null ? "0%" : s.progress())).toList()));
      try {
        run.sleeper.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CordonException("Interrupted while waiting for snapshots; run contain again to resume.");
      }
      waited = waited.plus(interval);
      interval = interval.multipliedBy(2).compareTo(MAX_POLL_INTERVAL) > 0 ? MAX_POLL_INTERVAL : interval.multipliedBy(2);
    }
    throw new CordonException("Snapshots of incident " + run.incidentId + " not completed after "
        + SNAPSHOT_TIMEOUT.toHours() + " h; run contain again to keep waiting.");
  }

  static String sha256(Path file) {
    return Hashing.sha256().hashBytes(readAll(file)).toString();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Stops the instance; only planned with {@code --stop}, after the evidence. */
  static final class StopInstance extends InstanceStep {
    @Override public boolean repeatable() {
      return true;
    }

    @Override public String name() {
      return "stop-instance";
    }

    /** A stop loses the memory, so a failed capture keeps the instance running. */
    @Override public List<String> requiresSuccessOf() {
      return List.of(MemorySteps.CAPTURE_STEP);
    }

    @Override public String description() {
      return "Stop the instance (memory is lost; the volumes and snapshots stay)";
    }

    @Override public boolean isDone(Run run) {
      String state = Ec2Lookups.instance(run, run.target.instanceId()).state().nameAsString();
      return state.equals("stopping") || state.equals("stopped");
    }

    @Override public Map<String, String> apply(Run run) {
      String id = run.target.instanceId();
      run.change("StopInstances", id, () -> run.ec2.stopInstances(request -> request.instanceIds(id)));
      return Map.of();
    }
  }
}
