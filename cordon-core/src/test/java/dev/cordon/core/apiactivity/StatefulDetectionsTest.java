package dev.cordon.core.apiactivity;

import static dev.cordon.core.apiactivity.ApiActivityAnalyzerTest.apiActivity;
import static dev.cordon.core.apiactivity.TestEvents.sessionCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.scope.Scope;
import dev.cordon.core.sigma.SigmaRule;
import dev.cordon.core.sigma.SigmaRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatefulDetectionsTest {
  private static final String APP_AGENT = "aws-sdk-java/2.20.0 Linux/5.10";
  private static final String TOOL_AGENT = "aws-cli/2.13.0 Python/3.11.4";

  /** Two hours of the application's calls every ten minutes, from the instance. */
  private static List<CloudTrailEvent> history() {
    List<CloudTrailEvent> events = new ArrayList<>();
    for (int minute = 0; minute < 120; minute += 10) {
      String time = String.format("2024-05-01T%02d:%02d:00Z", minute / 60, minute % 60);
      events.add(sessionCall(time, "kms", "Decrypt").agent(APP_AGENT).ip("10.0.1.5").build());
      events.add(sessionCall(time, "sqs", "ReceiveMessage").agent(APP_AGENT).ip("10.0.1.5").build());
    }
    return events;
  }

  private static ApiActivityResult analyze(List<CloudTrailEvent> events) {
    // Baseline: the first 0.2 of 12 hours, 00:00 to 02:24, holding 110 minutes of calls.
    Scope scope = TestEvents.scope(Set.of(TestEvents.EGRESS), Set.of(), "2024-05-01T00:00:00Z",
        "2024-05-01T12:00:00Z");
    return new ApiActivityAnalyzer(scope, ApiActivityOptions.defaults())
        .analyze(TestEvents.source(events));
  }

  private static List<Finding> byRule(ApiActivityResult result, String rule) {
    return apiActivity(result).stream().filter(f -> rule.equals(f.rule())).toList();
  }

  @Test
  void deniedBurst_manyOperations_isEnumeration() {
    List<CloudTrailEvent> events = history();
    String[] names = {"ListUsers", "ListRoles", "GetAccountAuthorizationDetails", "ListPolicies"};
    // 12 denied calls 10 s apart (110 s in all) to 4 operations.
    for (int i = 0; i < 12; i++) {
      String time = String.format("2024-05-01T03:%02d:%02dZ", i * 10 / 60, i * 10 % 60);
      events.add(sessionCall(time, "iam", names[i % 4])
          .denied("AccessDenied").agent(TOOL_AGENT).build());
    }

    List<Finding> bursts = byRule(analyze(events), "access-denied-burst");

    assertThat(bursts).singleElement().satisfies(f -> {
      assertThat(f.eventIds()).hasSize(12);
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.tactic()).isEqualTo("discovery");
      assertThat(f.userAgent()).isEqualTo(TOOL_AGENT);
      assertThat(f.explanation()).anyMatch(line -> line.contains("at least 10 denied calls"));
    });
  }

  @Test
  void deniedBurst_oneOperationRetried_notReported() {
    List<CloudTrailEvent> events = history();
    for (int i = 0; i < 12; i++) {
      events.add(sessionCall(String.format("2024-05-01T03:00:%02dZ", i * 4), "s3", "GetObject")
          .denied("AccessDenied").agent(APP_AGENT).ip("10.0.1.5").build());
    }

    assertThat(byRule(analyze(events), "access-denied-burst")).isEmpty();
  }

  @Test
  void newUserAgent_afterHistory_isReported() {
    List<CloudTrailEvent> events = history();
    events.add(sessionCall("2024-05-01T03:00:00Z", "sts", "GetCallerIdentity")
        .agent(TOOL_AGENT).ip("10.0.1.5").build());

    ApiActivityResult result = analyze(events);

    assertThat(byRule(result, "first-seen-user-agent")).singleElement().satisfies(f -> {
      assertThat(f.userAgent()).isEqualTo(TOOL_AGENT);
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.eventIds()).hasSize(1);
    });
    assertThat(byRule(result, "first-seen-operations")).singleElement()
        .satisfies(f -> assertThat(f.summary()).contains("GetCallerIdentity x1"));
    assertThat(byRule(result, "first-seen-source-address")).isEmpty();
    assertThat(apiActivity(result)).allSatisfy(f -> {
      assertThat(f.eventIds()).isNotEmpty();
      assertThat(f.principal()).isNotNull();
      assertThat(f.sourceIp()).isNotNull();
      assertThat(f.userAgent()).isNotNull();
      assertThat(f.region()).isNotNull();
      assertThat(f.firstSeen()).isNotNull();
      assertThat(f.rule()).isNotNull();
    });
  }

  @Test
  void newPrivateAddress_afterHistory_isReported() {
    List<CloudTrailEvent> events = history();
    events.add(sessionCall("2024-05-01T03:00:00Z", "kms", "Decrypt")
        .agent(APP_AGENT).ip("10.0.2.77").build());

    List<Finding> found = byRule(analyze(events), "first-seen-source-address");

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.sourceIp()).isEqualTo("10.0.2.77");
      assertThat(f.explanation()).anyMatch(line -> line.contains("no ASN data"));
    });
  }

  @Test
  void steadyTraffic_afterHistory_nothingNew() {
    List<CloudTrailEvent> events = history();
    events.add(sessionCall("2024-05-01T03:00:00Z", "kms", "Decrypt")
        .agent(APP_AGENT).ip("10.0.1.5").build());

    ApiActivityResult result = analyze(events);

    assertThat(result.findings()).filteredOn(f -> f.severity().atLeast(Severity.MEDIUM)).isEmpty();
    assertThat(byRule(result, "first-seen-operations")).isEmpty();
  }

  @Test
  void extraRule_matchingCall_reportedUnderItsName() {
    SigmaRule rule = SigmaRules.parse("""
        title: Caller identity checked by a scanner
        name: scanner-caller-identity
        logsource: {product: aws, service: cloudtrail}
        detection:
          selection:
            eventName: GetCallerIdentity
            userAgent|contains: aws-cli
          condition: selection
        level: high
        tags: [attack.discovery, attack.t1087.004]
        """, "user/scanner.yml").loaded().get(0);
    List<CloudTrailEvent> events = List.of(sessionCall("2024-05-01T03:00:00Z", "sts",
        "GetCallerIdentity").agent(TOOL_AGENT).build());

    ApiActivityResult result = new ApiActivityAnalyzer(TestEvents.scope(),
        ApiActivityOptions.defaults(), List.of(rule)).analyze(TestEvents.source(events));

    assertThat(apiActivity(result)).extracting(Finding::rule)
        .contains("caller-identity", "scanner-caller-identity");
    assertThat(byRule(result, "scanner-caller-identity")).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.explanation()).anyMatch(line -> line.contains("user/scanner.yml"));
    });
  }
}
