package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.assertAwsError;
import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

class CloudTrailContractTest extends SeedSandboxTest {
  private static LookupAttribute attribute(LookupAttributeKey key, String value) {
    return LookupAttribute.builder().attributeKey(key).attributeValue(value).build();
  }

  @ParameterizedTest
  @CsvSource({
    "EventName, CreateUser, CreateUser",
    "Username, i-0abc123def456, CreateAccessKey CreateUser ListBuckets GetSecretValue GetCallerIdentity",
    "ResourceName, svc-backup, CreateAccessKey CreateUser",
    "AccessKeyId, ASIASANDBOXSTOLEN001, CreateAccessKey CreateUser ListBuckets GetSecretValue GetCallerIdentity",
    "EventSource, iam.amazonaws.com, CreateAccessKey CreateUser",
    "ReadOnly, false, CreateAccessKey CreateUser",
    "EventName, DeleteTrail, ''",
  })
  void lookupEvents_attribute_matchesNewestFirst(String key, String value, String expectedNames) {
    LookupEventsResponse response =
        sandbox.cloudTrail.lookupEvents(
            r -> r.lookupAttributes(attribute(LookupAttributeKey.fromValue(key), value)));

    List<String> names = response.events().stream().map(Event::eventName).toList();
    assertThat(String.join(" ", names)).isEqualTo(expectedNames);
  }

  @Test
  void lookupEvents_createUser_carriesRecordJson() throws Exception {
    Event event =
        sandbox.cloudTrail.lookupEvents(
                r -> r.lookupAttributes(attribute(LookupAttributeKey.EVENT_NAME, "CreateUser")))
            .events().get(0);
    JsonNode record = new ObjectMapper().readTree(event.cloudTrailEvent());

    assertThat(event.eventTime()).isEqualTo(Instant.parse("2024-01-15T02:47:03Z"));
    assertThat(event.readOnly()).isEqualTo("false");
    assertThat(event.resources().get(0).resourceType()).isEqualTo("AWS::IAM::User");
    assertThat(record.at("/userIdentity/arn").asText())
        .isEqualTo("arn:aws:sts::123456789012:assumed-role/order-service-instance-role/i-0abc123def456");
    assertThat(record.at("/requestParameters/userName").asText()).isEqualTo("svc-backup");
    assertThat(record.get("sourceIPAddress").asText()).isEqualTo("203.0.113.100");
    assertThat(record.get("recipientAccountId").asText()).isEqualTo("123456789012");
  }

  @Test
  void lookupEvents_timeRange_keepsInside() {
    // 02:30 to 02:47:30 holds ListBuckets (02:31:45) and CreateUser (02:47:03).
    LookupEventsResponse response =
        sandbox.cloudTrail.lookupEvents(
            r -> r.startTime(Instant.parse("2024-01-15T02:30:00Z")).endTime(Instant.parse("2024-01-15T02:47:30Z")));

    assertThat(response.events()).extracting(Event::eventName).containsExactly("CreateUser", "ListBuckets");
  }

  @Test
  void lookupEvents_maxResults_pagesWithToken() {
    LookupEventsResponse first = sandbox.cloudTrail.lookupEvents(r -> r.maxResults(3));
    LookupEventsResponse second = sandbox.cloudTrail.lookupEvents(r -> r.maxResults(3).nextToken(first.nextToken()));

    // 5 seed events: 3 on the first page, 2 on the last, which has no token.
    assertThat(first.events()).extracting(Event::eventName).containsExactly("CreateAccessKey", "CreateUser", "ListBuckets");
    assertThat(second.events()).extracting(Event::eventName).containsExactly("GetSecretValue", "GetCallerIdentity");
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void lookupEvents_thirdCallInOneSecond_isThrottled() {
    sandbox.cloudTrail.lookupEvents(r -> r.maxResults(1));
    sandbox.cloudTrail.lookupEvents(r -> r.maxResults(1));
    Throwable thrown = catchThrowable(() -> sandbox.cloudTrail.lookupEvents(r -> r.maxResults(1)));

    assertAwsError(thrown, "ThrottlingException", 400);
  }

  @Test
  void lookupEvents_injectedThrottle_isThrottlingException() {
    sandbox.server.faults().on("cloudtrail", "LookupEvents").throttle(1);

    Throwable thrown = catchThrowable(() -> sandbox.cloudTrail.lookupEvents(r -> r.maxResults(1)));

    assertThat(errorCode(thrown)).isEqualTo("ThrottlingException");
    assertThat(sandbox.cloudTrail.lookupEvents(r -> r.maxResults(1)).events()).hasSize(1);
  }

  @Test
  void lookupEvents_twoAttributes_isInvalid() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.cloudTrail.lookupEvents(
                r -> r.lookupAttributes(
                    LookupAttribute.builder().attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("CreateUser").build(),
                    LookupAttribute.builder().attributeKey(LookupAttributeKey.USERNAME).attributeValue("x").build())));

    assertThat(errorCode(thrown)).isEqualTo("InvalidLookupAttributesException");
  }

  @Test
  void lookupEvents_startAfterEnd_isInvalidTimeRange() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.cloudTrail.lookupEvents(
                r -> r.startTime(Instant.parse("2024-01-15T03:00:00Z")).endTime(Instant.parse("2024-01-15T02:00:00Z"))));

    assertThat(errorCode(thrown)).isEqualTo("InvalidTimeRangeException");
  }
}
