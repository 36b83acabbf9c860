package dev.cordon.core.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import dev.cordon.core.CordonException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Steps that hand the snapshots to a forensic account: copy each one re-encrypted under a
 * customer managed KMS key, share the copies through {@code createVolumePermission}, and record
 * them in the evidence manifest. Snapshots under the AWS managed EBS key cannot be shared, and
 * unencrypted ones are copied encrypted too, so the forensic account always receives a copy.
 *
 * <p>The copy stays in the instance's region. DestinationRegion is set because, without it, the
 * SDK's CopySnapshot interceptor parses the region from the endpoint host, which fails for a
 * loopback endpoint. The interceptor then presigns the request locally, without a call.
 *
 * <p>CopySnapshot takes no client token (SDK 2.40), so a copy is found again by its
 * {@value #COPY_OF_TAG} tag, which TagSpecifications sets in the same call that creates it.
 * Release keeps the copies and the sharing, as it keeps all evidence.
 *
 * <p>NOTE: the preflight's DryRun checks do not cover CopySnapshot or ModifySnapshotAttribute,
 * because the snapshots do not exist yet; a missing permission fails these steps after isolation,
 * and a re-run resumes them.
 */
final class ForensicCopySteps {
  /** Tag on a copy naming the snapshot it was copied from. */
  static final String COPY_OF_TAG = "cordon:copy-of";

  /** Tag on a copy naming the account it is shared with. */
  static final String FORENSIC_ACCOUNT_TAG = "cordon:forensic-account";

  static final String COPIES_FILE = "forensic-copies.json";

  private ForensicCopySteps() {}

  static List<Step> all(ContainmentRequest.ForensicCopy forensicCopy) {
    if (forensicCopy == null) {
      return List.of();
    }
    return List.of(new CopySnapshots(forensicCopy), new ShareCopies(forensicCopy), new RecordCopies(forensicCopy));
  }

  /** Returns the incident's copies by source snapshot ID, found by tag. */
  static Map<String, Snapshot> copies(Run run) {
    Map<String, Snapshot> copies = new LinkedHashMap<>();
    run.read("DescribeSnapshots", run.incidentId, () -> run.ec2.describeSnapshots(request -> request
            .ownerIds("self")
            .filters(Ec2Lookups.filter("tag:" + ProtectSteps.INCIDENT_TAG, run.incidentId),
                Ec2Lookups.filter("tag-key", COPY_OF_TAG))))
        .snapshots()
        .forEach(copy -> copies.put(sourceOf(copy), copy));
    return copies;
  }

  private static String sourceOf(Snapshot copy) {
    return copy.tags().stream().filter(tag -> tag.key().equals(COPY_OF_TAG)).findFirst().orElseThrow().value();
  }

  /** Starts a copy of every completed source snapshot that has none yet and returns source to copy IDs. */
  static Map<String, String> startMissingCopies(Run run, ContainmentRequest.ForensicCopy forensicCopy) {
    Map<String, Snapshot> existing = copies(run);
    Map<String, String> started = new LinkedHashMap<>();
    for (Snapshot source : EvidenceSteps.waitForSnapshots(run)) {
      if (existing.containsKey(source.snapshotId())) {
        continue;
      }
      String copyId = run.change("CopySnapshot", source.snapshotId(), () -> run.ec2.copySnapshot(request -> request
          .sourceSnapshotId(source.snapshotId())
          .sourceRegion(run.region())
          .destinationRegion(run.region())
          .encrypted(true)
          .kmsKeyId(forensicCopy.kmsKeyId())
          .description("Cordon forensic copy of " + source.snapshotId() + " for incident " + run.incidentId)
          .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT).tags(
              ProtectSteps.tag(ProtectSteps.INCIDENT_TAG, run.incidentId),
              ProtectSteps.tag(COPY_OF_TAG, source.snapshotId()),
              ProtectSteps.tag(FORENSIC_ACCOUNT_TAG, forensicCopy.accountId()),
              ProtectSteps.tag("cordon:volume", source.volumeId())).build()))).snapshotId();
      started.put(source.snapshotId(), copyId);
    }
    return started;
  }

  /** Returns the accounts a snapshot is shared with. */
  static List<String> sharedWith(Run run, String snapshotId) {
    return run.read("DescribeSnapshotAttribute", snapshotId, () -> run.ec2.describeSnapshotAttribute(request -> request
            .snapshotId(snapshotId).attribute("createVolumePermission")))
        .createVolumePermissions().stream().map(CreateVolumePermission::userId).toList();
  }

  static final class CopySnapshots extends InstanceStep {
    private final ContainmentRequest.ForensicCopy forensicCopy;

    CopySnapshots(ContainmentRequest.ForensicCopy forensicCopy) {
      this.forensicCopy = forensicCopy;
    }

    @Override public String name() {
      return "copy-snapshots";
    }

    @Override public String description() {
      return "Copy every snapshot encrypted with " + forensicCopy.kmsKeyId() + " (CopySnapshot)";
    }

    @Override public boolean isDone(Run run) {
      Map<String, Snapshot> copies = copies(run);
      return !copies.isEmpty() && EvidenceSteps.snapshots(run).stream()
          .allMatch(source -> copies.containsKey(source.snapshotId()));
    }

    @Override public Map<String, String> apply(Run run) {
      return startMissingCopies(run, forensicCopy);
    }
  }

  /** Waits for the copies, then shares each with the forensic account. */
  static final class ShareCopies implements Step {
    private final ContainmentRequest.ForensicCopy forensicCopy;

    ShareCopies(ContainmentRequest.ForensicCopy forensicCopy) {
      this.forensicCopy = forensicCopy;
    }

    @Override public String name() {
      return "share-snapshot-copies";
    }

    @Override public String resource() {
      return forensicCopy.accountId();
    }

    @Override public String description() {
      return "Wait for the copies and share them with account " + forensicCopy.accountId()
          + " (ModifySnapshotAttribute createVolumePermission)";
    }

    @Override public boolean isDone(Run run) {
      List<Snapshot> sources = EvidenceSteps.snapshots(run);
      Map<String, Snapshot> copies = copies(run);
      for (Snapshot source : sources) {
        Snapshot copy = copies.get(source.snapshotId());
        if (copy == null || copy.state() != SnapshotState.COMPLETED
            || !sharedWith(run, copy.snapshotId()).contains(forensicCopy.accountId())) {
          return false;
        }
      }
      return !sources.isEmpty();
    }

    /** Starts copies again that are missing, so a failed copy the operator deleted is replaced. */
    @Override public Map<String, String> apply(Run run) {
      startMissingCopies(run, forensicCopy);
      Map<String, String> shared = new LinkedHashMap<>();
      for (Snapshot copy : waitForCopies(run)) {
        if (!sharedWith(run, copy.snapshotId()).contains(forensicCopy.accountId())) {
          run.change("ModifySnapshotAttribute", copy.snapshotId(), () -> run.ec2.modifySnapshotAttribute(request -> request
              .snapshotId(copy.snapshotId())
              .attribute("createVolumePermission")
              .createVolumePermission(permission -> permission.add(
                  CreateVolumePermission.builder().userId(forensicCopy.accountId()).build()))));
        }
        shared.put(copy.snapshotId(), forensicCopy.accountId());
      }
      return shared;
    }
  }

  /** Polls until every copy is completed, reporting progress, with the evidence step's timeout. */
  static List<Snapshot> waitForCopies(Run run) {
    Duration waited = Duration.ZERO;
    Duration interval = EvidenceSteps.FIRST_POLL_INTERVAL;
    while (waited.compareTo(EvidenceSteps.SNAPSHOT_TIMEOUT) <= 0) {
      List<Snapshot> copies = new ArrayList<>(copies(run).values());
      for (Snapshot copy : copies) {
        if (copy.state() == SnapshotState.ERROR) {
          throw new CordonException("Copy " + copy.snapshotId() + " of " + sourceOf(copy) + " failed: "
              + copy.stateMessage() + ". Check that the key policy of the forensic KMS key lets this account use"
              + " it, delete the copy (aws ec2 delete-snapshot --snapshot-id " + copy.snapshotId()
              + ") and run contain again to copy it again.");
        }
      }
      if (copies.stream().allMatch(copy -> copy.state() == SnapshotState.COMPLETED)) {
        return copies;
      }
      run.progress.accept("Snapshot copies: " + String.join(", ", copies.stream()
          .map(copy -> copy.snapshotId() + " " + (copy.progress() == null ? "0%" : copy.progress())).toList()));
      try {
        run.sleeper.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CordonException("Interrupted while waiting for snapshot copies; run contain again to resume.");
      }
      waited = waited.plus(interval);
      Duration doubled = interval.multipliedBy(2);
      interval = doubled.compareTo(EvidenceSteps.MAX_POLL_INTERVAL) > 0 ? EvidenceSteps.MAX_POLL_INTERVAL : doubled;
    }
    throw new CordonException("Snapshot copies of incident " + run.incidentId + " not completed after "
        + EvidenceSteps.SNAPSHOT_TIMEOUT.toHours() + " h; run contain again to keep waiting.");
  }

  /**
   * Writes {@value #COPIES_FILE} into the evidence directory and adds it and a
   * {@code forensicCopies} list to the manifest, which the evidence step wrote before.
   */
  static final class RecordCopies extends InstanceStep {
    private final ContainmentRequest.ForensicCopy forensicCopy;

    RecordCopies(ContainmentRequest.ForensicCopy forensicCopy) {
      this.forensicCopy = forensicCopy;
    }

    @Override public String name() {
      return "record-forensic-copies";
    }

    @Override public String description() {
      return "Record the shared copies in the evidence manifest";
    }

    @Override public boolean isDone(Run run) {
      Path manifest = IncidentFiles.manifest(run.directory);
      Path copiesFile = IncidentFiles.evidence(run.directory).resolve(COPIES_FILE);
      if (!Files.exists(manifest) || !Files.exists(copiesFile)) {
        return false;
      }
      for (JsonNode artifact : IncidentIo.read(manifest, JsonNode.class).path("artifacts")) {
        if (artifact.path("file").asText().equals(COPIES_FILE)) {
          return artifact.path("sha256").asText().equals(EvidenceSteps.sha256(copiesFile));
        }
      }
      return false;
    }

    @Override public Map<String, String> apply(Run run) {
      List<Map<String, Object>> records = new ArrayList<>();
      for (Snapshot copy : copies(run).values()) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("sourceSnapshotId", sourceOf(copy));
        record.put("copySnapshotId", copy.snapshotId());
        record.put("volumeId", copy.tags().stream().filter(tag -> tag.key().equals("cordon:volume"))
            .map(tag -> tag.value()).findFirst().orElse(null));
        record.put("kmsKeyId", copy.kmsKeyId());
        record.put("state", copy.stateAsString());
        record.put("sharedWith", sharedWith(run, copy.snapshotId()));
        records.add(record);
      }
      Path evidence = IncidentFiles.evidence(run.directory);
      Path copiesFile = evidence.resolve(COPIES_FILE);
      IncidentIo.writeAtomically(copiesFile, IncidentIo.json(Map.of("forensicAccount", forensicCopy.accountId(),
          "kmsKeyId", forensicCopy.kmsKeyId(), "copies", records)));

      ObjectNode manifest = (ObjectNode) IncidentIo.read(IncidentFiles.manifest(run.directory), JsonNode.class);
      manifest.set("forensicCopies", IncidentIo.PRETTY.valueToTree(records));
      ArrayNode artifacts = manifest.withArray("artifacts");
      for (int i = artifacts.size() - 1; i >= 0; i--) {
        if (artifacts.get(i).path("file").asText().equals(COPIES_FILE)) {
          artifacts.remove(i);
        }
      }
      artifacts.addObject().put("file", COPIES_FILE).put("sha256", EvidenceSteps.sha256(copiesFile))
          .put("bytes", copiesFile.toFile().length());
      byte[] content = IncidentIo.json(manifest);
      IncidentIo.writeAtomically(IncidentFiles.manifest(run.directory), content);
      return Map.of("manifestSha256", Hashing.sha256().hashBytes(content).toString());
    }
  }
}
