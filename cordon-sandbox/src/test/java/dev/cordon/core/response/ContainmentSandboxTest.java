package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsException;
import dev.cordon.core.guardduty.GuardDutyFinding;
import dev.cordon.core.input.UsageException;
import dev.cordon.sandbox.SandboxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** Containment and release of the sandbox's seed incident through the real SDK clients. */
class ContainmentSandboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T03:25:00Z"), ZoneOffset.UTC);
  private static final String INSTANCE = "i-0abc123def456";
  private static final List<String> ENIS = List.of("eni-0a1b2c3d4e5f60001", "eni-0a1b2c3d4e5f60002");

  @TempDir Path incidents;

  /** The shared session with journals in this test's directory and polls that do not wait. */
  private final class Session extends SandboxSession {
    Session(SandboxServer sandbox) {
      this(sandbox, incidents);
    }

    Session(SandboxServer sandbox, Path root) {
      super(sandbox, root, CLOCK, duration -> {});
    }

    Outcome contain(CallHook hook) {
      return contain(hook, request());
    }
  }

  private static GuardDutyFinding c2Finding(boolean sample) {
    return new GuardDutyFinding("finding-c2-0001", "Backdoor:EC2/C&CActivity.B", 8.0, "C2", "C2 activity",
        "123456789012", "us-east-1", null, null, null, null, 1, sample, "ACTOR", "NETWORK_CONNECTION",
        INSTANCE, null, List.of(), "203.0.113.100", 443, 49152, "TCP", "OUTBOUND", null, "test");
  }

  private static ContainmentRequest request() {
    return new ContainmentRequest(null, c2Finding(false), null, false, false, false);
  }

  @Test
  void contain_seedIncident_isolatesAndKeepsEvidence() throws IOException {
    try (Session session = new Session(SandboxServer.start())) {
      Outcome outcome = session.contain(CallHook.NONE);

      String quarantine = session.dump().get("securityGroups").findParents("groupName").stream()
          .filter(g -> g.get("groupName").asText().equals("cordon-quarantine-vpc-0abc123"))
          .findFirst().orElseThrow().get("groupId").asText();
      for (String eni : ENIS) {
        assertThat(session.find("networkInterfaces", "networkInterfaceId", eni).get("groupIds"))
            .extracting(JsonNode::asText).containsExactly(quarantine);
      }
      assertThat(session.find("connections", "id", "c2-session").get("alive").asBoolean()).isFalse();
      assertThat(session.find("connections", "id", "c2-session").get("closedReason").asText())
          .contains("security groups");
      for (JsonNode volume : session.dump().get("volumes")) {
        if (volume.at("/attachment/instanceId").asText().equals(INSTANCE)) {
          assertThat(volume.at("/attachment/deleteOnTermination").asBoolean()).isFalse();
        }
      }
      JsonNode instance = session.find("instances", "instanceId", INSTANCE);
      assertThat(instance.get("disableApiTermination").asBoolean()).isTrue();
      assertThat(instance.at("/tags/cordon:incident").asText()).isEqualTo("gd-finding-c2-0001");

      assertThat(instance.at("/iamInstanceProfile/arn").asText()).endsWith("/cordon-quarantine-profile");
      assertThat(session.dump().at("/roles/0/inlinePolicies/cordon-deny-i-0abc123def456").asText())
          .contains("\"ec2:SourceInstanceARN\":\"arn:aws:ec2:us-east-1:123456789012:instance/i-0abc123def456\"")
          .contains("\"Effect\":\"Deny\"");
      assertThat(session.find("addresses", "allocationId", "eipalloc-0abc123def4560001").path("associationId").isMissingNode())
          .as("Elastic IP disassociated").isTrue();
      assertThat(routedTargets(session)).doesNotContain(INSTANCE).contains("i-0abc123def789").hasSize(2);
      assertThat(session.dump().get("instances")).as("replacement launched").hasSize(3);
      assertThat(session.dump().at("/autoScalingGroups/0/desiredCapacity").asInt()).isEqualTo(2);

      List<JsonNode> snapshots = new ArrayList<>();
      session.dump().get("snapshots").forEach(snapshots::add);
      assertThat(snapshots).hasSize(2).allMatch(s -> s.get("state").asText().equals("completed"));

      Path incident = incidents.resolve("gd-finding-c2-0001");
      JsonNode manifest = JSON.readTree(incident.resolve("evidence/manifest.json").toFile());
      assertThat(manifest.get("snapshots")).hasSize(2);
      for (JsonNode artifact : manifest.get("artifacts")) {
        Path file = incident.resolve("evidence").resolve(artifact.get("file").asText());
        assertThat(EvidenceSteps.sha256(file)).as(file.toString()).isEqualTo(artifact.get("sha256").asText());
      }
      assertThat(manifest.get("artifacts")).hasSize(6);
      assertThat(Files.readString(incident.resolve("evidence/console-output.txt"))).contains("prod-order-service-3 login:");

      assertThat(outcome.journalCheck().intact()).isTrue();
      List<String> requestIds = new ArrayList<>();
      Journal.read(IncidentFiles.journal(incident)).stream()
          .filter(entry -> entry.event() == JournalEntry.Event.DONE && entry.requestId() != null)
          .forEach(entry -> requestIds.addAll(List.of(entry.requestId().split(","))));
      assertThat(requestIds).as("each change's request ID is journaled with its own step only").doesNotHaveDuplicates();
      IncidentStatus status = Containment.status(incidents, "gd-finding-c2-0001");
      assertThat(status.pending()).isEmpty();
      assertThat(status.steps()).extracting(IncidentStatus.StepState::step)
          .contains("untrack-eni:eni-0a1b2c3d4e5f60001", "quarantine-eni:eni-0a1b2c3d4e5f60002",
              "deny-remote:acl-0prod1234:ingress", "deny-remote:acl-0prod1234:egress", "snapshot-volumes");
    }
  }

  @Test
  void contain_rerun_changesNothing() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      JsonNode before = normalized(session.dump());

      Outcome again = session.contain((step, action) -> {
        throw new AssertionError("Re-run called " + action + " in " + step);
      });

      assertThat(again.changed()).isEmpty();
      assertThat(normalized(session.dump())).isEqualTo(before);
      assertThat(again.journalCheck().intact()).isTrue();
    }
  }

  private static String quarantineGroupId(Session session) {
    return session.dump().get("securityGroups").findParents("groupName").stream()
        .filter(g -> g.get("groupName").asText().equals("cordon-quarantine-vpc-0abc123"))
        .findFirst().orElseThrow().get("groupId").asText();
  }

  private static void moveToProduction(Session session, String eni) {
    session.ec2.modifyNetworkInterfaceAttribute(r -> r.networkInterfaceId(eni).groups("sg-0app1234"));
  }

  @Test
  void contain_eniMovedBack_rerunRedoesIsolation() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      moveToProduction(session, ENIS.get(0));
      List<String> changes = java.util.Collections.synchronizedList(new ArrayList<>());

      Outcome again = session.contain((step, action) -> changes.add(step + " " + action));

      assertThat(session.find("networkInterfaces", "networkInterfaceId", ENIS.get(0)).get("groupIds"))
          .extracting(JsonNode::asText).containsExactly(quarantineGroupId(session));
      assertThat(again.redone()).containsExactlyInAnyOrder("untrack-eni:" + ENIS.get(0), "quarantine-eni:" + ENIS.get(0));
      assertThat(changes).as("the ENI passes the untrack group again, and nothing else changes")
          .containsExactly("untrack-eni:" + ENIS.get(0) + " ModifyNetworkInterfaceAttribute",
              "quarantine-eni:" + ENIS.get(0) + " ModifyNetworkInterfaceAttribute");
      assertThat(again.changed()).containsExactlyInAnyOrderElementsOf(again.redone());
      assertThat(again.journalCheck().intact()).isTrue();
    }
  }

  @Test
  void contain_quarantineRulesAdded_rerunRevokesThem() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      String quarantine = quarantineGroupId(session);
      session.ec2.authorizeSecurityGroupIngress(r -> r.groupId(quarantine).ipPermissions(IsolationSteps.allTraffic()));

      Outcome again = session.contain(CallHook.NONE);

      assertThat(again.redone()).containsExactly("quarantine-group:vpc-0abc123");
      assertThat(session.find("securityGroups", "groupId", quarantine).path("rules")).isEmpty();
    }
  }

  @Test
  void contain_verifyFailed_rerunFinishesPlan() {
    try (Session session = new Session(SandboxServer.start())) {
      java.util.concurrent.atomic.AtomicBoolean movedBack = new java.util.concurrent.atomic.AtomicBoolean();
      CallHook undoFirstQuarantine = (step, action) -> {
        if (step.equals("quarantine-eni:" + ENIS.get(0)) && movedBack.compareAndSet(false, true)) {
          moveToProduction(session, ENIS.get(0));
        }
      };

      assertThatThrownBy(() -> session.contain(undoFirstQuarantine))
          .isInstanceOf(dev.cordon.core.aws.AwsStateException.class)
          .hasMessageContaining(ENIS.get(0) + " is on [sg-0app1234] instead of sg-")
          .hasMessageContaining("run contain again");
      IncidentStatus failed = Containment.status(incidents, "gd-finding-c2-0001");
      assertThat(failed.pending()).extracting(IncidentStatus.StepState::step).startsWith("verify-isolation");

      Outcome resumed = session.contain(CallHook.NONE);

      assertThat(resumed.redone()).contains("quarantine-eni:" + ENIS.get(0));
      assertThat(Containment.status(incidents, "gd-finding-c2-0001").pending()).isEmpty();
      assertThat(session.find("networkInterfaces", "networkInterfaceId", ENIS.get(0)).get("groupIds"))
          .extracting(JsonNode::asText).containsExactly(quarantineGroupId(session));
      assertThat(session.dump().at("/roles/0/inlinePolicies/cordon-deny-i-0abc123def456").asText())
          .as("role deny ran after the check passed").contains("\"Effect\":\"Deny\"");
      assertThat(session.find("instances", "instanceId", INSTANCE).at("/iamInstanceProfile/arn").asText())
          .endsWith("/cordon-quarantine-profile");
      assertThat(session.dump().get("snapshots")).hasSize(2);
    }
  }

  @Test
  void contain_journalDirectoryMoved_rejectedBeforeChange() throws IOException {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      Files.move(incidents.resolve("gd-finding-c2-0001"), incidents.resolve("moved-away"));
      JsonNode contained = session.dump();

      assertThatThrownBy(() -> session.plan(request()))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("already contained by incident gd-finding-c2-0001")
          .hasMessageContaining("its journal and original state are not in " + incidents.resolve("gd-finding-c2-0001"))
          .hasMessageContaining("--journal-bucket")
          .hasMessageContaining("--incident-dir");
      assertThat(Files.exists(incidents.resolve("gd-finding-c2-0001").resolve("original-state.json"))).isFalse();
      assertThat(session.dump()).isEqualTo(contained);
    }
  }

  @Test
  void contain_groupCreatedMeanwhile_usesIt() {
    try (Session session = new Session(SandboxServer.start())) {
      Containment containment = session.containment();
      Plan plan = containment.planContainment(request());
      String other = session.ec2.createSecurityGroup(r -> r.vpcId("vpc-0abc123")
          .groupName("cordon-quarantine-vpc-0abc123").description("created by a parallel contain")).groupId();

      containment.execute(plan);

      assertSoleEmptyQuarantineGroup(session, other);
    }
  }

  /** Asserts that both ENIs are on {@code groupId} alone, the VPC's only quarantine group, which has no rules. */
  private static void assertSoleEmptyQuarantineGroup(Session session, String groupId) {
    for (String eni : ENIS) {
      assertThat(session.find("networkInterfaces", "networkInterfaceId", eni).get("groupIds"))
          .extracting(JsonNode::asText).containsExactly(groupId);
    }
    long quarantineGroups = session.dump().get("securityGroups").findValuesAsText("groupName").stream()
        .filter(name -> name.equals("cordon-quarantine-vpc-0abc123")).count();
    assertThat(quarantineGroups).isEqualTo(1);
    JsonNode group = session.find("securityGroups", "groupId", groupId);
    assertThat(group.path("rules")).as("default egress revoked").isEmpty();
  }

  @Test
  void contain_existingQuarantineGroup_isReused() {
    try (Session session = new Session(SandboxServer.start())) {
      String existing = session.ec2.createSecurityGroup(r -> r.vpcId("vpc-0abc123")
          .groupName("cordon-quarantine-vpc-0abc123").description("from an earlier incident")).groupId();

      session.contain(CallHook.NONE);

      assertSoleEmptyQuarantineGroup(session, existing);
    }
  }

  @Test
  void contain_otherIncidentHolds_rejectedBeforeChange() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      JsonNode contained = session.dump();
      ContainmentRequest second = new ContainmentRequest(null, c2Finding(false), "ir-second", false, false, false);

      assertThatThrownBy(() -> session.containment(CallHook.NONE).planContainment(second))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("already contained by incident gd-finding-c2-0001")
          .hasMessageContaining("--incident gd-finding-c2-0001")
          .hasMessageContaining("cordon release gd-finding-c2-0001");
      assertThat(Files.exists(incidents.resolve("ir-second").resolve("original-state.json"))).isFalse();
      assertThat(session.dump().get("networkInterfaces")).isEqualTo(contained.get("networkInterfaces"));
    }
  }

  @Test
  void contain_quarantinedButTaggedReleased_rejected() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      session.ec2.createTags(request -> request.resources(INSTANCE)
          .tags(software.amazon.awssdk.services.ec2.model.Tag.builder().key("cordon:released-at")
              .value("2099-01-01T00:00:00Z").build()));
      ContainmentRequest second = new ContainmentRequest(null, c2Finding(false), "ir-second", false, false, false);

      assertThatThrownBy(() -> session.containment(CallHook.NONE).planContainment(second))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("looks contained already")
          .hasMessageContaining("is on cordon-quarantine-vpc-0abc123");
    }
  }

  @Test
  void contain_forgedIncidentTag_optionOverrides() {
    try (Session session = new Session(SandboxServer.start())) {
      // An attacker with ec2:CreateTags on the instance writes the tag before anyone contains it.
      session.ec2.createTags(request -> request.resources(INSTANCE)
          .tags(software.amazon.awssdk.services.ec2.model.Tag.builder().key("cordon:incident")
              .value("gd-attacker-chosen").build()));

      assertThatThrownBy(() -> session.containment(CallHook.NONE).planContainment(request()))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("already contained by incident gd-attacker-chosen")
          .hasMessageContaining("--ignore-incident-tag");
      ContainmentRequest ignoring = new ContainmentRequest(null, c2Finding(false), null, false, false, false, null,
          false, null, true);
      Outcome outcome = session.contain(CallHook.NONE, ignoring);

      assertThat(outcome.changed()).contains("record-state");
      assertThat(session.find("instances", "instanceId", INSTANCE).at("/iamInstanceProfile/arn").asText())
          .endsWith("/cordon-quarantine-profile");
    }
  }

  @Test
  void contain_ignoreIncidentTagOnQuarantinedInstance_refused() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      ContainmentRequest second = new ContainmentRequest(null, c2Finding(false), "ir-second", false, false, false,
          null, false, null, true);

      assertThatThrownBy(() -> session.containment(CallHook.NONE).planContainment(second))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("looks contained already")
          .hasMessageContaining("--ignore-incident-tag does not apply");
    }
  }

  @Test
  void contain_afterRelease_newIncidentAllowed() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      Containment containment = session.containment(CallHook.NONE);
      containment.execute(containment.planRelease("gd-finding-c2-0001"));
      ContainmentRequest second = new ContainmentRequest(null, c2Finding(false), "ir-second", false, false, false);

      Outcome outcome = session.contain(CallHook.NONE, second);

      assertThat(outcome.changed()).contains("record-state");
    }
  }

  /** Each contain and release runs a minute after the one before, so their tags order in time. */
  @Test
  void contain_secondReleaseCycle_instanceFreeAgain() {
    try (Session session = new Session(SandboxServer.start())) {
      Instant start = Instant.parse("2024-01-15T03:25:00Z");
      String[] incidents = {"ir-first", "ir-second"};
      for (int cycle = 0; cycle < incidents.length; cycle++) {
        Clock containAt = Clock.fixed(start.plusSeconds(120L * cycle), ZoneOffset.UTC);
        Clock releaseAt = Clock.fixed(start.plusSeconds(120L * cycle + 60), ZoneOffset.UTC);
        ContainmentRequest request = new ContainmentRequest(null, c2Finding(false), incidents[cycle], false, false, false);
        Containment contain = session.containment(session.ec2, CallHook.NONE, containAt);
        contain.execute(contain.planContainment(request));
        Containment release = session.containment(session.ec2, CallHook.NONE, releaseAt);

        Outcome released = release.execute(release.planRelease(incidents[cycle]));

        assertThat(released.changed()).as("cycle " + cycle).contains(RestoreSteps.RELEASE_TAG_STEP);
      }
      ContainmentRequest third = new ContainmentRequest(null, c2Finding(false), "ir-third", false, false, false);

      assertThat(session.containment(session.ec2, CallHook.NONE, Clock.fixed(start.plusSeconds(600), ZoneOffset.UTC))
          .previewContainment(third).incidentId()).isEqualTo("ir-third");
    }
  }

  @Test
  void release_editedOriginalState_rejected() throws IOException {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      Path file = incidents.resolve("gd-finding-c2-0001").resolve("original-state.json");
      String recorded = Files.readString(file);
      Files.writeString(file, recorded.replace("\"sg-", "\"sg-0ffff"));
      JsonNode contained = session.dump();
      Containment containment = session.containment(CallHook.NONE);

      assertThatThrownBy(() -> containment.planRelease("gd-finding-c2-0001"))
          .isInstanceOf(dev.cordon.core.input.InputException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("was edited");
      assertThatThrownBy(() -> Containment.status(incidents, "gd-finding-c2-0001"))
          .isInstanceOf(dev.cordon.core.input.InputException.class)
          .hasMessageContaining(file.toString());
      assertThat(session.dump().get("networkInterfaces")).isEqualTo(contained.get("networkInterfaces"));
    }
  }

  @Test
  void release_stoppedInstance_skipsTargetRegistration() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE, new ContainmentRequest(null, c2Finding(false), null, true, false, false, null, true));
      Containment containment = session.containment(CallHook.NONE);

      Plan release = containment.planRelease("gd-finding-c2-0001");
      Outcome outcome = containment.execute(release);

      assertThat(release.blastRadius()).anyMatch(note -> note.contains("is stopped; release restores its settings"));
      assertThat(release.blastRadius()).anyMatch(note -> note.contains("start the instance, then register it"));
      assertThat(outcome.changed()).contains("release-tag").doesNotContain("release-targets");
      assertThat(routedTargets(session)).doesNotContain(INSTANCE);
    }
  }

  @Test
  void release_failure_usesReleaseWording() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      session.sandbox.faults().on("ec2", "ModifyInstanceAttribute").serverError(AwsClientFactory.MAX_ATTEMPTS);
      Containment containment = session.containment(CallHook.NONE);
      Plan release = containment.planRelease("gd-finding-c2-0001");

      assertThatThrownBy(() -> containment.execute(release))
          .hasMessageContaining("not restored [")
          .hasMessageContaining("run 'cordon release gd-finding-c2-0001' again")
          .hasMessageNotContaining("NOT isolated");
    }
  }

  @Test
  void release_afterContain_restoresRecordedState() {
    try (Session session = new Session(SandboxServer.start())) {
      JsonNode before = session.dump();
      session.contain(CallHook.NONE);

      Containment containment = session.containment(CallHook.NONE);
      Plan release = containment.planRelease("gd-finding-c2-0001");
      containment.execute(release);

      JsonNode after = session.dump();
      assertThat(sameIds(after.get("networkInterfaces"), before.get("networkInterfaces"), "networkInterfaceId"))
          .as("security groups and public addresses per ENI").isEqualTo(before.get("networkInterfaces"));
      assertThat(withoutAssociationIds(after.get("addresses"))).as("Elastic IPs")
          .isEqualTo(withoutAssociationIds(before.get("addresses")));
      assertThat(after.get("networkAcls")).as("NACL entries removed").isEqualTo(before.get("networkAcls"));
      assertThat(withoutTimes(sameIds(after.get("volumes"), before.get("volumes"), "volumeId")))
          .as("DeleteOnTermination per volume").isEqualTo(withoutTimes(before.get("volumes")));
      JsonNode instance = session.find("instances", "instanceId", INSTANCE);
      JsonNode original = session.find(before, "instances", "instanceId", INSTANCE);
      assertThat(instance.get("instanceInitiatedShutdownBehavior"))
          .isEqualTo(original.get("instanceInitiatedShutdownBehavior"));
      assertThat(instance.get("disableApiTermination")).isEqualTo(original.get("disableApiTermination"));
      assertThat(instance.at("/tags/cordon:released-at").asText()).isEqualTo("2024-01-15T03:25:00Z");
      assertThat(instance.at("/iamInstanceProfile/arn").asText())
          .isEqualTo(original.at("/iamInstanceProfile/arn").asText());
      assertThat(after.at("/roles/0/inlinePolicies")).as("inline deny removed")
          .isEqualTo(before.at("/roles/0/inlinePolicies"));
      assertThat(routedTargets(session)).contains("i-0abc123def456");
      assertThat(after.at("/autoScalingGroups/0/instances").findValuesAsText("instanceId"))
          .as("left out of its group without --reattach").doesNotContain(INSTANCE);
      assertThat(release.blastRadius()).anyMatch(note -> note.contains("pass --reattach"));
      assertThat(Containment.status(incidents, "gd-finding-c2-0001").pending()).isEmpty();
    }
  }

  @Test
  void release_rerun_changesNothing() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      Containment containment = session.containment(CallHook.NONE);
      containment.execute(containment.planRelease("gd-finding-c2-0001"));
      JsonNode released = normalized(session.dump());

      Containment again = session.containment((step, action) -> {
        throw new AssertionError("Re-run called " + action + " in " + step);
      });
      Outcome outcome = again.execute(again.planRelease("gd-finding-c2-0001"));

      assertThat(outcome.changed()).isEmpty();
      assertThat(normalized(session.dump())).isEqualTo(released);
    }
  }

  @Test
  void release_addressMovedMeanwhile_leftWhereItIs() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      session.ec2.associateAddress(r -> r.allocationId("eipalloc-0abc123def4560001")
          .networkInterfaceId("eni-0a1b2c3d4e5f60077"));
      Containment containment = session.containment(CallHook.NONE);
      Plan release = containment.planRelease("gd-finding-c2-0001");

      assertThatThrownBy(() -> containment.execute(release))
          .hasMessageContaining("Elastic IP 198.51.100.20 is now associated with eni-0a1b2c3d4e5f60077")
          .hasMessageContaining("--allow-reassociation");
      JsonNode address = session.find("addresses", "allocationId", "eipalloc-0abc123def4560001");
      assertThat(address.get("networkInterfaceId").asText()).isEqualTo("eni-0a1b2c3d4e5f60077");
    }
  }

  @Test
  void release_reattach_putsInstanceBackInGroup() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      int desired = session.dump().at("/autoScalingGroups/0/desiredCapacity").asInt();

      Containment containment = session.containment(CallHook.NONE);
      Plan release = containment.planRelease("gd-finding-c2-0001", true);
      Outcome outcome = containment.execute(release);

      assertThat(outcome.changed()).contains("release-auto-scaling-group:prod-order-service-asg");
      JsonNode group = session.dump().at("/autoScalingGroups/0");
      assertThat(group.get("instances").findValuesAsText("instanceId")).contains(INSTANCE);
      assertThat(group.get("desiredCapacity").asInt()).as("desired %d + 1 attached", desired).isEqualTo(desired + 1);
      assertThat(session.find("instances", "instanceId", INSTANCE).at("/tags/aws:autoscaling:groupName").asText())
          .isEqualTo("prod-order-service-asg");
    }
  }

  @Test
  void release_reattachAfterStandby_exitsStandby() {
    try (Session session = new Session(SandboxServer.start())) {
      Containment contain = session.containment(CallHook.NONE);
      contain.execute(contain.planContainment(new ContainmentRequest(null, c2Finding(false), null, false, false, true)));

      Containment containment = session.containment(CallHook.NONE);
      containment.execute(containment.planRelease("gd-finding-c2-0001", true));

      JsonNode member = session.dump().at("/autoScalingGroups/0/instances").findParents("instanceId").stream()
          .filter(m -> m.get("instanceId").asText().equals(INSTANCE)).findFirst().orElseThrow();
      assertThat(member.get("lifecycleState").asText()).isEqualTo("InService");
    }
  }

  @Test
  void release_otherAccountCredentials_rejected() throws IOException {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      Path original = IncidentFiles.originalState(incidents.resolve("gd-finding-c2-0001"));
      Files.writeString(original, Files.readString(original)
          .replace("\"accountId\" : \"123456789012\"", "\"accountId\" : \"999999999999\""));

      Containment containment = session.containment(CallHook.NONE);

      assertThatThrownBy(() -> containment.planRelease("gd-finding-c2-0001"))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("was contained in account 999999999999, but these credentials are for"
              + " account 123456789012");
    }
  }

  /** A second sandbox or region with the same account ID must not be mistaken for the first. */
  @ParameterizedTest
  @CsvSource({
    "region,   us-west-2,             --region us-west-2",
    "endpoint, http://127.0.0.1:1/,   --endpoint-url http://127.0.0.1:1/",
  })
  void rerun_otherRegionOrEndpoint_rejectedBeforeChange(String field, String recorded, String hint) throws IOException {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      Path original = IncidentFiles.originalState(incidents.resolve("gd-finding-c2-0001"));
      ObjectNode state = (ObjectNode) JSON.readTree(original.toFile());
      state.put(field, recorded);
      Files.write(original, JSON.writeValueAsBytes(state));
      JsonNode before = session.dump();
      CallHook noChange = (step, action) -> {
        throw new AssertionError("Called " + action + " in " + step);
      };

      assertThatThrownBy(() -> session.containment(noChange).planRelease("gd-finding-c2-0001"))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining(field + " " + recorded)
          .hasMessageContaining("Run release again with " + hint);
      assertThatThrownBy(() -> session.containment(noChange).planContainment(request()))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("Run contain again with " + hint);
      assertThat(session.dump()).isEqualTo(before);
    }
  }

  @Test
  void release_otherEndpoint_rejectedBeforeAnyCall() throws IOException {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      Path original = IncidentFiles.originalState(incidents.resolve("gd-finding-c2-0001"));
      ObjectNode state = (ObjectNode) JSON.readTree(original.toFile());
      state.put("endpoint", "http://127.0.0.1:1/");
      Files.write(original, JSON.writeValueAsBytes(state));
      StsClient noCall = new StsClient() {
        @Override public String serviceName() {
          return "sts";
        }

        @Override public void close() {}

        @Override public GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest request) {
          throw new AssertionError("GetCallerIdentity called before the endpoint was compared");
        }
      };
      Containment containment = new Containment(session.clients.withSts(noCall), incidents, CLOCK, CallHook.NONE,
          duration -> {}, line -> {});

      assertThatThrownBy(() -> containment.planRelease("gd-finding-c2-0001"))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("endpoint http://127.0.0.1:1/")
          .hasMessageContaining("Run release again with --endpoint-url http://127.0.0.1:1/");
    }
  }

  @Test
  void contain_recordsAccountRegionAndEndpoint() throws IOException {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);

      JsonNode original = JSON.readTree(IncidentFiles.originalState(incidents.resolve("gd-finding-c2-0001")).toFile());
      assertThat(original.get("accountId").asText()).isEqualTo("123456789012");
      assertThat(original.get("region").asText()).isEqualTo("us-east-1");
      assertThat(original.get("endpoint").asText()).isEqualTo(session.sandbox.endpoint().toString());
      JournalEntry recorded = Journal.read(IncidentFiles.journal(incidents.resolve("gd-finding-c2-0001"))).stream()
          .filter(entry -> entry.step().equals("record-state") && entry.event() == JournalEntry.Event.DONE)
          .findFirst().orElseThrow();
      assertThat(recorded.data()).containsEntry("accountId", "123456789012").containsEntry("region", "us-east-1")
          .containsEntry("endpoint", session.sandbox.endpoint().toString());
    }
  }

  @Test
  void blastRadius_rerun_listsFreshNeighbours() {
    try (Session session = new Session(SandboxServer.start())) {
      Plan first = session.preview(request());
      assertThat(first.blastRadius()).anyMatch(line -> line.startsWith("Network ACL acl-0prod1234 of subnets"
          + " [subnet-0abc1234] also denies 203.0.113.100 to and from [i-0abc123def789]"));
      session.contain(CallHook.NONE);

      Plan rerun = session.preview(request());

      String replacement = session.dump().at("/autoScalingGroups/0/instances").findValuesAsText("instanceId").stream()
          .filter(id -> !id.equals("i-0abc123def789")).findFirst().orElseThrow();
      assertThat(rerun.blastRadius()).as("computed fresh: the replacement is a new neighbour")
          .anyMatch(line -> line.startsWith("Network ACL acl-0prod1234") && line.contains(replacement));
      assertThat(rerun.blastRadius()).as("the original groups, not the quarantine group")
          .anyMatch(line -> line.startsWith("Security groups [sg-0app1234] are also used by"));
    }
  }

  private static final String FORENSIC_ACCOUNT = "210987654321";
  private static final String FORENSIC_KEY = "arn:aws:kms:us-east-1:123456789012:key/1f0e2d3c-4b5a-4697-8887-a1b2c3d4e5f6";

  private static ContainmentRequest forensicRequest() {
    return new ContainmentRequest(null, c2Finding(false), null, false, false, false,
        ContainmentRequest.ForensicCopy.of(FORENSIC_ACCOUNT, FORENSIC_KEY));
  }

  @Test
  void contain_forensicAccount_sharesReencryptedCopies() throws IOException {
    try (Session session = new Session(SandboxServer.start())) {
      Containment containment = session.containment(CallHook.NONE);
      containment.execute(containment.planContainment(forensicRequest()));

      List<JsonNode> snapshots = new ArrayList<>();
      session.dump().get("snapshots").forEach(snapshots::add);
      List<JsonNode> copies = snapshots.stream().filter(s -> s.at("/tags/cordon:copy-of").isTextual()).toList();
      List<JsonNode> sources = snapshots.stream()
          .filter(s -> s.at("/tags/cordon:incident").isTextual() && !s.at("/tags/cordon:copy-of").isTextual()).toList();
      assertThat(sources).as("one per volume of the instance").hasSize(2);
      assertThat(copies).extracting(copy -> copy.at("/tags/cordon:copy-of").asText())
          .containsExactlyInAnyOrderElementsOf(sources.stream().map(source -> source.get("snapshotId").asText()).toList());
      for (JsonNode copy : copies) {
        assertThat(copy.get("kmsKeyId").asText()).isEqualTo(FORENSIC_KEY);
        assertThat(copy.get("encrypted").asBoolean()).isTrue();
        assertThat(copy.get("state").asText()).isEqualTo("completed");
        assertThat(copy.get("sharedWith")).extracting(JsonNode::asText).containsExactly(FORENSIC_ACCOUNT);
        assertThat(copy.at("/tags/cordon:incident").asText()).isEqualTo("gd-finding-c2-0001");
      }
      for (JsonNode source : sources) {
        assertThat(source.get("sharedWith")).as("originals stay private").isEmpty();
      }
      Path evidence = IncidentFiles.evidence(incidents.resolve("gd-finding-c2-0001"));
      JsonNode manifest = JSON.readTree(evidence.resolve("manifest.json").toFile());
      assertThat(manifest.get("forensicCopies")).hasSize(2);
      assertThat(manifest.get("snapshots")).as("the evidence set lists the originals only").hasSize(2);
      assertThat(manifest.get("artifacts").findValuesAsText("file")).contains("forensic-copies.json");
      assertThat(Containment.status(incidents, "gd-finding-c2-0001").pending()).isEmpty();
    }
  }

  @Test
  void contain_forensicRerun_copiesNothingAgain() {
    try (Session session = new Session(SandboxServer.start())) {
      Containment containment = session.containment(CallHook.NONE);
      containment.execute(containment.planContainment(forensicRequest()));
      JsonNode before = normalized(session.dump());

      Containment again = session.containment((step, action) -> {
        throw new AssertionError("Re-run called " + action + " in " + step);
      });
      Outcome outcome = again.execute(again.planContainment(forensicRequest()));

      assertThat(outcome.changed()).isEmpty();
      assertThat(normalized(session.dump())).isEqualTo(before);
    }
  }

  @Test
  void contain_crashAfterCopy_findsCopyByTag() {
    try (Session session = new Session(SandboxServer.start())) {
      Containment crashing = session.containment((step, action) -> {
        if (action.equals("CopySnapshot")) {
          throw new SimulatedCrash();
        }
      });
      assertThatThrownBy(() -> crashing.execute(crashing.planContainment(forensicRequest())))
          .isInstanceOf(SimulatedCrash.class);

      Containment containment = session.containment(CallHook.NONE);
      containment.execute(containment.planContainment(forensicRequest()));

      long copies = session.dump().get("snapshots").findValues("tags").stream()
          .filter(tags -> tags.has("cordon:copy-of")).count();
      assertThat(copies).as("one copy per volume, none twice").isEqualTo(2);
    }
  }

  @Test
  void contain_forensicOwnAccount_rejected() {
    try (Session session = new Session(SandboxServer.start())) {
      ContainmentRequest own = new ContainmentRequest(null, c2Finding(false), null, false, false, false,
          ContainmentRequest.ForensicCopy.of("123456789012", FORENSIC_KEY));

      assertThatThrownBy(() -> session.containment(CallHook.NONE).planContainment(own))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("instance's own account");
      assertThat(incidents.resolve("gd-finding-c2-0001/original-state.json")).doesNotExist();
    }
  }

  private static final JournalMirror.Location MIRROR = JournalMirror.Location.parse("prod-order-service-data/cordon");
  private static final String MIRROR_KEY = "cordon/gd-finding-c2-0001/journal.jsonl";

  private Path journalFile() {
    return IncidentFiles.journal(incidents.resolve("gd-finding-c2-0001"));
  }

  @Test
  void mirror_afterContainAndRelease_matchesLocalJournal() throws IOException {
    try (Session session = new Session(SandboxServer.start())) {
      Containment containment = session.containment(CallHook.NONE).mirrorJournal(MIRROR);
      containment.execute(containment.planContainment(request()));

      byte[] mirrored = session.clients.s3().getObjectAsBytes(r -> r.bucket("prod-order-service-data").key(MIRROR_KEY))
          .asByteArray();
      assertThat(mirrored).isEqualTo(Files.readAllBytes(journalFile()));

      Containment later = session.containment(CallHook.NONE);
      later.execute(later.planRelease("gd-finding-c2-0001"));
      JournalMirror.Check check = later.checkMirror("gd-finding-c2-0001");
      assertThat(check.state()).as("release keeps mirroring where contain did").isEqualTo(JournalMirror.State.MATCHES);
      assertThat(check.localEntries()).isEqualTo(Files.readAllLines(journalFile()).size());
    }
  }

  @Test
  void mirror_localLastLineCutOrEdited_detected() throws IOException {
    try (Session session = new Session(SandboxServer.start())) {
      Containment containment = session.containment(CallHook.NONE).mirrorJournal(MIRROR);
      containment.execute(containment.planContainment(request()));
      List<String> lines = Files.readAllLines(journalFile());
      int entries = lines.size();

      Files.write(journalFile(), lines.subList(0, entries - 1));
      JournalMirror.Check cut = containment.checkMirror("gd-finding-c2-0001");
      assertThat(Containment.status(incidents, "gd-finding-c2-0001").check().intact())
          .as("the hash chain alone cannot see a cut tail").isTrue();
      assertThat(cut.state()).isEqualTo(JournalMirror.State.TRUNCATED);
      assertThat(cut.message()).contains("has " + entries + " entries, the local file " + (entries - 1));

      List<String> edited = new ArrayList<>(lines);
      edited.set(entries - 1, lines.get(entries - 1).replace("\"DONE\"", "\"FAILED\""));
      Files.write(journalFile(), edited);
      JournalMirror.Check changed = containment.checkMirror("gd-finding-c2-0001");
      assertThat(changed.state()).isEqualTo(JournalMirror.State.EDITED);
      assertThat(changed.message()).contains("Journal line " + entries + " differs");

      Files.write(journalFile(), lines);
      Journal.open(journalFile(), CLOCK).append(JournalEntry.Event.PLANNED, "extra", "", null, null, null, null);
      assertThat(containment.checkMirror("gd-finding-c2-0001").state()).as("an entry not uploaded yet")
          .isEqualTo(JournalMirror.State.BEHIND);
    }
  }

  @Test
  void mirror_newIncident_firstUploadDoesNotFail() throws IOException {
    try (Session session = new Session(SandboxServer.start())) {
      Path directory = incidents.resolve("gd-finding-c2-0001");
      Journal journal = Journal.open(IncidentFiles.journal(directory), CLOCK);
      Files.createDirectories(directory);
      JournalMirror mirror = JournalMirror.start(session.clients.s3(), MIRROR, "gd-finding-c2-0001", journal, directory,
          "us-east-1", session.sandbox.endpoint().toString(), "contain");

      journal.append(JournalEntry.Event.PLANNED, "record-state", "", null, null, null, null);
      String behind = mirror.finish(journal);

      assertThat(behind).isNull();
      assertThat(mirror.failures()).as("the journal did not exist at the first upload").isZero();
      assertThat(session.clients.s3().getObjectAsBytes(r -> r.bucket("prod-order-service-data").key(MIRROR_KEY))
          .asByteArray()).isEqualTo(Files.readAllBytes(journalFile()));
    }
  }

  @Test
  void mirror_missingBucket_rejectedAtPlan() {
    try (Session session = new Session(SandboxServer.start())) {
      Containment containment = session.containment(CallHook.NONE)
          .mirrorJournal(JournalMirror.Location.parse("no-such-mirror-bucket"));

      assertThatThrownBy(() -> containment.planContainment(request()))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("Invalid --journal-bucket no-such-mirror-bucket: bucket no-such-mirror-bucket not found");
      assertThat(Files.exists(incidents.resolve("gd-finding-c2-0001").resolve("journal.jsonl"))).isFalse();
    }
  }

  @Test
  void mirror_uploadsFail_reportsBehind() {
    try (Session session = new Session(SandboxServer.start())) {
      session.sandbox.faults().on("s3", "PUT /prod-order-service-data/" + MIRROR_KEY).serverError(100_000);
      List<String> progress = new ArrayList<>();
      Containment containment = new Containment(session.clients, incidents, CLOCK, CallHook.NONE, duration -> { },
          progress::add).mirrorJournal(MIRROR);

      Outcome outcome = containment.execute(containment.planContainment(request()));

      assertThat(outcome.changed()).contains("snapshot-volumes");
      assertThat(progress).anyMatch(line -> line.startsWith("Journal mirror s3://prod-order-service-data/"
          + MIRROR_KEY + " is behind: PutObject returned InternalError (HTTP 500)"));
      session.sandbox.faults().clear();
      assertThat(containment.checkMirror("gd-finding-c2-0001").state()).isIn(JournalMirror.State.MISSING);
    }
  }

  @Test
  void contain_afterRelease_rejectedWithNewIncidentHint() {
    try (Session session = new Session(SandboxServer.start())) {
      session.contain(CallHook.NONE);
      Containment containment = session.containment(CallHook.NONE);
      containment.execute(containment.planRelease("gd-finding-c2-0001"));

      assertThatThrownBy(() -> session.contain(CallHook.NONE))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("was released")
          .hasMessageContaining("--incident gd-finding-c2-0001-2");
    }
  }

  /** Returns the items of {@code items} whose ID is in {@code reference}, leaving out the replacement's. */
  private static JsonNode sameIds(JsonNode items, JsonNode reference, String idField) {
    List<String> ids = new ArrayList<>();
    reference.forEach(item -> ids.add(item.path(idField).asText()));
    var kept = JSON.createArrayNode();
    items.forEach(item -> {
      if (ids.contains(item.path(idField).asText())) {
        kept.add(item);
      }
    });
    return kept;
  }

  /** Drops association IDs, which AssociateAddress issues anew. */
  private static JsonNode withoutAssociationIds(JsonNode addresses) {
    JsonNode copy = addresses.deepCopy();
    copy.forEach(address -> ((ObjectNode) address).remove("associationId"));
    return copy;
  }

  /** Returns the instance IDs the seed's target group routes to (not draining or unused). */
  private static List<String> routedTargets(Session session) {
    List<String> routed = new ArrayList<>();
    for (JsonNode target : session.dump().at("/targetGroups/0/targets")) {
      String state = target.path("state").asText();
      if (!state.equals("draining") && !state.equals("unused")) {
        routed.add(target.path("id").asText());
      }
    }
    return routed;
  }

  /** Simulates the process dying after an AWS call and before its journal entry. */
  private static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** Final state of a run that crashed and resumed, and the changes both runs made together. */
  private record Resumed(JsonNode state, List<String> changes) {}

  /**
   * Crashes once after every change of an uninterrupted run with forensic copies, re-runs, and
   * compares the final state and the changes made. Once the crash happens every later change in
   * any lane crashes too, as when the process dies with calls in flight. Each crash gets its own
   * sandbox and incident directory, so they run in parallel. The sandbox takes tens of
   * milliseconds per call, so a serial loop would take minutes.
   */
  @Test
  void contain_crashAfterEachChange_resumes() throws Exception {
    JsonNode expected;
    List<String> changes = java.util.Collections.synchronizedList(new ArrayList<>());
    try (Session session = new Session(SandboxServer.start(), incidents.resolve("uninterrupted"))) {
      session.contain((step, action) -> changes.add(step + " " + action), forensicRequest());
      expected = normalized(session.dump());
    }
    assertThat(changes).hasSizeGreaterThan(10);

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Resumed>> results = new ArrayList<>();
      for (int crashAt = 1; crashAt <= changes.size(); crashAt++) {
        int target = crashAt;
        results.add(pool.submit(() -> crashThenResume(target)));
      }
      for (int i = 0; i < results.size(); i++) {
        Resumed resumed = results.get(i).get();
        assertThat(resumed.state()).as("crash after change %d", i + 1).isEqualTo(expected);
        assertThat(resumed.changes()).as("changes of the crashed and the resumed run, crash after change %d", i + 1)
            .containsExactlyInAnyOrderElementsOf(changes);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Resumed crashThenResume(int crashAt) {
    AtomicInteger calls = new AtomicInteger();
    List<String> changes = java.util.Collections.synchronizedList(new ArrayList<>());
    Path directory = incidents.resolve("crash-" + crashAt);
    try (Session session = new Session(SandboxServer.start(), directory)) {
      assertThatThrownBy(() -> session.contain((step, action) -> {
        changes.add(step + " " + action);
        if (calls.incrementAndGet() >= crashAt) {
          throw new SimulatedCrash();
        }
      }, forensicRequest())).isInstanceOf(SimulatedCrash.class);

      session.contain((step, action) -> changes.add(step + " " + action), forensicRequest());

      assertThat(Containment.status(directory, "gd-finding-c2-0001").check().intact()).isTrue();
      return new Resumed(normalized(session.dump()), changes);
    }
  }

  /**
   * Kills the run while both ENIs' untrack moves are in flight: both calls are made, neither is
   * journaled. The resumed run takes both moves as done from its preflight and does not repeat them.
   */
  @Test
  void contain_crashInParallelRound_resumesWithoutRepeats() {
    try (Session session = new Session(SandboxServer.start())) {
      java.util.concurrent.CyclicBarrier bothMoved = new java.util.concurrent.CyclicBarrier(2);
      assertThatThrownBy(() -> session.contain((step, action) -> {
        if (step.startsWith("untrack-eni:")) {
          try {
            bothMoved.await(10, java.util.concurrent.TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new AssertionError("the two untrack moves did not run at once", e);
          }
          throw new SimulatedCrash();
        }
      })).isInstanceOf(SimulatedCrash.class);
      IncidentStatus crashed = Containment.status(incidents, "gd-finding-c2-0001");
      assertThat(crashed.steps()).filteredOn(state -> state.step().startsWith("untrack-eni:"))
          .extracting(IncidentStatus.StepState::lastEvent).containsOnly(JournalEntry.Event.STARTED);

      List<String> resumedChanges = java.util.Collections.synchronizedList(new ArrayList<>());
      session.contain((step, action) -> resumedChanges.add(step + " " + action));

      assertThat(resumedChanges).noneMatch(change -> change.startsWith("untrack-eni:"));
      assertThat(resumedChanges).contains("quarantine-eni:eni-0a1b2c3d4e5f60001 ModifyNetworkInterfaceAttribute",
          "quarantine-eni:eni-0a1b2c3d4e5f60002 ModifyNetworkInterfaceAttribute");
      for (String eni : ENIS) {
        assertThat(session.find("networkInterfaces", "networkInterfaceId", eni).get("groupIds"))
            .extracting(JsonNode::asText).containsExactly(groupId(session, "cordon-quarantine-vpc-0abc123"));
      }
      assertThat(Containment.status(incidents, "gd-finding-c2-0001").check().intact()).isTrue();
    }
  }

  /**
   * A failure in the out-of-service lane: the ENIs do not move, the running lanes finish and the
   * error reports that the instance is not isolated. The same command then resumes.
   */
  @Test
  void contain_laneFailure_stopsBeforeIsolation() {
    try (Session session = new Session(SandboxServer.start())) {
      Containment containment = session.containment(CallHook.NONE);
      Plan plan = containment.planContainment(request());
      session.sandbox.faults().on("autoscaling", "DetachInstances").serverError(AwsClientFactory.MAX_ATTEMPTS);

      assertThatThrownBy(() -> containment.execute(plan))
          .isInstanceOf(AwsException.class)
          .hasMessageContaining("DetachInstances")
          .hasMessageContaining("The instance is NOT isolated yet.")
          .hasMessageContaining("failure of leave-auto-scaling-group:prod-order-service-asg");

      for (String eni : ENIS) {
        assertThat(session.find("networkInterfaces", "networkInterfaceId", eni).get("groupIds"))
            .extracting(JsonNode::asText).containsExactly("sg-0app1234");
      }
      List<JournalEntry> entries = Journal.read(IncidentFiles.journal(incidents.resolve("gd-finding-c2-0001")));
      assertThat(entries).filteredOn(entry -> entry.event() == JournalEntry.Event.STARTED)
          .extracting(JournalEntry::step).noneMatch(step -> step.contains("-eni:"));
      java.util.Map<String, JournalEntry> latest = new java.util.LinkedHashMap<>();
      entries.forEach(entry -> latest.put(entry.step(), entry));
      assertThat(latest.values()).as("every started step ended before the error")
          .noneMatch(entry -> entry.event() == JournalEntry.Event.STARTED);

      session.contain(CallHook.NONE);

      assertThat(Containment.status(incidents, "gd-finding-c2-0001").pending()).isEmpty();
    }
  }

  private static String groupId(Session session, String name) {
    return session.dump().get("securityGroups").findParents("groupName").stream()
        .filter(g -> g.get("groupName").asText().equals(name))
        .findFirst().orElseThrow().get("groupId").asText();
  }

  @Test
  void contain_throttledCalls_areRetried() {
    try (Session session = new Session(SandboxServer.start())) {
      session.sandbox.faults().on("ec2", "ModifyNetworkInterfaceAttribute").throttle(2);
      session.sandbox.faults().on("iam", "PutRolePolicy").unavailable(2);

      Outcome outcome = session.contain(CallHook.NONE);

      assertThat(outcome.changed()).contains("quarantine-eni:eni-0a1b2c3d4e5f60002", "deny-role-credentials:order-service-instance-role");
    }
  }

  @Test
  void contain_permanentFailure_reportsStateAndResumes() {
    try (Session session = new Session(SandboxServer.start())) {
      Containment containment = session.containment(CallHook.NONE);
      Plan plan = containment.planContainment(request());
      session.sandbox.faults().on("ec2", "CreateSnapshots").serverError(AwsClientFactory.MAX_ATTEMPTS);

      assertThatThrownBy(() -> containment.execute(plan))
          .isInstanceOf(AwsException.class)
          .hasMessageContaining("Step snapshot-volumes failed: CreateSnapshots on i-0abc123def456 returned InternalError")
          .hasMessageContaining("Every ENI is on the quarantine group.")
          .hasMessageContaining("run the same command again")
          .satisfies(e -> assertThat(((AwsException) e).requestId()).isNotBlank());
      IncidentStatus failed = Containment.status(incidents, "gd-finding-c2-0001");
      assertThat(failed.pending()).extracting(IncidentStatus.StepState::step).startsWith("snapshot-volumes");
      assertThat(failed.pending().get(0).errorCode()).isEqualTo("InternalError");

      Outcome resumed = session.contain(CallHook.NONE);

      assertThat(resumed.changed()).startsWith("snapshot-volumes");
      assertThat(Containment.status(incidents, "gd-finding-c2-0001").pending()).isEmpty();
    }
  }

  @Test
  void contain_dryRunDenied_stopsBeforeAnyChange() {
    try (Session session = new Session(SandboxServer.start())) {
      JsonNode before = session.dump();
      Ec2Client denying = denyingDryRun(session.ec2, "createSnapshots");
      Containment containment = session.containment(denying, CallHook.NONE);

      assertThatThrownBy(() -> containment.planContainment(request()))
          .isInstanceOf(AwsException.class)
          .hasMessageContaining("ec2:CreateSnapshots")
          .hasMessageContaining("Nothing was changed");
      assertThat(session.dump()).isEqualTo(before);
    }
  }

  @Test
  void contain_sampleFinding_isRejectedUnlessForced() {
    try (Session session = new Session(SandboxServer.start())) {
      Containment containment = session.containment(CallHook.NONE);
      ContainmentRequest sample = new ContainmentRequest(null, c2Finding(true), null, false, false, false);

      assertThatThrownBy(() -> containment.planContainment(sample))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("sample finding");
      ContainmentRequest forced = new ContainmentRequest(null, c2Finding(true), null, false, true, false);
      assertThat(containment.previewContainment(forced).steps()).isNotEmpty();
    }
  }

  /** Wraps {@code ec2} so a DryRun of {@code method} fails with UnauthorizedOperation. */
  private static Ec2Client denyingDryRun(Ec2Client ec2, String method) {
    return (Ec2Client) Proxy.newProxyInstance(Ec2Client.class.getClassLoader(), new Class<?>[] {Ec2Client.class},
        (proxy, invoked, args) -> {
          if (invoked.getName().equals(method)) {
            throw Ec2Exception.builder().statusCode(403).requestId("req-denied")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnauthorizedOperation")
                    .errorMessage("You are not authorized to perform this operation.").build())
                .build();
          }
          try {
            return invoked.invoke(ec2, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /**
   * Drops from a state dump what differs between equivalent runs. Wall-clock times go, and so does
   * the sandbox's count of describe calls left before a target's next state, because a resumed run
   * describes more often. IDs and MAC addresses that the sandbox numbers in creation order go too,
   * because parallel lanes create the untrack and quarantine groups in either order. A security
   * group ID becomes its group's name, so which group each ENI is on still counts.
   */
  private static JsonNode normalized(JsonNode dump) {
    String text = withoutTimes(dump).toString();
    for (JsonNode group : dump.get("securityGroups")) {
      text = text.replace("\"" + group.get("groupId").asText() + "\"", "\"group:" + group.get("groupName").asText() + "\"");
    }
    text = text.replaceAll("\\b([a-z]+(?:-[a-z]+)*)-0{8,}[0-9a-f]+\\b", "$1-numbered")
        .replaceAll("\\b([A-Z]{4})0{10,}[0-9A-F]+\\b", "$1numbered")
        .replaceAll("0a:00:00:00:00:[0-9a-f]{2}", "0a:numbered");
    try {
      ObjectNode normalized = (ObjectNode) JSON.readTree(text);
      normalized.remove("idSequence");
      List<JsonNode> groups = new ArrayList<>();
      normalized.get("securityGroups").forEach(groups::add);
      groups.sort(java.util.Comparator.comparing(group -> group.get("groupName").asText()));
      normalized.putArray("securityGroups").addAll(groups);
      return normalized;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode withoutTimes(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<String> names = object.fieldNames();
      List<String> remove = new ArrayList<>();
      names.forEachRemaining(name -> {
        if (name.equals("now") || name.endsWith("Time") || name.endsWith("At") || name.endsWith("Date")
            || name.equals("describesLeft")) {
          remove.add(name);
        }
      });
      object.remove(remove);
    }
    node.forEach(ContainmentSandboxTest::strip);
  }
}
