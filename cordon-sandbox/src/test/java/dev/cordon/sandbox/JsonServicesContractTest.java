package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** CloudWatch Logs, Secrets Manager, SSM and EventBridge through the SDK's JSON 1.1 clients. */
class JsonServicesContractTest extends SeedSandboxTest {
  private static final String FLOW_GROUP = "/vpc/prod/flow-logs";
  private static final String DB_SECRET = "prod/order-service/db-password";

  // The seed flow log has 24 beacon lines (12 five-minute windows from 02:20, each way), one
  // load balancer line and one rejected SSH probe: 26 events.
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''                                                              | 26",
    "203.0.113.100                                                   | 24",
    "REJECT                                                          | 1",
    "\"198.51.100.77 10.0.1.55\"                                     | 1",
    "[v, account, eni, src, dst=203.0.113.100, ...]                   | 12",
    "[v, account, eni, src, dst, srcport, dstport=443, protocol=6, packets, bytes>2000, ...] | 12",
    "[v, account, eni, src=198.*, ..., action=REJECT, status]        | 1",
    "[v, account, eni, src, dst, srcport, dstport=22]                 | 0",
  })
  void filterLogEvents_pattern_countsMatches(String pattern, int expected) {
    FilterLogEventsResponse response =
        sandbox.logs.filterLogEvents(r -> r.logGroupName(FLOW_GROUP).filterPattern(pattern));

    assertThat(response.events()).hasSize(expected);
  }

  @Test
  void filterLogEvents_limit_pagesInTimeOrder() {
    FilterLogEventsResponse first = sandbox.logs.filterLogEvents(r -> r.logGroupName(FLOW_GROUP).limit(20));
    FilterLogEventsResponse rest =
        sandbox.logs.filterLogEvents(r -> r.logGroupName(FLOW_GROUP).limit(20).nextToken(first.nextToken()));

    assertThat(first.events()).hasSize(20);
    assertThat(rest.events()).hasSize(6);
    assertThat(rest.nextToken()).isNull();
    List<Long> times = first.events().stream().map(FilteredLogEvent::timestamp).toList();
    assertThat(times).isSorted();
  }

  @Test
  void filterLogEvents_streamPrefix_selectsStreams() {
    assertThat(sandbox.logs.filterLogEvents(r -> r.logGroupName(FLOW_GROUP).logStreamNamePrefix("eni-0a1b")).events()).hasSize(26);
    assertThat(sandbox.logs.filterLogEvents(r -> r.logGroupName(FLOW_GROUP).logStreamNamePrefix("eni-ffff")).events()).isEmpty();
  }

  @Test
  void filterLogEvents_unknownGroup_isResourceNotFound() {
    Throwable thrown = catchThrowable(() -> sandbox.logs.filterLogEvents(r -> r.logGroupName("/none")));

    assertThat(errorCode(thrown)).isEqualTo("ResourceNotFoundException");
  }

  @Test
  void insightsQuery_statsByDestination_sumsBytes() {
    String query =
        "fields srcAddr, dstAddr, bytes | filter dstAddr = '203.0.113.100' and action = 'ACCEPT'"
            + " | stats count(*) as flows, sum(bytes) as total by srcAddr, dstAddr | sort total desc | limit 5";
    String queryId =
        sandbox.logs.startQuery(
                r -> r.logGroupName(FLOW_GROUP)
                    .startTime(Instant.parse("2024-01-15T00:00:00Z").getEpochSecond())
                    .endTime(Instant.parse("2024-01-15T04:00:00Z").getEpochSecond())
                    .queryString(query))
            .queryId();
    GetQueryResultsResponse results = sandbox.logs.getQueryResults(r -> r.queryId(queryId));

    assertThat(results.statusAsString()).isEqualTo("Complete");
    assertThat(results.results()).hasSize(1);
    Map<String, String> row = row(results.results().get(0));
    // 12 outbound windows of 2400 bytes: 12 * 2400 = 28800.
    assertThat(row).containsEntry("srcAddr", "10.0.1.55").containsEntry("flows", "12").containsEntry("total", "28800");
    assertThat(results.statistics().recordsMatched()).isEqualTo(12.0);
    assertThat(results.statistics().recordsScanned()).isEqualTo(26.0);
  }

  @Test
  void insightsQuery_likeRegex_returnsFields() {
    String query = "fields @timestamp, @message | filter @message like /REJECT/ | sort @timestamp desc | limit 10";
    String queryId =
        sandbox.logs.startQuery(r -> r.logGroupName(FLOW_GROUP).startTime(0L).endTime(2_000_000_000L).queryString(query)).queryId();
    List<List<ResultField>> rows = sandbox.logs.getQueryResults(r -> r.queryId(queryId)).results();

    assertThat(rows).hasSize(1);
    assertThat(row(rows.get(0)).get("@message")).contains("198.51.100.77").endsWith("REJECT OK");
    assertThat(row(rows.get(0)).get("@timestamp")).isEqualTo("2024-01-15 02:52:00.000");
  }

  @Test
  void insightsQuery_unsupportedCommand_isMalformed() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.logs.startQuery(r -> r.logGroupName(FLOW_GROUP).startTime(0L).endTime(1L).queryString("parse @message 'x'")));

    assertThat(errorCode(thrown)).isEqualTo("MalformedQueryException");
  }

  private static Map<String, String> row(List<ResultField> fields) {
    Map<String, String> row = new java.util.LinkedHashMap<>();
    fields.forEach(f -> row.put(f.field(), f.value()));
    return row;
  }

  @Test
  void listSecrets_seed_listsBothWithRotation() {
    List<SecretListEntry> secrets = sandbox.secrets.listSecrets(r -> r.maxResults(10)).secretList();

    assertThat(secrets).extracting(SecretListEntry::name).containsExactly(DB_SECRET, "prod/order-service/api-key");
    assertThat(secrets.get(0).rotationEnabled()).isTrue();
    assertThat(secrets.get(1).rotationEnabled()).isFalse();
    assertThat(secrets.get(0).secretVersionsToStages()).hasSize(2);
  }

  @Test
  void rotateSecret_configured_movesCurrentLabel() {
    String versionId = sandbox.secrets.rotateSecret(r -> r.secretId(DB_SECRET)).versionId();
    DescribeSecretResponse described = sandbox.secrets.describeSecret(r -> r.secretId(DB_SECRET));

    assertThat(described.versionIdsToStages().get(versionId)).containsExactly("AWSCURRENT");
    assertThat(described.versionIdsToStages().get("6f1c0a52-9d51-4c0e-8a44-1c2b3d4e5f60")).containsExactly("AWSPREVIOUS");
    assertThat(described.versionIdsToStages()).hasSize(2);
    assertThat(described.lastRotatedDate()).isAfter(Instant.parse("2024-01-15T03:19:00Z"));
    assertThat(sandbox.dump().at("/secrets/0/rotations/0/versionId").asText()).isEqualTo(versionId);
  }

  @Test
  void rotateSecret_noRotation_isInvalidRequest() {
    Throwable thrown = catchThrowable(() -> sandbox.secrets.rotateSecret(r -> r.secretId("prod/order-service/api-key")));

    assertThat(errorCode(thrown)).isEqualTo("InvalidRequestException");
  }

  @Test
  void describeSecret_unknown_isResourceNotFound() {
    Throwable thrown = catchThrowable(() -> sandbox.secrets.describeSecret(r -> r.secretId("nope")));

    assertThat(errorCode(thrown)).isEqualTo("ResourceNotFoundException");
  }

  @Test
  void describeInstanceInformation_filter_returnsManagedInstance() {
    List<InstanceInformation> list =
        sandbox.ssm.describeInstanceInformation(r -> r.filters(InstanceInformationStringFilter.builder().key("InstanceIds").values("i-0abc123def456").build()))
            .instanceInformationList();

    assertThat(list).hasSize(1);
    assertThat(list.get(0).pingStatusAsString()).isEqualTo("Online");
    assertThat(list.get(0).ipAddress()).isEqualTo("10.0.1.55");
  }

  @Test
  void sendCommand_recorded_invocationSettles() {
    String commandId =
        sandbox.ssm.sendCommand(
                r -> r.instanceIds("i-0abc123def456")
                    .documentName("AWS-RunShellScript")
                    .parameters(Map.of("commands", List.of("cat /proc/meminfo"))))
            .command().commandId();

    List<CommandInvocationStatus> statuses = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      GetCommandInvocationResponse invocation =
          sandbox.ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId("i-0abc123def456"));
      statuses.add(invocation.status());
    }

    assertThat(statuses).containsExactly(
        CommandInvocationStatus.PENDING, CommandInvocationStatus.IN_PROGRESS, CommandInvocationStatus.SUCCESS);
    assertThat(sandbox.dump().at("/ssmCommands/0/parameters/commands/0").asText()).isEqualTo("cat /proc/meminfo");
  }

  @Test
  void sendCommand_unmanagedInstance_isInvalidInstanceId() {
    Throwable thrown =
        catchThrowable(() -> sandbox.ssm.sendCommand(r -> r.instanceIds("i-0000000000000").documentName("AWS-RunShellScript")));

    assertThat(errorCode(thrown)).isEqualTo("InvalidInstanceId");
  }

  @Test
  void getCommandInvocation_unknown_isInvocationDoesNotExist() {
    Throwable thrown =
        catchThrowable(() -> sandbox.ssm.getCommandInvocation(r -> r.commandId("x").instanceId("i-0abc123def456")));

    assertThat(errorCode(thrown)).isEqualTo("InvocationDoesNotExist");
  }

  @Test
  void putRuleAndTargets_recordedInState() {
    String arn =
        sandbox.events.putRule(r -> r.name("cordon-guardduty").eventPattern("{\"source\":[\"aws.guardduty\"]}")).ruleArn();
    int failed =
        sandbox.events.putTargets(
                r -> r.rule("cordon-guardduty").targets(Target.builder().id("sns").arn("arn:aws:sns:us-east-1:123456789012:cordon-alerts").build()))
            .failedEntryCount();

    assertThat(arn).isEqualTo("arn:aws:events:us-east-1:123456789012:rule/cordon-guardduty");
    assertThat(failed).isZero();
    assertThat(sandbox.dump().at("/eventRules/0/targets/0/arn").asText()).endsWith(":cordon-alerts");
  }

  @Test
  void putTargets_unknownRule_isResourceNotFound() {
    Throwable thrown =
        catchThrowable(() -> sandbox.events.putTargets(r -> r.rule("none").targets(Target.builder().id("a").arn("arn:aws:sns:us-east-1:1:x").build())));

    assertThat(errorCode(thrown)).isEqualTo("ResourceNotFoundException");
  }

  @Test
  void putRule_badPattern_isInvalidEventPattern() {
    Throwable thrown = catchThrowable(() -> sandbox.events.putRule(r -> r.name("x").eventPattern("[1]")));

    assertThat(errorCode(thrown)).isEqualTo("InvalidEventPatternException");
  }
}
