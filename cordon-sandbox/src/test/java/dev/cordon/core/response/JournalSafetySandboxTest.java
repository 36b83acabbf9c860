package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import dev.cordon.core.aws.AwsException;
import dev.cordon.core.guardduty.GuardDutyFinding;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.UsageException;
import dev.cordon.sandbox.SandboxServer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal mirror and the run lock against the sandbox: tampering and runs that overlap. */
class JournalSafetySandboxTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T03:25:00Z"), ZoneOffset.UTC);
  private static final String INCIDENT = "gd-finding-c2-0001";
  private static final JournalMirror.Location MIRROR = JournalMirror.Location.parse("prod-order-service-data/cordon");
  private static final String MIRROR_KEY = "cordon/" + INCIDENT + "/journal.jsonl";
  private static final String INSTANCE = "i-0abc123def456";

  @TempDir Path incidents;
  private SandboxServer sandbox;
  private AwsClients clients;

  @BeforeEach
  void start() {
    sandbox = SandboxServer.start();
    clients = AwsClients.of(new AwsClientFactory(AwsClientSettings.loopback(sandbox.endpoint())));
  }

  @AfterEach
  void stop() {
    clients.s3().close();
    sandbox.close();
  }

  private Containment containment() {
    return new Containment(clients, incidents, CLOCK, CallHook.NONE, duration -> { }, line -> { })
        .mirrorJournal(MIRROR);
  }

  private static ContainmentRequest request() {
    return request(null);
  }

  /** Returns the request to contain the seed's instance under {@code incidentId}, or the finding's default. */
  private static ContainmentRequest request(String incidentId) {
    GuardDutyFinding finding = new GuardDutyFinding("finding-c2-0001", "Backdoor:EC2/C&CActivity.B", 8.0, "C2",
        "C2 activity", "123456789012", "us-east-1", null, null, null, null, 1, false, "ACTOR", "NETWORK_CONNECTION",
        "i-0abc123def456", null, List.of(), "203.0.113.100", 443, 49152, "TCP", "OUTBOUND", null, "test");
    return new ContainmentRequest(null, finding, incidentId, false, false, false);
  }

  private byte[] mirrored() {
    return clients.s3().getObjectAsBytes(r -> r.bucket(MIRROR.bucket()).key(MIRROR_KEY)).asByteArray();
  }

  /** Returns the instance's {@code cordon:incident} tag, or null. */
  private String incidentTag() {
    return clients.ec2().describeInstances(r -> r.instanceIds(INSTANCE)).reservations().get(0).instances().get(0)
        .tags().stream().filter(tag -> tag.key().equals(ProtectSteps.INCIDENT_TAG)).map(tag -> tag.value())
        .findFirst().orElse(null);
  }

  private Path journalFile() {
    return IncidentFiles.journal(incidents.resolve(INCIDENT));
  }

  @Test
  void contain_deletedJournal_rejectedBeforeOverwrite() throws IOException {
    Containment first = containment();
    first.execute(first.planContainment(request()));
    byte[] before = mirrored();
    Files.delete(journalFile());

    assertThatThrownBy(() -> containment().planContainment(request()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("s3://prod-order-service-data/" + MIRROR_KEY)
        .hasMessageContaining("aws s3 cp s3://prod-order-service-data/" + MIRROR_KEY + " " + journalFile())
        .hasMessageContaining("--incident " + INCIDENT + "-2");
    assertThatThrownBy(() -> containment().planContainment(request()))
        .message().as("names the restore command once").containsOnlyOnce("aws s3 cp");
    assertThat(mirrored()).isEqualTo(before);
    assertThat(Files.exists(journalFile())).isFalse();
  }

  @Test
  void execute_mirrorAheadOfPlan_rejectedBeforeUpload() throws IOException {
    Containment first = containment();
    first.execute(first.planContainment(request()));
    List<String> lines = Files.readAllLines(journalFile());
    Files.write(journalFile(), lines.subList(0, lines.size() - 3));
    byte[] before = mirrored();
    Containment release = new Containment(clients, incidents, CLOCK, CallHook.NONE, duration -> { }, line -> { });
    Plan plan = release.planRelease(INCIDENT);

    assertThatThrownBy(() -> release.execute(plan))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("has " + lines.size() + " entries, the local file " + (lines.size() - 3))
        .hasMessageContaining("aws s3 cp s3://prod-order-service-data/" + MIRROR_KEY)
        .hasMessageNotContaining("--incident");
    assertThat(mirrored()).isEqualTo(before);
    assertThat(Files.readAllLines(journalFile())).hasSize(lines.size() - 3);
  }

  @Test
  void plan_incidentLocked_rejectedBeforeAnyRead() throws IOException {
    Path lockFile = incidents.resolve(INCIDENT).resolve("journal.lock");
    Files.createDirectories(lockFile.getParent());
    String before = sandbox.stateJson();
    // Any AWS read would fail, so only a rejection before the first read is a UsageException.
    sandbox.faults().on("ec2", "DescribeInstances").serverError(AwsClientFactory.MAX_ATTEMPTS);
    sandbox.faults().on("sts", "GetCallerIdentity").serverError(AwsClientFactory.MAX_ATTEMPTS);

    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      assertThat(held.isValid()).isTrue();
      assertThatThrownBy(() -> containment().planContainment(request()))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("Incident " + INCIDENT + " is in use by another cordon run")
          .hasMessageContaining(lockFile.toString());
    }
    sandbox.faults().clear();
    assertThat(sandbox.stateJson()).isEqualTo(before);
    assertThat(Files.exists(journalFile())).isFalse();
  }

  @Test
  void plan_incidentOfOtherInstancePlanned_rejected() {
    try (Plan first = containment().planContainment(request())) {
      ContainmentRequest otherInstance = new ContainmentRequest("i-0abc123def789", null, INCIDENT, false, false, false);

      assertThatThrownBy(() -> containment().planContainment(otherInstance))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("Incident " + INCIDENT + " is in use by another cordon run")
          .hasMessageContaining("(cordon contain of incident " + INCIDENT);
      assertThat(first.incidentId()).isEqualTo(INCIDENT);
    }
  }

  @Test
  void release_whileContainPlanned_rejected() {
    Containment first = containment();
    first.execute(first.planContainment(request()));

    try (Plan resume = containment().planContainment(request())) {
      assertThatThrownBy(() -> containment().planRelease(INCIDENT))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("Incident " + INCIDENT + " is in use by another cordon run")
          .hasMessageContaining("(cordon contain of incident " + INCIDENT);
      assertThat(resume.incidentId()).isEqualTo(INCIDENT);
    }
  }

  @Test
  void execute_afterLockReleased_runs() {
    Containment containment = containment();
    Outcome outcome = containment.execute(containment.planContainment(request()));

    Containment again = containment();
    Outcome rerun = again.execute(again.planContainment(request()));

    assertThat(outcome.changed()).contains("snapshot-volumes");
    assertThat(rerun.changed()).isEmpty();
  }

  @Test
  void contain_otherIncidentOfInstance_rejected() {
    Containment first = containment();
    Plan plan = first.planContainment(request());
    String before = sandbox.stateJson();

    assertThatThrownBy(() -> containment().planContainment(request("ir-second")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Instance " + INSTANCE + " is in use by another cordon run")
        .hasMessageContaining("process " + ProcessHandle.current().pid() + " (cordon contain of incident " + INCIDENT)
        .hasMessageContaining("'cordon status " + INCIDENT + "'")
        .hasMessageContaining("nothing was changed");
    assertThat(sandbox.stateJson()).isEqualTo(before);
    assertThat(Files.exists(incidents.resolve("ir-second"))).isFalse();

    first.execute(plan);

    assertThatThrownBy(() -> containment().planContainment(request("ir-second")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("already contained by incident " + INCIDENT);
    assertThat(incidentTag()).isEqualTo(INCIDENT);
  }

  @Test
  void release_instanceLocked_rejected() {
    Containment first = containment();
    first.execute(first.planContainment(request()));
    String before = sandbox.stateJson();

    try (RunLock other = RunLock.acquireInstance(INSTANCE, incidents, "ir-other", "contain", CLOCK)) {
      assertThat(other).isNotNull();
      assertThatThrownBy(() -> containment().planRelease(INCIDENT))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("Instance " + INSTANCE + " is in use by another cordon run")
          .hasMessageContaining("'cordon status ir-other'");
    }
    assertThat(sandbox.stateJson()).isEqualTo(before);
  }

  @Test
  void release_originalStateNamesPath_rejected() throws IOException {
    Containment first = containment();
    first.execute(first.planContainment(request()));
    Path originalFile = incidents.resolve(INCIDENT).resolve("original-state.json");
    Files.writeString(originalFile, Files.readString(originalFile).replace(INSTANCE, "../../escaped"));

    assertThatThrownBy(() -> containment().planRelease(INCIDENT))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("Invalid instance ID '../../escaped' in " + originalFile);
    assertThat(Files.exists(incidents.resolve(".instance-locks").resolve("../../escaped.lock"))).isFalse();
  }

  @Test
  void plan_closedWithoutExecuting_releasesInstance() {
    containment().planContainment(request()).close();

    try (Plan second = containment().planContainment(request("ir-second"))) {
      assertThat(second.incidentId()).isEqualTo("ir-second");
    }
  }

  @Test
  void plan_rejectedByPreflight_releasesInstance() {
    sandbox.faults().on("sts", "GetCallerIdentity").serverError(AwsClientFactory.MAX_ATTEMPTS);
    assertThatThrownBy(() -> containment().planContainment(request())).isInstanceOf(AwsException.class);
    sandbox.faults().clear();

    try (Plan again = containment().planContainment(request("ir-second"))) {
      assertThat(again.incidentId()).isEqualTo("ir-second");
    }
  }

  @Test
  void preview_whileInstanceHeld_locksNothing() {
    try (Plan held = containment().planContainment(request())) {
      Plan preview = containment().previewContainment(request("ir-second"));

      assertThat(preview.steps()).isNotEmpty();
      assertThatThrownBy(() -> containment().execute(preview))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("it is a preview");
      assertThat(held.incidentId()).isEqualTo(INCIDENT);
    }
    assertThat(Files.exists(incidents.resolve("ir-second"))).isFalse();
  }

  @Test
  void contain_restoredJournal_resumes() throws IOException {
    Containment first = containment();
    first.execute(first.planContainment(request()));
    byte[] before = mirrored();
    Files.write(journalFile(), before);

    Containment again = containment();
    Outcome outcome = again.execute(again.planContainment(request()));

    assertThat(outcome.changed()).isEmpty();
    assertThat(again.checkMirror(INCIDENT).state()).isEqualTo(JournalMirror.State.MATCHES);
  }
}
