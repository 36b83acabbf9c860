package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AWS Identity and Access Management over the query protocol (API 2010-05-08): roles, their
 * inline and managed policies, instance profiles, users and access keys. IAM is global, so the
 * sandbox serves it in the scenario's region, which is where the SDK signs it.
 */
final class IamService extends QueryProtocolService {
  static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

  /** Largest inline role policy IAM accepts, in characters without white space. */
  private static final int MAX_INLINE_POLICY_CHARS = 10_240;

  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
  private static final Pattern POLICY_ARN = Pattern.compile("arn:aws:iam::(aws|\\d{12}):policy/.+");

  IamService() {
    super("iam", NAMESPACE, "2010-05-08");
    register("GetRole", IamService::getRole);
    register("ListRolePolicies", IamService::listRolePolicies);
    register("GetRolePolicy", IamService::getRolePolicy);
    register("PutRolePolicy", IamService::putRolePolicy);
    register("DeleteRolePolicy", IamService::deleteRolePolicy);
    register("ListAttachedRolePolicies", IamService::listAttachedRolePolicies);
    register("GetPolicy", IamService::getPolicy);
    register("GetPolicyVersion", IamService::getPolicyVersion);
    register("GetInstanceProfile", IamService::getInstanceProfile);
    register("ListInstanceProfilesForRole", IamService::listInstanceProfilesForRole);
    register("CreateInstanceProfile", IamService::createInstanceProfile);
    register("ListUsers", IamService::listUsers);
    register("ListAccessKeys", IamService::listAccessKeys);
    register("UpdateAccessKey", IamService::updateAccessKey);
  }

  private static String getRole(QueryCall call) {
    IamRole role = requireRole(call);
    Xml xml = call.result();
    role(xml, "Role", call.state, role);
    return call.finish(xml);
  }

  private static String listRolePolicies(QueryCall call) {
    IamRole role = requireRole(call);
    List<String> names = role.inlinePolicies.keySet().stream().sorted().toList();
    Pages.Page<String> page = page(names, call.params);
    Xml xml = call.result();
    xml.start("PolicyNames");
    page.items().forEach(name -> xml.text("member", name));
    xml.end();
    return finishPage(call, xml, page);
  }

  private static String getRolePolicy(QueryCall call) {
    IamRole role = requireRole(call);
    String policyName = name(call.params, "PolicyName", 128);
    String document = role.inlinePolicies.get(policyName);
    if (document == null) {
      throw noSuchEntity("The role policy with name " + policyName + " cannot be found.");
    }
    Xml xml = call.result();
    xml.text("RoleName", role.roleName)
        .text("PolicyName", policyName)
        .text("PolicyDocument", encode(document));
    return call.finish(xml);
  }

  /** Adds or replaces an inline policy after checking that the document is a JSON policy. */
  private static String putRolePolicy(QueryCall call) {
    IamRole role = requireRole(call);
    String policyName = name(call.params, "PolicyName", 128);
    String document = call.params.require("PolicyDocument");
    requirePolicyDocument(document);
    if (document.replaceAll("\\s", "").length() > MAX_INLINE_POLICY_CHARS) {
      throw new AwsError(
          409,
          "LimitExceeded",
          "Maximum policy size of " + MAX_INLINE_POLICY_CHARS + " bytes exceeded for role " + role.roleName);
    }
    role.inlinePolicies.put(policyName, document);
    return call.empty();
  }

  private static String deleteRolePolicy(QueryCall call) {
    IamRole role = requireRole(call);
    String policyName = name(call.params, "PolicyName", 128);
    if (role.inlinePolicies.remove(policyName) == null) {
      throw noSuchEntity("The role policy with name " + policyName + " cannot be found.");
    }
    return call.empty();
  }

  private static String listAttachedRolePolicies(QueryCall call) {
    IamRole role = requireRole(call);
    String prefix = call.params.get("PathPrefix");
    List<ManagedPolicy> attached = new ArrayList<>();
    for (String arn : role.attachedPolicyArns) {
      call.state.managedPolicy(arn)
          .filter(policy -> prefix == null || policy.path.startsWith(prefix))
          .ifPresent(attached::add);
    }
    Pages.Page<ManagedPolicy> page = page(attached, call.params);
    Xml xml = call.result();
    xml.start("AttachedPolicies");
    for (ManagedPolicy policy : page.items()) {
      xml.start("member").text("PolicyName", policy.policyName).text("PolicyArn", policy.arn).end();
    }
    xml.end();
    return finishPage(call, xml, page);
  }

  private static String getPolicy(QueryCall call) {
    ManagedPolicy policy = requirePolicy(call);
    long attachments =
        call.state.roles.stream().filter(role -> role.attachedPolicyArns.contains(policy.arn)).count();
    Xml xml = call.result();
    xml.start("Policy")
        .text("PolicyName", policy.policyName)
        .text("PolicyId", policy.policyId)
        .text("Arn", policy.arn)
        .text("Path", policy.path)
        .text("DefaultVersionId", policy.defaultVersionId)
        .text("AttachmentCount", attachments)
        .text("PermissionsBoundaryUsageCount", 0)
        .text("IsAttachable", true)
        .text("Description", policy.description)
        .text("CreateDate", policy.createDate)
        .text("UpdateDate", policy.updateDate)
        .end();
    return call.finish(xml);
  }

  private static String getPolicyVersion(QueryCall call) {
    ManagedPolicy policy = requirePolicy(call);
    String versionId = call.params.require("VersionId");
    if (!versionId.matches("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?")) {
      throw constraint("Value '" + versionId + "' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
    }
    ManagedPolicy.Version version =
        policy.versions.stream()
            .filter(v -> v.versionId.equals(versionId))
            .findFirst()
            .orElseThrow(
                () -> noSuchEntity("Policy " + policy.arn + " version " + versionId + " does not exist or is not attachable."));
    Xml xml = call.result();
    xml.start("PolicyVersion")
        .text("Document", encode(version.document))
        .text("VersionId", version.versionId)
        .text("IsDefaultVersion", version.versionId.equals(policy.defaultVersionId))
        .text("CreateDate", version.createDate)
        .end();
    return call.finish(xml);
  }

  private static String getInstanceProfile(QueryCall call) {
    String name = name(call.params, "InstanceProfileName", 128);
    InstanceProfile profile =
        call.state.instanceProfile(name)
            .orElseThrow(() -> noSuchEntity("Instance Profile " + name + " cannot be found."));
    Xml xml = call.result();
    instanceProfile(xml, "InstanceProfile", call.state, profile);
    return call.finish(xml);
  }

  private static String listInstanceProfilesForRole(QueryCall call) {
    IamRole role = requireRole(call);
    List<InstanceProfile> profiles =
        call.state.instanceProfiles.stream().filter(p -> p.roleNames.contains(role.roleName)).toList();
    Pages.Page<InstanceProfile> page = page(profiles, call.params);
    Xml xml = call.result();
    xml.start("InstanceProfiles");
    page.items().forEach(profile -> instanceProfile(xml, "member", call.state, profile));
    xml.end();
    return finishPage(call, xml, page);
  }

  /** Creates an empty profile. Names are unique in the account, so a second one is EntityAlreadyExists. */
  private static String createInstanceProfile(QueryCall call) {
    String name = name(call.params, "InstanceProfileName", 128);
    String path = call.params.get("Path");
    if (path != null && !path.matches("/([\\x21-\\x7E]*/)?")) {
      throw validation("The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.");
    }
    if (call.state.instanceProfile(name).isPresent()) {
      throw new AwsError(409, "EntityAlreadyExists", "Instance Profile " + name + " already exists.");
    }
    InstanceProfile profile = new InstanceProfile();
    profile.instanceProfileName = name;
    profile.instanceProfileId = call.state.nextIamId("AIPA");
    profile.path = path == null ? "/" : path;
    profile.createDate = call.state.clockNow().toString();
    for (QueryParams tag : call.params.members("Tags.member")) {
      profile.tags.put(tag.require("Key"), tag.get("Value") == null ? "" : tag.get("Value"));
    }
    call.state.instanceProfiles.add(profile);

    Xml xml = call.result();
    instanceProfile(xml, "InstanceProfile", call.state, profile);
    return call.finish(xml);
  }

  private static String listUsers(QueryCall call) {
    String prefix = call.params.get("PathPrefix");
    List<IamUser> users =
        call.state.users.stream().filter(u -> prefix == null || u.path.startsWith(prefix)).toList();
    Pages.Page<IamUser> page = page(users, call.params);
    Xml xml = call.result();
    xml.start("Users");
    for (IamUser user : page.items()) {
      xml.start("member")
          .text("Path", user.path)
          .text("UserName", user.userName)
          .text("UserId", user.userId)
          .text("Arn", user.arn(call.state.accountId))
          .text("CreateDate", user.createDate)
          .end();
    }
    xml.end();
    return finishPage(call, xml, page);
  }

  private static String listAccessKeys(QueryCall call) {
    IamUser user = userOf(call);
    Pages.Page<IamUser.AccessKey> page = page(user.accessKeys, call.params);
    Xml xml = call.result();
    xml.start("AccessKeyMetadata");
    for (IamUser.AccessKey key : page.items()) {
      xml.start("member")
          .text("UserName", user.userName)
          .text("AccessKeyId", key.accessKeyId)
          .text("Status", key.status)
          .text("CreateDate", key.createDate)
          .end();
    }
    xml.end();
    return finishPage(call, xml, page);
  }

  /** Sets a key Active or Inactive, which is how a responder cuts off stolen user credentials. */
  private static String updateAccessKey(QueryCall call) {
    String keyId = call.params.require("AccessKeyId");
    String status = call.params.require("Status");
    if (!status.equals("Active") && !status.equals("Inactive")) {
      throw constraint("Value '" + status + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
    }
    IamUser user = userOf(call);
    IamUser.AccessKey key =
        user.accessKeys.stream()
            .filter(k -> k.accessKeyId.equals(keyId))
            .findFirst()
            .orElseThrow(() -> noSuchEntity("The Access Key with id " + keyId + " cannot be found."));
    key.status = status;
    return call.empty();
  }

  /**
   * Returns the user named by UserName or, without it, the calling user, as IAM does. A caller
   * that is not an IAM user must name one.
   */
  private static IamUser userOf(QueryCall call) {
    String name = call.params.get("UserName");
    if (name == null) {
      String callerArn = callerArn(call.state, call.scope);
      int marker = callerArn.indexOf(":user/");
      if (marker < 0) {
        throw validation("Must specify userName when calling with non-User credentials");
      }
      name = callerArn.substring(callerArn.lastIndexOf('/') + 1);
    }
    String userName = name;
    return call.state.user(userName)
        .orElseThrow(() -> noSuchEntity("The user with name " + userName + " cannot be found."));
  }

  /** Returns the ARN of the identity that signed the request: an assumed role or the scenario caller. */
  static String callerArn(AccountState state, SignatureScope scope) {
    if (scope != null) {
      return state.roleSession(scope.accessKeyId()).map(s -> s.arn).orElse(state.caller.arn);
    }
    return state.caller.arn;
  }

  private static IamRole requireRole(QueryCall call) {
    String name = name(call.params, "RoleName", 64);
    return call.state.role(name)
        .orElseThrow(() -> noSuchEntity("The role with name " + name + " cannot be found."));
  }

  private static ManagedPolicy requirePolicy(QueryCall call) {
    String arn = call.params.require("PolicyArn");
    if (!POLICY_ARN.matcher(arn).matches()) {
      throw validation("ARN " + arn + " is not valid.");
    }
    return call.state.managedPolicy(arn)
        .orElseThrow(() -> noSuchEntity("Policy " + arn + " does not exist or is not attachable."));
  }

  /** Returns a required name parameter after the pattern and length checks IAM applies. */
  private static String name(QueryParams params, String key, int maxLength) {
    String value = params.require(key);
    String member = Character.toLowerCase(key.charAt(0)) + key.substring(1);
    if (value.length() > maxLength) {
      throw constraint("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " + maxLength);
    }
    if (!NAME.matcher(value).matches()) {
      throw constraint("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    }
    return value;
  }

  /** Fails with MalformedPolicyDocument unless {@code document} is a JSON object with a Statement. */
  static void requirePolicyDocument(String document) {
    JsonNode tree;
    try {
      tree = Scenario.MAPPER.readTree(document);
    } catch (IOException e) {
      throw AwsError.badRequest("MalformedPolicyDocument", "Syntax errors in policy.");
    }
    if (tree == null || !tree.isObject() || !tree.has("Statement")) {
      throw AwsError.badRequest("MalformedPolicyDocument", "Syntax errors in policy.");
    }
  }

  private static <T> Pages.Page<T> page(List<T> items, QueryParams params) {
    return Pages.page(items, params, "MaxItems", "Marker", 1, 1000, 100);
  }

  private static String finishPage(QueryCall call, Xml xml, Pages.Page<?> page) {
    xml.text("IsTruncated", page.nextToken() != null).text("Marker", page.nextToken());
    return call.finish(xml);
  }

  static void role(Xml xml, String element, AccountState state, IamRole role) {
    xml.start(element)
        .text("Path", role.path)
        .text("RoleName", role.roleName)
        .text("RoleId", role.roleId)
        .text("Arn", role.arn(state.accountId))
        .text("CreateDate", role.createDate)
        .text("AssumeRolePolicyDocument", role.assumeRolePolicyDocument == null ? null : encode(role.assumeRolePolicyDocument))
        .text("Description", role.description)
        .text("MaxSessionDuration", role.maxSessionDuration);
    tags(xml, role.tags);
    xml.end();
  }

  private static void instanceProfile(Xml xml, String element, AccountState state, InstanceProfile profile) {
    xml.start(element)
        .text("Path", profile.path)
        .text("InstanceProfileName", profile.instanceProfileName)
        .text("InstanceProfileId", profile.instanceProfileId)
        .text("Arn", profile.arn(state.accountId))
        .text("CreateDate", profile.createDate);
    xml.start("Roles");
    profile.roleNames.forEach(name -> state.role(name).ifPresent(role -> role(xml, "member", state, role)));
    xml.end();
    tags(xml, profile.tags);
    xml.end();
  }

  private static void tags(Xml xml, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    xml.start("Tags");
    tags.forEach((key, value) -> xml.start("member").text("Key", key).text("Value", value).end());
    xml.end();
  }

  /**
   * Percent-encodes a policy document as IAM returns it (RFC 3986, spaces as %20), so clients
   * that URL-decode it, as the AWS CLI does, get the stored text back.
   */
  static String encode(String document) {
    return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static AwsError noSuchEntity(String message) {
    return new AwsError(404, "NoSuchEntity", message);
  }

  static AwsError validation(String message) {
    return AwsError.badRequest("ValidationError", message);
  }

  /** Returns the ValidationError of one failed parameter constraint, worded as IAM words it. */
  private static AwsError constraint(String detail) {
    return validation("1 validation error detected: " + detail);
  }
}
