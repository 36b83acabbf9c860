package dev.cordon.core.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The SigmaHQ AWS CloudTrail rules, loaded unchanged from the test resources. */
class SigmaHqRulesTest {
  private static final Path RULES = Path.of("src/test/resources/sigma-aws/cloudtrail");
  private static final RuleLoadResult RESULT = SigmaRules.load(RULES);

  /**
   * Events for rules whose selections cannot be turned into an event mechanically: a regular
   * expression, and values with quotes that only occur inside a nested JSON object. Each entry is
   * a matching event and its near miss.
   */
  private static final Map<String, List<String>> HAND_WRITTEN = Map.of(
      "aws_cloudtrail_imds_malicious_usage", List.of(
          """
          {"eventSource":"s3.amazonaws.com","eventName":"ListBuckets","sourceIPAddress":"198.51.100.7",
           "userIdentity":{"type":"AssumedRole",
             "arn":"arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc"}}""",
          """
          {"eventSource":"ssm.amazonaws.com","eventName":"ListBuckets","sourceIPAddress":"198.51.100.7",
           "userIdentity":{"type":"AssumedRole",
             "arn":"arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc"}}"""),
      "aws_iam_s3browser_templated_s3_bucket_policy_creation", List.of(
          """
          {"eventSource":"iam.amazonaws.com","eventName":"PutUserPolicy","userAgent":"S3 Browser 11.5",
           "requestParameters":{"userName":"bob","policyName":"p","policyDocument":
             "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:GetObject\\",\\"Resource\\":\\"arn:aws:s3:::<YOUR-BUCKET-NAME>/*\\"}]}"}}""",
          """
          {"eventSource":"iam.amazonaws.com","eventName":"PutUserPolicy","userAgent":"S3 Browser 11.5",
           "requestParameters":{"userName":"bob","policyName":"p","policyDocument":
             "{\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Action\\":\\"s3:GetObject\\",\\"Resource\\":\\"arn:aws:s3:::<YOUR-BUCKET-NAME>/*\\"}]}"}}"""));

  @Test
  void load_sigmaHqSet_loadsAtLeast50() {
    // 57 rule files; every one uses only supported features, so none is skipped.
    assertThat(RESULT.loaded().size() + RESULT.skipped().size()).isEqualTo(57);
    assertThat(RESULT.loaded()).hasSizeGreaterThanOrEqualTo(50);
    assertThat(RESULT.skipped()).allSatisfy(skip ->
        assertThat(skip.reason()).containsAnyOf("unsupported", "invalid"));
  }

  @TestFactory
  Stream<DynamicTest> eachRule_matchAndNearMiss() {
    return RESULT.loaded().stream().map(rule -> dynamicTest(rule.name(), () -> {
      ObjectNode positive;
      ObjectNode nearMiss;
      if (HAND_WRITTEN.containsKey(rule.name())) {
        positive = (ObjectNode) RuleExamples.JSON.readTree(HAND_WRITTEN.get(rule.name()).get(0));
        nearMiss = (ObjectNode) RuleExamples.JSON.readTree(HAND_WRITTEN.get(rule.name()).get(1));
      } else {
        Optional<ObjectNode> generated = RuleExamples.positive(rule);
        assertThat(generated).as("generated event for %s", rule.name()).isPresent();
        positive = generated.get();
        nearMiss = RuleExamples.nearMiss(rule, positive).orElseThrow();
      }

      assertThat(rule.matches(positive)).as("positive %s", positive).isTrue();
      assertThat(rule.matches(nearMiss)).as("near miss %s", nearMiss).isFalse();
    }));
  }

  @Test
  void load_bucketEnumeration_notesAssumedRoleGap() {
    SigmaRule rule = named("aws_enum_buckets");

    assertThat(rule.notes()).singleElement().asString()
        .contains("never fires for assumed-role sessions");
  }

  @Test
  void load_backdoorKeys_notesFilterWrittenAsValue() {
    SigmaRule rule = named("aws_iam_backdoor_users_keys");

    assertThat(rule.notes()).singleElement().asString()
        .contains("'responseElements.accessKey.userName'")
        .contains("fieldref");
  }

  @Test
  void load_loginProfile_notesArnComparedWithName() {
    SigmaRule rule = named("aws_update_login_profile");

    assertThat(rule.notes()).singleElement().asString()
        .contains("requestParameters.userName")
        .contains("never equal");
  }

  @Test
  void load_otherRules_haveNoNotes() {
    assertThat(RESULT.loaded()).filteredOn(rule -> !rule.notes().isEmpty())
        .extracting(SigmaRule::name)
        .containsExactlyInAnyOrder("aws_enum_buckets", "aws_iam_backdoor_users_keys",
            "aws_update_login_profile");
  }

  @Test
  void backdoorKeys_ownKey_stillMatches() throws Exception {
    // The filter meant to drop keys a user creates for itself compares with literal text.
    SigmaRule rule = named("aws_iam_backdoor_users_keys");
    String ownKey = """
        {"eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey",
         "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"},
         "responseElements":{"accessKey":{"userName":"alice"}}}""";

    assertThat(rule.matches(RuleExamples.JSON.readTree(ownKey))).isTrue();
  }

  @Test
  void imdsRule_ordinaryInstanceProfile_neverFires() throws Exception {
    // The rule looks only for AWS-managed instance identity roles (assumed-role/aws:...).
    SigmaRule rule = named("aws_cloudtrail_imds_malicious_usage");
    String instanceRole = """
        {"eventSource":"s3.amazonaws.com","eventName":"ListBuckets",
         "userIdentity":{"type":"AssumedRole",
           "arn":"arn:aws:sts::111122223333:assumed-role/WebAppRole/i-0abc"}}""";

    assertThat(rule.matches(RuleExamples.JSON.readTree(instanceRole))).isFalse();
  }

  @Test
  void load_v19Tags_keptAsTheyAre() {
    SigmaRule rule = named("aws_cloudtrail_disable_logging");

    assertThat(rule.tactics()).containsExactly("defense-impairment");
    assertThat(rule.techniques()).containsExactly("T1685.002");
  }

  private static SigmaRule named(String name) {
    return RESULT.loaded().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }
}
