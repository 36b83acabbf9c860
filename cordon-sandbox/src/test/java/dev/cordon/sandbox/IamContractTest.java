package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.assertAwsError;
import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.GetRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.StatusType;

/** IAM through the SDK's IamClient; the seed is shared because most calls only read it. */
class IamContractTest {
  private static final String ROLE = "order-service-instance-role";
  private static final String LOGS_POLICY = "arn:aws:iam::123456789012:policy/order-service-logs";

  private static SandboxClients sandbox;

  @BeforeAll
  static void start() {
    sandbox = SandboxClients.seed();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static String decode(String encoded) {
    return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
  }

  @Test
  void getRole_seed_returnsEncodedTrustPolicy() {
    Role role = sandbox.iam.getRole(r -> r.roleName(ROLE)).role();

    assertThat(role.arn()).isEqualTo("arn:aws:iam::123456789012:role/order-service-instance-role");
    assertThat(role.roleId()).isEqualTo("AROASANDBOXORDERSVC01");
    assertThat(role.assumeRolePolicyDocument()).startsWith("%7B%22Version%22");
    assertThat(decode(role.assumeRolePolicyDocument())).contains("\"Service\":\"ec2.amazonaws.com\"");
    assertThat(role.maxSessionDuration()).isEqualTo(3600);
  }

  @Test
  void getRole_unknown_isNoSuchEntity404() {
    Throwable thrown = catchThrowable(() -> sandbox.iam.getRole(r -> r.roleName("no-such-role")));

    assertAwsError(thrown, "NoSuchEntity", 404);
  }

  @Test
  void getRole_invalidName_isValidationError() {
    Throwable thrown = catchThrowable(() -> sandbox.iam.getRole(r -> r.roleName("bad name!")));

    assertAwsError(thrown, "ValidationError", 400);
  }

  @Test
  void getRolePolicy_seed_grantsSecretAndBucket() {
    assertThat(sandbox.iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames())
        .contains("order-service-data");

    GetRolePolicyResponse policy =
        sandbox.iam.getRolePolicy(r -> r.roleName(ROLE).policyName("order-service-data"));

    String document = decode(policy.policyDocument());
    assertThat(document).contains("secret:prod/order-service/db-password").contains("arn:aws:s3:::prod-order-service-data");
  }

  @Test
  void putRolePolicy_getAndDelete_roundTrips() {
    String deny =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
            + "\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"2024-01-15T03:20:00Z\"}}}]}";

    sandbox.iam.putRolePolicy(r -> r.roleName(ROLE).policyName("cordon-revoke-sessions").policyDocument(deny));
    String stored = sandbox.iam.getRolePolicy(r -> r.roleName(ROLE).policyName("cordon-revoke-sessions")).policyDocument();
    sandbox.iam.deleteRolePolicy(r -> r.roleName(ROLE).policyName("cordon-revoke-sessions"));

    assertThat(decode(stored)).isEqualTo(deny);
    Throwable gone =
        catchThrowable(() -> sandbox.iam.getRolePolicy(r -> r.roleName(ROLE).policyName("cordon-revoke-sessions")));
    assertThat(errorCode(gone)).isEqualTo("NoSuchEntity");
  }

  @Test
  void putRolePolicy_notJson_isMalformed() {
    Throwable thrown =
        catchThrowable(() -> sandbox.iam.putRolePolicy(r -> r.roleName(ROLE).policyName("bad").policyDocument("{not json")));

    assertThat(errorCode(thrown)).isEqualTo("MalformedPolicyDocument");
  }

  @Test
  void deleteRolePolicy_unknown_isNoSuchEntity() {
    Throwable thrown =
        catchThrowable(() -> sandbox.iam.deleteRolePolicy(r -> r.roleName(ROLE).policyName("never-put")));

    assertThat(errorCode(thrown)).isEqualTo("NoSuchEntity");
  }

  @Test
  void listAttachedRolePolicies_seed_listsManagedPolicies() {
    var attached = sandbox.iam.listAttachedRolePolicies(r -> r.roleName(ROLE)).attachedPolicies();

    assertThat(attached).extracting(AttachedPolicy::policyArn)
        .containsExactly("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", LOGS_POLICY);
  }

  @Test
  void getPolicyVersion_default_returnsDocument() {
    Policy policy = sandbox.iam.getPolicy(r -> r.policyArn(LOGS_POLICY)).policy();
    var version =
        sandbox.iam.getPolicyVersion(r -> r.policyArn(LOGS_POLICY).versionId(policy.defaultVersionId())).policyVersion();

    assertThat(policy.defaultVersionId()).isEqualTo("v2");
    assertThat(policy.attachmentCount()).isEqualTo(1);
    assertThat(version.isDefaultVersion()).isTrue();
    assertThat(decode(version.document())).contains("logs:CreateLogStream");
  }

  @Test
  void getPolicy_badArns_fail() {
    Throwable unknown = catchThrowable(() -> sandbox.iam.getPolicy(r -> r.policyArn("arn:aws:iam::123456789012:policy/none")));
    Throwable malformed = catchThrowable(() -> sandbox.iam.getPolicy(r -> r.policyArn("order-service-logs")));
    Throwable version =
        catchThrowable(() -> sandbox.iam.getPolicyVersion(r -> r.policyArn(LOGS_POLICY).versionId("v9")));

    assertThat(errorCode(unknown)).isEqualTo("NoSuchEntity");
    assertThat(errorCode(malformed)).isEqualTo("ValidationError");
    assertThat(errorCode(version)).isEqualTo("NoSuchEntity");
  }

  @Test
  void instanceProfiles_seed_linkRoleAndProfile() {
    InstanceProfile profile =
        sandbox.iam.getInstanceProfile(r -> r.instanceProfileName(ROLE)).instanceProfile();
    var forRole = sandbox.iam.listInstanceProfilesForRole(r -> r.roleName(ROLE)).instanceProfiles();

    assertThat(profile.instanceProfileId()).isEqualTo("AIPASANDBOXORDERSVC01");
    assertThat(profile.roles()).extracting(Role::roleName).containsExactly(ROLE);
    assertThat(forRole).extracting(InstanceProfile::arn)
        .containsExactly("arn:aws:iam::123456789012:instance-profile/order-service-instance-role");
  }

  @Test
  void createInstanceProfile_duplicate_is409() {
    InstanceProfile created =
        sandbox.iam.createInstanceProfile(r -> r.instanceProfileName("cordon-quarantine").path("/cordon/")).instanceProfile();
    Throwable duplicate =
        catchThrowable(() -> sandbox.iam.createInstanceProfile(r -> r.instanceProfileName("cordon-quarantine")));

    assertThat(created.arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile/cordon/cordon-quarantine");
    assertThat(created.instanceProfileId()).startsWith("AIPA").hasSize(21);
    assertThat(created.roles()).isEmpty();
    assertAwsError(duplicate, "EntityAlreadyExists", 409);
  }

  @Test
  void getInstanceProfile_unknown_isNoSuchEntity() {
    Throwable thrown = catchThrowable(() -> sandbox.iam.getInstanceProfile(r -> r.instanceProfileName("none")));

    assertThat(errorCode(thrown)).isEqualTo("NoSuchEntity");
  }

  @Test
  void listUsers_pathPrefix_selectsCiUsers() {
    assertThat(sandbox.iam.listUsers().users()).hasSize(2);
    assertThat(sandbox.iam.listUsers(r -> r.pathPrefix("/ci/")).users())
        .singleElement()
        .satisfies(u -> assertThat(u.arn()).isEqualTo("arn:aws:iam::123456789012:user/ci/order-service-deployer"));
  }

  @Test
  void listUsers_maxItems_pagesWithMarker() {
    var first = sandbox.iam.listUsers(r -> r.maxItems(1));
    var second = sandbox.iam.listUsers(r -> r.maxItems(1).marker(first.marker()));

    assertThat(first.isTruncated()).isTrue();
    assertThat(second.isTruncated()).isFalse();
    assertThat(second.users().get(0).userName()).isNotEqualTo(first.users().get(0).userName());
  }

  @Test
  void listAccessKeys_noUserName_listsCaller() {
    var keys = sandbox.iam.listAccessKeys().accessKeyMetadata();

    assertThat(keys).singleElement().satisfies(k -> assertThat(k.userName()).isEqualTo("responder"));
  }

  @Test
  void updateAccessKey_deactivate_showsInactive() {
    sandbox.iam.updateAccessKey(
        r -> r.userName("order-service-deployer").accessKeyId("AKIASANDBOXDEPLOY001").status(StatusType.INACTIVE));

    var keys = sandbox.iam.listAccessKeys(r -> r.userName("order-service-deployer")).accessKeyMetadata();
    assertThat(keys).allSatisfy(k -> assertThat(k.status()).isEqualTo(StatusType.INACTIVE));
  }

  @Test
  void updateAccessKey_unknownKey_notFound() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.iam.updateAccessKey(
                r -> r.userName("responder").accessKeyId("AKIA0000000000000000").status(StatusType.INACTIVE)));

    assertThat(errorCode(thrown)).isEqualTo("NoSuchEntity");
  }
}
