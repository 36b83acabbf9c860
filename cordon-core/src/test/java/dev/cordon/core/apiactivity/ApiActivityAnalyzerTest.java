package dev.cordon.core.apiactivity;

import static dev.cordon.core.apiactivity.TestEvents.ACCOUNT;
import static dev.cordon.core.apiactivity.TestEvents.ATTACKER_IP;
import static dev.cordon.core.apiactivity.TestEvents.EGRESS;
import static dev.cordon.core.apiactivity.TestEvents.INSTANCE;
import static dev.cordon.core.apiactivity.TestEvents.ROLE;
import static dev.cordon.core.apiactivity.TestEvents.SESSION_ARN;
import static dev.cordon.core.apiactivity.TestEvents.call;
import static dev.cordon.core.apiactivity.TestEvents.handOut;
import static dev.cordon.core.apiactivity.TestEvents.sessionCall;
import static dev.cordon.core.apiactivity.TestEvents.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.scope.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApiActivityAnalyzerTest {
  private static final ApiActivityOptions DEFAULTS = ApiActivityOptions.defaults();

  @Test
  void analyze_nameAndKey_attributeOnlyInstance() {
    List<CloudTrailEvent> events = List.of(
        handOut("2024-05-01T09:00:00Z", INSTANCE, "ASIAHANDOUT1"),
        handOut("2024-05-01T09:00:00Z", "i-other", "ASIAOTHERKEY"),
        sessionCall("2024-05-01T10:00:00Z", "s3", "ListBuckets").key("ASIAHANDOUT1").build(),
        // The same key, but a record whose identity lacks the ARN: found by the key alone.
        call("2024-05-01T10:01:00Z", "s3", "GetObject").identity("{\"type\":\"AssumedRole\","
            + "\"accessKeyId\":\"ASIAHANDOUT1\"}").request("{\"bucketName\":\"b\"}").build(),
        // A healthy sibling with the same role.
        call("2024-05-01T10:02:00Z", "s3", "ListBuckets").assumedRole(ROLE, "i-other", "ASIAOTHERKEY")
            .build(),
        // An operator acting on the instance: named only in resources[].
        call("2024-05-01T10:03:00Z", "ec2", "StopInstances").user("operator", "AKIAOPERATOR")
            .resource("arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/" + INSTANCE).build());

    AtomicInteger passes = new AtomicInteger();

    ApiActivityResult result = new ApiActivityAnalyzer(TestEvents.scope(), DEFAULTS)
        .analyze(source(events, passes));

    // 1 hand-out + 1 call by ARN + 1 call by key = 3; the sibling and the operator are left out.
    assertThat(result.eventsAttributed()).isEqualTo(3);
    // Pass 1 finds the session and hand-outs, pass 2 the call signed by the key alone.
    assertThat(passes.get()).isEqualTo(2);
    assertThat(result.sessionAccessKeyIds()).containsExactly("ASIAHANDOUT1");
    assertThat(result.findings()).extracting(Finding::principal)
        .doesNotContain("arn:aws:sts::" + ACCOUNT + ":assumed-role/" + ROLE + "/i-other")
        .doesNotContain("arn:aws:iam::" + ACCOUNT + ":user/operator");
  }

  @Test
  void analyze_roleNameGiven_restrictsRole() {
    List<CloudTrailEvent> events = List.of(
        sessionCall("2024-05-01T10:00:00Z", "iam", "ListUsers").build(),
        call("2024-05-01T10:01:00Z", "iam", "ListRoles").assumedRole("OtherRole", INSTANCE,
            "ASIAOTHERROLE").build(),
        call("2024-05-01T10:02:00Z", "ssm", "UpdateInstanceInformation")
            .assumedRole("aws:ec2-instance", INSTANCE, "ASIAIDENTITY").build());
    Scope scope = new Scope(INSTANCE, ROLE, Set.of(), Set.of(), Set.of(EGRESS), Set.of(), null,
        Set.of(), null, null);

    ApiActivityResult result = analyze(scope, events);

    // The scope's role and the AWS-managed instance identity role, not OtherRole.
    assertThat(result.eventsAttributed()).isEqualTo(2);
    assertThat(result.sessionAccessKeyIds())
        .containsExactlyInAnyOrder("ASIASESSIONKEY1", "ASIAIDENTITY");
  }

  @Test
  void analyze_eventOutsideWindow_isIgnored() {
    List<CloudTrailEvent> events = List.of(
        sessionCall("2024-05-01T08:00:00Z", "iam", "CreateUser").request("{\"userName\":\"early\"}")
            .build(),
        sessionCall("2024-05-01T10:00:00Z", "iam", "CreateUser").request("{\"userName\":\"inside\"}")
            .build());
    Scope scope = TestEvents.scope(Set.of(EGRESS), Set.of(), "2024-05-01T09:00:00Z",
        "2024-05-01T11:00:00Z");

    ApiActivityResult result = analyze(scope, events);

    assertThat(result.eventsAttributed()).isEqualTo(1);
    assertThat(apiActivity(result)).singleElement()
        .satisfies(f -> assertThat(f.firstSeen()).hasToString("2024-05-01T10:00:00Z"));
  }

  @Test
  void analyze_noRoleName_learnsRole() {
    List<CloudTrailEvent> events = List.of(
        sessionCall("2024-05-01T10:00:00Z", "iam", "CreateUser").request("{\"userName\":\"bob\"}")
            .build());

    ApiActivityResult result = analyze(TestEvents.scope(), events);

    Finding followOn = only(result, FindingKind.FOLLOW_ON_PRINCIPAL);
    assertThat(followOn.summary()).contains("assumed-role/" + ROLE + "/" + INSTANCE);
  }

  @Test
  void analyze_deniedCall_lowerSeverity() {
    List<CloudTrailEvent> events = List.of(
        sessionCall("2024-05-01T10:00:00Z", "iam", "CreateUser").request("{\"userName\":\"a\"}")
            .build(),
        sessionCall("2024-05-01T10:00:05Z", "iam", "CreateUser").request("{\"userName\":\"b\"}")
            .denied("AccessDenied").build());

    List<Finding> findings = apiActivity(analyze(TestEvents.scope(), events));

    assertThat(findings).hasSize(2);
    Finding succeeded = findings.stream().filter(f -> f.errorCode() == null).findFirst().orElseThrow();
    Finding denied = findings.stream().filter(f -> f.errorCode() != null).findFirst().orElseThrow();
    assertThat(succeeded.severity()).isEqualTo(Severity.HIGH);
    assertThat(denied.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(denied.errorCode()).isEqualTo("AccessDenied");
    assertThat(denied.tactic()).isEqualTo("persistence");
  }

  @Test
  void analyze_repeatedCalls_groupIntoOneFinding() {
    List<CloudTrailEvent> events = List.of(
        sessionCall("2024-05-01T10:00:00Z", "s3", "GetObject").ip(ATTACKER_IP)
            .request("{\"bucketName\":\"b\",\"key\":\"1\"}").build(),
        sessionCall("2024-05-01T10:05:00Z", "s3", "GetObject").ip(ATTACKER_IP).region("eu-west-1")
            .request("{\"bucketName\":\"b\",\"key\":\"2\"}").build(),
        sessionCall("2024-05-01T10:09:00Z", "s3", "GetObject").ip(ATTACKER_IP)
            .request("{\"bucketName\":\"b\",\"key\":\"3\"}").build());

    Finding finding = only(analyze(TestEvents.scope(), events), FindingKind.API_ACTIVITY);

    assertThat(finding.eventIds()).hasSize(3);
    assertThat(finding.summary()).contains("GetObject x3");
    assertThat(finding.firstSeen()).hasToString("2024-05-01T10:00:00Z");
    assertThat(finding.lastSeen()).hasToString("2024-05-01T10:09:00Z");
    assertThat(finding.region()).isEqualTo("eu-west-1,us-east-1");
    assertThat(finding.tactic()).isEqualTo("collection");
    assertThat(finding.rule()).isEqualTo("s3-object-read");
    assertThat(finding.sourceIp()).isEqualTo(ATTACKER_IP);
    assertThat(finding.principal()).isEqualTo(SESSION_ARN);
    assertThat(finding.userAgent()).isEqualTo("aws-sdk-java/2.25.0");
  }

  @Test
  void analyze_steadyApplicationTraffic_staysLow() {
    List<CloudTrailEvent> events = new ArrayList<>();
    events.add(sessionCall("2024-05-01T00:00:10Z", "secretsmanager", "GetSecretValue")
        .request("{\"secretId\":\"app/db\"}").build());
    // Three hours of steady traffic, one round every ten minutes: 18 rounds.
    for (int minute = 0; minute < 180; minute += 10) {
      String time = String.format("2024-05-01T%02d:%02d:00Z", minute / 60, minute % 60);
      events.add(sessionCall(time, "kms", "Decrypt").build());
      events.add(sessionCall(time, "sqs", "ReceiveMessage").build());
      events.add(sessionCall(time, "ssm", "GetParameter")
          .request("{\"name\":\"/app/config\",\"withDecryption\":true}").build());
    }
    // The incident: the role reads another parameter and the app's secret again, from outside.
    events.add(sessionCall("2024-05-01T03:00:00Z", "ssm", "GetParameter")
        .request("{\"name\":\"/prod/admin-password\",\"withDecryption\":true}").build());
    events.add(sessionCall("2024-05-01T03:01:00Z", "ssm", "GetParameter")
        .request("{\"name\":\"/app/config\",\"withDecryption\":true}").build());
    // Baseline: the first 0.2 of 6 hours, 00:00 to 01:12, holding 70 minutes of calls (>= 1 hour).
    Scope scope = TestEvents.scope(Set.of(EGRESS), Set.of(), "2024-05-01T00:00:00Z",
        "2024-05-01T06:00:00Z");

    ApiActivityResult result = analyze(scope, events);

    List<Finding> mediumOrHigher = result.findings().stream()
        .filter(f -> f.severity().atLeast(Severity.MEDIUM)).toList();
    assertThat(mediumOrHigher).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("ssm-parameter-decrypted");
      assertThat(f.eventIds()).hasSize(1);
      assertThat(f.tactic()).isEqualTo("credential-access");
    });
    assertThat(apiActivity(result)).filteredOn(f -> f.severity() == Severity.LOW)
        .extracting(Finding::eventName)
        .containsExactlyInAnyOrder("GetSecretValue", "GetParameter");
  }

  @Test
  void analyze_sixRegions_oneSweep() {
    List<String> regions = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "eu-west-1", "eu-central-1");
    List<CloudTrailEvent> events = new ArrayList<>();
    for (int i = 0; i < regions.size(); i++) {
      events.add(sessionCall("2024-05-01T10:00:" + (10 + i * 5) + "Z", "ec2", "DescribeInstances")
          .region(regions.get(i)).build());
    }

    List<Finding> sweeps = apiActivity(analyze(TestEvents.scope(), events)).stream()
        .filter(f -> "regional-sweep".equals(f.rule())).toList();

    // 6 regions within 25 seconds: at least the 5 regions within 10 minutes a sweep needs.
    assertThat(sweeps).singleElement().satisfies(f -> {
      assertThat(f.summary()).contains("6 regions");
      assertThat(f.tactic()).isEqualTo("discovery");
      assertThat(f.eventIds()).hasSize(6);
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
    });
  }

  @Test
  void analyze_fewOrSlowRegions_noSweep() {
    List<CloudTrailEvent> events = new ArrayList<>();
    List<String> regions = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2");
    for (int i = 0; i < regions.size(); i++) {
      events.add(sessionCall("2024-05-01T10:00:0" + i + "Z", "ec2", "DescribeVpcs")
          .region(regions.get(i)).build());
    }
    // Five regions, but an hour apart each.
    List<String> slow = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1");
    for (int i = 0; i < slow.size(); i++) {
      events.add(sessionCall("2024-05-01T1" + i + ":30:00Z", "ec2", "DescribeSubnets")
          .region(slow.get(i)).build());
    }

    List<Finding> findings = apiActivity(analyze(TestEvents.scope(), events));

    assertThat(findings).extracting(Finding::rule).doesNotContain("regional-sweep");
  }

  @Test
  void analyze_responderAndCordonCalls_areResponseActions() {
    String responderRole = "arn:aws:iam::" + ACCOUNT + ":role/IncidentResponder";
    List<CloudTrailEvent> events = List.of(
        call("2024-05-01T10:00:00Z", "ec2", "ModifyInstanceAttribute")
            .assumedRole("IncidentResponder", "alice", "ASIARESPONDER").build(),
        sessionCall("2024-05-01T10:01:00Z", "iam", "ListUsers").agent("cordon/0.1.0").build(),
        sessionCall("2024-05-01T10:02:00Z", "iam", "ListUsers").build());
    Scope scope = TestEvents.scope(Set.of(EGRESS), Set.of(responderRole), null, null);

    ApiActivityResult result = analyze(scope, events);

    List<Finding> responses = result.findings().stream()
        .filter(f -> f.kind().equals(FindingKind.RESPONSE_ACTION)).toList();
    assertThat(responses).extracting(Finding::rule)
        .containsExactlyInAnyOrder("responder-principal", "cordon-user-agent");
    assertThat(responses).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
    assertThat(apiActivity(result)).singleElement()
        .satisfies(f -> assertThat(f.eventIds()).hasSize(1));
  }

  @Test
  void analyze_keysUsedOutsideEgress_isCredentialExfiltration() {
    List<CloudTrailEvent> events = List.of(
        sessionCall("2024-05-01T10:00:00Z", "kms", "Decrypt").build(),
        sessionCall("2024-05-01T10:01:00Z", "sts", "GetCallerIdentity").ip(ATTACKER_IP)
            .agent("aws-cli/2.15.0 Python/3.11 Darwin/23.0").build(),
        sessionCall("2024-05-01T10:02:00Z", "s3", "ListBuckets").ip(ATTACKER_IP)
            .agent("aws-cli/2.15.0 Python/3.11 Darwin/23.0").build(),
        // Not exfiltration: through a VPC endpoint, by AWS itself, by a service.
        sessionCall("2024-05-01T10:03:00Z", "s3", "ListBuckets").ip("10.0.1.15")
            .field("vpcEndpointId", "vpce-0123").build(),
        sessionCall("2024-05-01T10:04:00Z", "kms", "Decrypt").ip("AWS Internal").build(),
        sessionCall("2024-05-01T10:05:00Z", "kms", "Decrypt").ip("s3.amazonaws.com").build());

    ApiActivityResult result = analyze(TestEvents.scope(), events);

    Finding finding = only(result, FindingKind.CREDENTIAL_EXFILTRATION);
    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.accessKeyId()).isEqualTo("ASIASESSIONKEY1");
    assertThat(finding.sourceIp()).isEqualTo(ATTACKER_IP);
    assertThat(finding.userAgent()).isEqualTo("aws-cli/2.15.0 Python/3.11 Darwin/23.0");
    assertThat(finding.eventIds()).hasSize(2);
    assertThat(finding.summary()).contains("GetCallerIdentity x1", "ListBuckets x1");
  }

  @Test
  void analyze_noEgressGiven_usesAddressesBeforeIncident() {
    List<CloudTrailEvent> events = List.of(
        sessionCall("2024-05-01T08:00:00Z", "kms", "Decrypt").build(),
        sessionCall("2024-05-01T09:30:00Z", "kms", "Decrypt").build(),
        sessionCall("2024-05-01T10:00:00Z", "iam", "CreateUser").ip(ATTACKER_IP)
            .request("{\"userName\":\"x\"}").build());
    Scope scope = TestEvents.scope(Set.of(), Set.of(), null, null);

    Finding finding = only(analyze(scope, events), FindingKind.CREDENTIAL_EXFILTRATION);

    assertThat(finding.sourceIp()).isEqualTo(ATTACKER_IP);
    assertThat(finding.explanation().get(0)).contains(EGRESS);
  }

  @Test
  void analyze_principalChain_followedAcrossPasses() {
    String otherRoleSession = "arn:aws:sts::999988887777:assumed-role/Deploy/x";
    String thirdRoleSession = "arn:aws:sts::999988887777:assumed-role/Admin/y";
    List<CloudTrailEvent> events = List.of(
        // Later events first, because records in a file come in no particular order.
        call("2024-05-01T10:30:00Z", "cloudtrail", "StopLogging").user("backup-svc", "AKIABACKDOOR")
            .ip(ATTACKER_IP).request("{\"name\":\"main\"}").build(),
        call("2024-05-01T10:40:00Z", "s3", "DeleteBucket").identity(assumed(thirdRoleSession,
            "ASIATHIRD")).ip(ATTACKER_IP).request("{\"bucketName\":\"prod\"}").build(),
        call("2024-05-01T10:35:00Z", "sts", "AssumeRole").identity(assumed(otherRoleSession,
            "ASIADEPLOY")).ip(ATTACKER_IP).request("{\"roleArn\":\"arn:aws:iam::999988887777:role/Admin\"}")
            .response("{\"credentials\":{\"accessKeyId\":\"ASIATHIRD\"},\"assumedRoleUser\":{\"arn\":\""
                + thirdRoleSession + "\"}}").build(),
        sessionCall("2024-05-01T10:00:00Z", "iam", "CreateUser").ip(ATTACKER_IP)
            .request("{\"userName\":\"backup-svc\"}")
            .response("{\"user\":{\"userName\":\"backup-svc\",\"arn\":\"arn:aws:iam::" + ACCOUNT
                + ":user/backup-svc\"}}").build(),
        sessionCall("2024-05-01T10:01:00Z", "iam", "CreateAccessKey").ip(ATTACKER_IP)
            .request("{\"userName\":\"backup-svc\"}")
            .response("{\"accessKey\":{\"accessKeyId\":\"AKIABACKDOOR\",\"userName\":\"backup-svc\"}}")
            .build(),
        sessionCall("2024-05-01T10:02:00Z", "sts", "AssumeRole").ip(ATTACKER_IP)
            .request("{\"roleArn\":\"arn:aws:iam::999988887777:role/Deploy\"}")
            .response("{\"credentials\":{\"accessKeyId\":\"ASIADEPLOY\"},\"assumedRoleUser\":{\"arn\":\""
                + otherRoleSession + "\"}}").build());
    AtomicInteger passes = new AtomicInteger();

    ApiActivityResult result = new ApiActivityAnalyzer(TestEvents.scope(), DEFAULTS)
        .analyze(source(events, passes));

    assertThat(result.followOnPrincipals()).contains("arn:aws:iam::" + ACCOUNT + ":user/backup-svc",
        "AKIABACKDOOR", otherRoleSession, "ASIADEPLOY", thirdRoleSession, "ASIATHIRD");
    // Pass 1 finds the session, pass 2 the user's and Deploy's calls, pass 3 Admin's.
    assertThat(passes.get()).isEqualTo(3);
    assertThat(apiActivity(result)).filteredOn(f -> "backup-svc".equals(userOf(f.principal())))
        .singleElement().satisfies(f -> assertThat(f.tactic()).isEqualTo("defense-impairment"));
    assertThat(apiActivity(result)).filteredOn(f -> thirdRoleSession.equals(f.principal()))
        .singleElement().satisfies(f -> assertThat(f.tactic()).isEqualTo("impact"));
    List<Finding> followOns = result.findings().stream()
        .filter(f -> f.kind().equals(FindingKind.FOLLOW_ON_PRINCIPAL)).toList();
    assertThat(followOns).hasSize(3);
    assertThat(followOns).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
    assertThat(result.timeline()).extracting(e -> e.summary())
        .anyMatch(s -> s.startsWith("First use of follow-on principal"));
  }

  @Test
  void analyze_longChain_stopsAtPassLimit() {
    List<CloudTrailEvent> events = List.of(
        sessionCall("2024-05-01T10:00:00Z", "sts", "AssumeRole").ip(ATTACKER_IP)
            .response("{\"credentials\":{\"accessKeyId\":\"ASIAHOP1\"}}").build(),
        call("2024-05-01T10:01:00Z", "sts", "AssumeRole").identity(assumed("arn:aws:sts::1:assumed-role/a/1",
            "ASIAHOP1")).response("{\"credentials\":{\"accessKeyId\":\"ASIAHOP2\"}}").build(),
        call("2024-05-01T10:02:00Z", "sts", "AssumeRole").identity(assumed("arn:aws:sts::1:assumed-role/b/2",
            "ASIAHOP2")).response("{\"credentials\":{\"accessKeyId\":\"ASIAHOP3\"}}").build());
    ApiActivityOptions twoPasses = new ApiActivityOptions(0.2, Duration.ofHours(1), 5,
        Duration.ofMinutes(10), 2, Set.of());
    AtomicInteger passes = new AtomicInteger();

    ApiActivityResult result = new ApiActivityAnalyzer(TestEvents.scope(), twoPasses)
        .analyze(source(events, passes));

    assertThat(passes.get()).isEqualTo(2);
    assertThat(result.followOnPrincipals()).contains("ASIAHOP1", "ASIAHOP2")
        .doesNotContain("ASIAHOP3");
  }

  @Test
  void analyze_timeline_listsEachStep() {
    List<CloudTrailEvent> events = List.of(
        handOut("2024-05-01T09:00:00Z", INSTANCE, "ASIASESSIONKEY1"),
        sessionCall("2024-05-01T10:00:00Z", "iam", "CreateAccessKey").ip(ATTACKER_IP)
            .request("{\"userName\":\"alice\"}")
            .response("{\"accessKey\":{\"accessKeyId\":\"AKIAALICE2\",\"userName\":\"alice\"}}").build(),
        call("2024-05-01T11:00:00Z", "iam", "ListUsers").user("alice", "AKIAALICE2").ip(ATTACKER_IP)
            .build());

    ApiActivityResult result = analyze(TestEvents.scope(), events);

    assertThat(result.timeline()).extracting(e -> e.summary()).satisfiesExactly(
        s -> assertThat(s).startsWith("EC2 delivered role credentials ASIASESSIONKEY1"),
        s -> assertThat(s).contains("CreateAccessKey"),
        s -> assertThat(s).contains("CreateAccessKey"),
        s -> assertThat(s).contains("CreateAccessKey"),
        s -> assertThat(s).contains("ListUsers"),
        s -> assertThat(s).contains("ListUsers"));
    assertThat(result.timeline()).isSortedAccordingTo((a, b) -> a.time().compareTo(b.time()));
  }

  @Test
  void analyze_everyFinding_namesItsEvidence() {
    List<CloudTrailEvent> events = List.of(
        sessionCall("2024-05-01T10:00:00Z", "ec2", "ModifySnapshotAttribute").ip(ATTACKER_IP)
            .request("{\"snapshotId\":\"snap-1\",\"createVolumePermission\":{\"add\":{\"items\":"
                + "[{\"userId\":\"444455556666\"}]}}}").build());

    ApiActivityResult result = analyze(TestEvents.scope(), events);

    assertThat(result.findings()).isNotEmpty().allSatisfy(f -> {
      assertThat(f.eventIds()).isNotEmpty();
      assertThat(f.principal()).isNotNull();
      assertThat(f.sourceIp()).isNotNull();
      assertThat(f.userAgent()).isNotNull();
      assertThat(f.region()).isNotNull();
      assertThat(f.firstSeen()).isNotNull();
      assertThat(f.rule()).isNotNull();
    });
  }

  private static ApiActivityResult analyze(Scope scope, List<CloudTrailEvent> events) {
    return new ApiActivityAnalyzer(scope, DEFAULTS).analyze(source(events));
  }

  static List<Finding> apiActivity(ApiActivityResult result) {
    return result.findings().stream().filter(f -> f.kind().equals(FindingKind.API_ACTIVITY)).toList();
  }

  static Finding only(ApiActivityResult result, String kind) {
    List<Finding> matching = result.findings().stream().filter(f -> f.kind().equals(kind)).toList();
    assertThat(matching).as("findings of kind %s in %s", kind, result.findings()).hasSize(1);
    return matching.get(0);
  }

  private static String assumed(String arn, String key) {
    return "{\"type\":\"AssumedRole\",\"arn\":\"" + arn + "\",\"accessKeyId\":\"" + key + "\"}";
  }

  private static String userOf(String arn) {
    return arn == null || !arn.contains(":user/") ? null : arn.substring(arn.indexOf(":user/") + 6);
  }
}
