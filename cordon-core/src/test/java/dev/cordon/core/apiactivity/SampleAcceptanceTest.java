package dev.cordon.core.apiactivity;

import static dev.cordon.core.apiactivity.ApiActivityAnalyzerTest.apiActivity;
import static dev.cordon.core.apiactivity.ApiActivityAnalyzerTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.scope.Scope;
import dev.cordon.core.sigma.SigmaRule;
import dev.cordon.core.sigma.SigmaRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Public CloudTrail samples: an OTRF instance-credential theft and Stratus Red Team detonations. */
class SampleAcceptanceTest {
  private static final String OTRF = "otrf_ec2_proxy_s3_exfiltration_2020-09-14011940.ndjson";
  private static final String OTRF_INSTANCE = "i-0317f6c6b66ae9c40";
  /** Documentation address standing in for the instance's public IP, which the sample omits. */
  private static final String OTRF_EGRESS = "203.0.113.80";

  @Test
  void otrf_stolenInstanceCredentials_areUsedFromOutside() {
    Scope scope = new Scope(OTRF_INSTANCE, null, Set.of(), Set.of(), Set.of(OTRF_EGRESS),
        Set.of(), null, Set.of(), null, null);

    ApiActivityResult result = new ApiActivityAnalyzer(scope, ApiActivityOptions.defaults())
        .analyze(TestEvents.source(TestEvents.resource(OTRF)));

    Finding stolen = only(result, FindingKind.CREDENTIAL_EXFILTRATION);
    assertThat(stolen.accessKeyId()).isEqualTo("ASIA5FLZVX4OPVKKVBMX");
    assertThat(stolen.sourceIp()).isEqualTo("1.2.3.4");
    assertThat(stolen.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(stolen.userAgent()).startsWith("[aws-cli/1.18.136");
    // 2 ListBuckets + 7 ListObjects + 2 GetObject by the stolen key.
    assertThat(stolen.eventIds()).hasSize(11);
    assertThat(stolen.explanation()).anyMatch(line -> line.contains("IMDSv1"));

    assertThat(apiActivity(result)).filteredOn(f -> "GetObject".equals(f.eventName()))
        .singleElement().satisfies(f -> {
          assertThat(f.tactic()).isEqualTo("collection");
          assertThat(f.eventIds()).hasSize(2);
          // Medium for an object read, one level higher because it came from outside.
          assertThat(f.severity()).isEqualTo(Severity.HIGH);
          // Two reads of ring.txt, 89 bytes each: 2 x 89 = 178.
          assertThat(f.bytesOut()).isEqualTo(178L);
          assertThat(f.explanation()).anyMatch(line -> line.contains("mordors3stack-s3bucket"));
        });
    // The three hand-outs to this instance; the two to the log collector instance are not its keys.
    assertThat(result.sessionAccessKeyIds()).containsExactlyInAnyOrder(
        "ASIA5FLZVX4OAET5K4P5", "ASIA5FLZVX4OO3RUSEX6", "ASIA5FLZVX4OPVKKVBMX");
    assertThat(result.eventsAttributed()).isEqualTo(3 + 11);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      credential-access.ec2-get-password-data | arn:aws:sts::457448411975:assumed-role/stratus-red-team-ec2-get-password-data-role | credential-access    | ec2-password-data
      discovery.ec2-download-user-data        | arn:aws:sts::321848314756:assumed-role/stratus-red-team-get-usr-data-role          | discovery            | ec2-enumeration
      execution.ec2-launch-unusual-instances  | arn:aws:sts::900138736586:assumed-role/stratus-red-team-ec2lui-role-idtzskbvtd      | execution            | ec2-instances-launched
      defense-evasion.organizations-leave     | arn:aws:sts::307578594326:assumed-role/stratus-red-team-leave-org-role             | defense-impairment   | organization-left
      defense-evasion.cloudtrail-stop         | arn:aws:iam::143434273843:user/christophe                                           | defense-impairment   | cloudtrail-logging-stopped
      exfiltration.ec2-share-ebs-snapshot     | arn:aws:iam::756680937392:user/christophe                                           | exfiltration         | ebs-snapshot-shared
      lateral-movement.ec2-instance-connect   | arn:aws:iam::572910899909:user/christophe                                           | lateral-movement     | ec2-instance-connect
      persistence.iam-backdoor-user           | arn:aws:iam::946986569305:user/christophe                                           | persistence          | iam-create-access-key
      persistence.iam-create-admin-user       | arn:aws:iam::229654561268:user/christophe                                           | persistence          | iam-create-user
      """)
  void stratus_detonation_yieldsItsTactic(String technique, String principal, String tactic,
      String rule) {
    List<CloudTrailEvent> events = TestEvents.resource("stratus_aws." + technique + ".json");
    Scope scope = new Scope(null, null, Set.of(), Set.of(), Set.of(), Set.of(), null, Set.of(),
        null, null);
    ApiActivityOptions options = new ApiActivityOptions(0.2, Duration.ofHours(1), 5,
        Duration.ofMinutes(10), 4, Set.of(principal));

    ApiActivityResult result = new ApiActivityAnalyzer(scope, options)
        .analyze(TestEvents.source(events));

    assertThat(apiActivity(result)).filteredOn(f -> rule.equals(f.rule()))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.tactic()).isEqualTo(tactic));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      defense-evasion.cloudtrail-stop     | arn:aws:iam::143434273843:user/christophe | aws_cloudtrail_disable_logging      | defense-impairment
      exfiltration.ec2-share-ebs-snapshot | arn:aws:iam::756680937392:user/christophe | aws_snapshot_backup_exfiltration    | exfiltration
      persistence.iam-backdoor-user       | arn:aws:iam::946986569305:user/christophe | aws_iam_backdoor_users_keys         | persistence
      """)
  void stratus_sigmaHqRules_fireWithTheirTactic(String technique, String principal, String rule,
      String tactic) {
    List<CloudTrailEvent> events = TestEvents.resource("stratus_aws." + technique + ".json");
    Scope scope = new Scope(null, null, Set.of(), Set.of(), Set.of(), Set.of(), null, Set.of(),
        null, null);
    ApiActivityOptions options = new ApiActivityOptions(0.2, Duration.ofHours(1), 5,
        Duration.ofMinutes(10), 4, Set.of(principal));
    List<SigmaRule> sigmaHq = SigmaRules.load(Path.of("src/test/resources/sigma-aws/cloudtrail"))
        .loaded();

    ApiActivityResult result = new ApiActivityAnalyzer(scope, options, sigmaHq)
        .analyze(TestEvents.source(events));

    assertThat(apiActivity(result)).filteredOn(f -> rule.equals(f.rule()))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.tactic()).isEqualTo(tactic));
  }

  @Test
  void stratus_stolenInstanceCredentials_yieldCredentialAccess() {
    List<CloudTrailEvent> events = TestEvents.resource(
        "stratus_aws.credential-access.ec2-steal-instance-credentials.json");
    Scope scope = new Scope("i-786a3A8B5C0d92eF4", null, Set.of(), Set.of(),
        Set.of("203.0.113.80"), Set.of(), null, Set.of(), null, null);

    ApiActivityResult result = new ApiActivityAnalyzer(scope, ApiActivityOptions.defaults())
        .analyze(TestEvents.source(events));

    Finding stolen = only(result, FindingKind.CREDENTIAL_EXFILTRATION);
    assertThat(stolen.tactic()).isEqualTo("credential-access");
    assertThat(stolen.eventIds()).hasSize(2);
    assertThat(apiActivity(result)).extracting(Finding::eventName)
        .containsExactlyInAnyOrder("GetCallerIdentity", "DescribeInstances");
    // SendCommand by the IAM user is not the instance's call.
    assertThat(result.eventsAttributed()).isEqualTo(2);
  }

  @Test
  void stratus_deniedPasswordData_isLowerSeverity() {
    List<CloudTrailEvent> events = TestEvents.resource(
        "stratus_aws.credential-access.ec2-get-password-data.json");
    Scope scope = new Scope(null, null, Set.of(), Set.of(), Set.of(), Set.of(), null, Set.of(),
        null, null);
    ApiActivityOptions options = new ApiActivityOptions(0.2, Duration.ofHours(1), 5,
        Duration.ofMinutes(10), 4,
        Set.of("arn:aws:sts::457448411975:assumed-role/stratus-red-team-ec2-get-password-data-role"));

    ApiActivityResult result = new ApiActivityAnalyzer(scope, options)
        .analyze(TestEvents.source(events));

    // 30 denied calls from one address: one group, high lowered to medium.
    Finding denied = only(result, FindingKind.API_ACTIVITY);
    assertThat(denied.eventIds()).hasSize(30);
    assertThat(denied.errorCode()).isEqualTo("Client.UnauthorizedOperation");
    assertThat(denied.severity()).isEqualTo(Severity.MEDIUM);
  }
}
