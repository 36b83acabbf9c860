package dev.cordon.core.apiactivity;

import static dev.cordon.core.finding.Severity.CRITICAL;
import static dev.cordon.core.finding.Severity.HIGH;
import static dev.cordon.core.finding.Severity.LOW;
import static dev.cordon.core.finding.Severity.MEDIUM;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table that maps CloudTrail calls to MITRE ATT&CK Enterprise v19 tactics and techniques. The
 * first matching rule wins, so specific rules come before the generic enumeration rules.
 *
 * <p>NOTE: ATT&CK v19 split Defense Evasion into Stealth and Defense Impairment and renumbered
 * Impair Defenses. The IDs T1685 (Disable or Modify Tools), T1685.002 (cloud logging) and T1686.001
 * (cloud firewall) are taken from SigmaHQ's v19 re-tagging of its AWS rules, not from the ATT&CK
 * site. The v19 tactics of T1666 (LeaveOrganization), T1070 (log deletion) and T1578.002 (new
 * instances) could not be confirmed, so they are placed where the behaviour fits.
 * Technique IDs from before v19 (T1087.004, T1580, T1619, T1530, T1552, T1555.006, T1136.003,
 * T1098.001, T1098.003, T1098.004, T1548.005, T1550.001, T1021.008, T1651, T1537, T1485, T1490,
 * T1059.009) are assumed unchanged.
 */
final class CallRules {
  private static final Pattern ACCOUNT_ID = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
  private static final Pattern API_VERSION_SUFFIX = Pattern.compile("20\\d{6}(v\\d+)?$");
  private static final Set<String> ENUMERATED_SERVICES = Set.of(
      "iam", "ec2", "s3", "sts", "cloudtrail", "guardduty", "organizations", "config", "lambda",
      "rds", "ssm", "securityhub", "kms", "secretsmanager", "logs", "ecs", "eks", "ecr",
      "dynamodb", "route53", "elasticloadbalancing", "autoscaling", "cloudformation", "sns", "sqs");

  private final List<CallRule> rules = new ArrayList<>();
  private final String instanceId;

  /** @param instanceId the scoped instance, so that terminating it is not taken for impact */
  CallRules(String instanceId) {
    this.instanceId = instanceId;
    addStealthAndDefenseImpairment();
    addPersistenceAndPrivilegeEscalation();
    addCredentialAccessAndCollection();
    addLateralMovementAndExecution();
    addExfiltrationAndImpact();
    addDiscovery();
  }

  /** Returns the first rule that matches, or empty for calls that are not suspicious. */
  Optional<CallRule> classify(CloudTrailEvent event) {
    if (event.eventName() == null || event.eventSource() == null) {
      return Optional.empty();
    }
    return rules.stream().filter(rule -> rule.matches().test(event)).findFirst();
  }

  private void addStealthAndDefenseImpairment() {
    add("cloudtrail-logging-stopped", "defense-impairment", List.of("T1685.002"), CRITICAL, false,
        call("cloudtrail", "StopLogging", "DeleteTrail"));
    add("cloudtrail-trail-changed", "defense-impairment", List.of("T1685.002"), HIGH, false,
        call("cloudtrail", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors"));
    add("guardduty-detector-deleted", "defense-impairment", List.of("T1685"), CRITICAL, false,
        call("guardduty", "DeleteDetector", "DisassociateFromMasterAccount",
            "DisassociateFromAdministratorAccount", "DeleteMembers"));
    add("guardduty-detector-disabled", "defense-impairment", List.of("T1685"), CRITICAL, false,
        call("guardduty", "UpdateDetector").and(e -> "false".equals(param(e, "enable"))));
    add("guardduty-trusted-list", "defense-impairment", List.of("T1685"), HIGH, false,
        call("guardduty", "CreateIPSet", "UpdateIPSet", "CreateFilter", "UpdateFilter"));
    add("vpc-flow-logs-deleted", "defense-impairment", List.of("T1685.002"), HIGH, false,
        call("ec2", "DeleteFlowLogs"));
    add("config-recording-stopped", "defense-impairment", List.of("T1685.002"), HIGH, false,
        call("config", "StopConfigurationRecorder", "DeleteConfigurationRecorder",
            "DeleteDeliveryChannel"));
    add("dns-query-logging-removed", "defense-impairment", List.of("T1685.002"), HIGH, false,
        call("route53resolver", "DeleteResolverQueryLogConfig",
            "DisassociateResolverQueryLogConfig"));
    add("securityhub-findings-changed", "defense-impairment", List.of("T1685"), HIGH, false,
        call("securityhub", "BatchUpdateFindings", "DeleteInsight", "DisableSecurityHub"));
    add("organization-left", "defense-impairment", List.of("T1666"), HIGH, false,
        call("organizations", "LeaveOrganization"));
    add("firewall-opened", "defense-impairment", List.of("T1686.001"), HIGH, false,
        call("ec2", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
            "CreateNetworkAclEntry", "ReplaceNetworkAclEntry"));
    add("logs-deleted", "stealth", List.of("T1070"), HIGH, false,
        call("logs", "DeleteLogGroup", "DeleteLogStream", "DeleteSubscriptionFilter"));
  }

  private void addPersistenceAndPrivilegeEscalation() {
    add("iam-create-user", "persistence", List.of("T1136.003"), HIGH, false,
        call("iam", "CreateUser"));
    add("iam-create-access-key", "persistence", List.of("T1098.001"), HIGH, false,
        call("iam", "CreateAccessKey"));
    add("iam-login-profile", "persistence", List.of("T1098.001"), HIGH, false,
        call("iam", "CreateLoginProfile", "UpdateLoginProfile"));
    add("iam-role-trust-changed", "persistence", List.of("T1098.003"), HIGH, false,
        call("iam", "CreateRole", "UpdateAssumeRolePolicy"));
    add("ec2-key-pair-imported", "persistence", List.of("T1098.004"), HIGH, false,
        call("ec2", "ImportKeyPair", "CreateKeyPair"));
    add("sts-federation-token", "persistence", List.of("T1550.001"), HIGH, false,
        call("sts", "GetFederationToken"));
    add("rolesanywhere-trust-anchor", "persistence", List.of("T1098"), HIGH, false,
        call("rolesanywhere", "CreateTrustAnchor", "CreateProfile"));
    add("iam-policy-attached", "privilege-escalation", List.of("T1098.003"), HIGH, false,
        call("iam", "AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy", "PutUserPolicy",
            "PutRolePolicy", "PutGroupPolicy", "CreatePolicyVersion", "SetDefaultPolicyVersion",
            "AddUserToGroup"));
    add("iam-pass-role-to-instance", "privilege-escalation", List.of("T1548.005"), HIGH, false,
        call("ec2", "RunInstances", "AssociateIamInstanceProfile",
            "ReplaceIamInstanceProfileAssociation")
            .and(e -> !e.eventName().equals("RunInstances") || hasParam(e, "iamInstanceProfile")));
    add("iam-pass-role-to-function", "privilege-escalation", List.of("T1548.005"), HIGH, false,
        call("lambda", "CreateFunction", "UpdateFunctionConfiguration")
            .and(e -> hasParam(e, "role")));
  }

  private void addCredentialAccessAndCollection() {
    add("secret-read", "credential-access", List.of("T1555.006"), HIGH, true,
        call("secretsmanager", "GetSecretValue", "BatchGetSecretValue"));
    add("secret-listed", "credential-access", List.of("T1555.006"), MEDIUM, true,
        call("secretsmanager", "ListSecrets"));
    add("ssm-parameter-decrypted", "credential-access", List.of("T1555.006"), HIGH, true,
        call("ssm", "GetParameter", "GetParameters", "GetParametersByPath")
            .and(e -> "true".equals(param(e, "withDecryption"))));
    add("ssm-parameter-read", "credential-access", List.of("T1552"), MEDIUM, true,
        call("ssm", "GetParameter", "GetParameters", "GetParametersByPath"));
    add("ec2-password-data", "credential-access", List.of("T1552"), HIGH, true,
        call("ec2", "GetPasswordData"));
    // NOTE: ATT&CK files bucket listing (T1619) under Discovery; it sits with collection here
    // because it is the first step of reading a bucket's objects.
    add("s3-buckets-listed", "collection", List.of("T1619", "T1530"), MEDIUM, true,
        call("s3", "ListBuckets"));
    add("s3-object-read", "collection", List.of("T1530"), MEDIUM, true,
        call("s3", "GetObject", "ListObjects", "ListObjectsV2", "ListObjectVersions",
            "SelectObjectContent"));
  }

  private void addLateralMovementAndExecution() {
    add("sts-assume-role", "lateral-movement", List.of("T1550.001"), HIGH, true,
        call("sts", "AssumeRole", "AssumeRoleWithWebIdentity"));
    add("ec2-instance-connect", "lateral-movement", List.of("T1021.008"), HIGH, false,
        call("ec2-instance-connect", "SendSSHPublicKey", "SendSerialConsoleSSHPublicKey"));
    add("ssm-command", "lateral-movement", List.of("T1651"), HIGH, false,
        call("ssm", "SendCommand"));
    add("ssm-session", "lateral-movement", List.of("T1021.008"), HIGH, false,
        call("ssm", "StartSession"));
    add("ec2-user-data-changed", "execution", List.of("T1059.009"), HIGH, false,
        call("ec2", "ModifyInstanceAttribute").and(e -> hasParam(e, "userData")));
    // NOTE: Stratus Red Team files launching instances under Execution; T1578.002 was a Defense
    // Evasion technique before v19 and its v19 tactic is not confirmed here.
    add("ec2-instances-launched", "execution", List.of("T1578.002"), MEDIUM, false,
        call("ec2", "RunInstances"));
  }

  private void addExfiltrationAndImpact() {
    Predicate<CloudTrailEvent> sharing =
        call("ec2", "ModifySnapshotAttribute", "ModifyImageAttribute")
            .or(call("rds", "ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute"));
    add("ebs-snapshot-shared", "exfiltration", List.of("T1537"), CRITICAL, false,
        sharing.and(CallRules::grantsAccess));
    add("snapshot-permission-changed", "exfiltration", List.of("T1537"), MEDIUM, false, sharing);
    Predicate<CloudTrailEvent> bucketAccess = call("s3", "PutBucketPolicy", "PutBucketAcl",
        "DeletePublicAccessBlock", "PutBucketPublicAccessBlock", "DeleteBucketPolicy");
    add("s3-bucket-opened", "exfiltration", List.of("T1537"), HIGH, false,
        bucketAccess.and(CallRules::opensToOthers));
    add("s3-bucket-access-changed", "exfiltration", List.of("T1537"), MEDIUM, false, bucketAccess);
    add("ec2-export-task", "exfiltration", List.of("T1537"), HIGH, false,
        call("ec2", "CreateInstanceExportTask", "ExportImage"));
    add("s3-bucket-deleted", "impact", List.of("T1485"), HIGH, false,
        call("s3", "DeleteBucket", "DeleteObjects"));
    add("ec2-other-instances-terminated", "impact", List.of("T1485"), HIGH, false,
        call("ec2", "TerminateInstances").and(this::touchesOtherInstances));
    add("backups-deleted", "impact", List.of("T1490"), HIGH, false,
        call("ec2", "DeleteSnapshot").or(call("rds", "DeleteDBSnapshot", "DeleteDBInstance"))
            .or(call("kms", "ScheduleKeyDeletion", "DisableKey")));
  }

  private void addDiscovery() {
    add("iam-enumeration", "discovery", List.of("T1087.004"), MEDIUM, true,
        service("iam").and(CallRules::isReadCall));
    add("caller-identity", "discovery", List.of("T1087.004"), MEDIUM, true,
        call("sts", "GetCallerIdentity", "GetAccessKeyInfo"));
    add("s3-enumeration", "discovery", List.of("T1619"), MEDIUM, true,
        service("s3").and(CallRules::isReadCall));
    add("ec2-enumeration", "discovery", List.of("T1580"), MEDIUM, true,
        service("ec2").and(CallRules::isReadCall));
    add("cloud-service-enumeration", "discovery", List.of("T1526"), MEDIUM, true,
        e -> ENUMERATED_SERVICES.contains(serviceOf(e)) && isReadCall(e)
            && !e.eventName().startsWith("Get"));
  }

  private void add(String id, String tactic, List<String> techniques, Severity severity,
      boolean routine, Predicate<CloudTrailEvent> matches) {
    rules.add(new CallRule(id, tactic, techniques, severity, routine, matches));
  }

  private boolean touchesOtherInstances(CloudTrailEvent event) {
    JsonNode items = event.requestParameters() == null ? null
        : event.requestParameters().path("instancesSet").path("items");
    if (items == null || !items.isArray() || items.isEmpty()) {
      return true;
    }
    for (JsonNode item : items) {
      if (!item.path("instanceId").asText().equals(instanceId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether a snapshot or image permission call adds an account or the public group:
   * EC2 logs {@code createVolumePermission.add} or {@code launchPermission.add}, RDS logs
   * {@code valuesToAdd}. A request that only removes access is not sharing.
   */
  private static boolean grantsAccess(CloudTrailEvent event) {
    JsonNode request = event.requestParameters();
    if (request == null) {
      return true;
    }
    boolean ec2Add = !request.path("createVolumePermission").path("add").isMissingNode()
        || !request.path("launchPermission").path("add").isMissingNode();
    JsonNode rdsAdd = request.path("valuesToAdd");
    return ec2Add || rdsAdd.isArray() && !rdsAdd.isEmpty();
  }

  /**
   * Returns whether a bucket policy, ACL or public access block change can open the bucket to
   * others: a {@code *} principal, the AllUsers or AuthenticatedUsers groups, or removing the
   * public access block. The policy arrives as nested JSON or as a string, so the request text
   * is searched.
   */
  private static boolean opensToOthers(CloudTrailEvent event) {
    if (event.eventName().equals("DeletePublicAccessBlock")) {
      return true;
    }
    if (event.requestParameters() == null) {
      return false;
    }
    String text = event.requestParameters().toString().replace("\\\"", "\"").replace(" ", "");
    if (event.eventName().equals("PutBucketPublicAccessBlock")) {
      return text.contains(":false");
    }
    boolean publicGrant = text.contains("\"Principal\":\"*\"") || text.contains("\"AWS\":\"*\"")
        || text.contains("\"AWS\":[\"*\"") || text.contains("AllUsers")
        || text.contains("AuthenticatedUsers");
    return publicGrant || namesOtherAccount(text, event.recipientAccountId());
  }

  /** Returns whether a policy text names a 12-digit account id other than the bucket owner's. */
  private static boolean namesOtherAccount(String text, String ownAccount) {
    Matcher accounts = ACCOUNT_ID.matcher(text);
    while (accounts.find()) {
      if (!accounts.group().equals(ownAccount)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the service part of {@code eventSource}, such as {@code iam}. */
  static String serviceOf(CloudTrailEvent event) {
    String source = event.eventSource();
    int dot = source == null ? -1 : source.indexOf('.');
    return dot < 0 ? String.valueOf(source) : source.substring(0, dot).toLowerCase(Locale.ROOT);
  }

  /** Returns the event name without Lambda's API version suffix ({@code CreateFunction20150331}). */
  static String baseName(CloudTrailEvent event) {
    return API_VERSION_SUFFIX.matcher(event.eventName()).replaceFirst("");
  }

  static boolean isReadCall(CloudTrailEvent event) {
    String name = baseName(event);
    return name.startsWith("Describe") || name.startsWith("List") || name.startsWith("Get");
  }

  private static Predicate<CloudTrailEvent> service(String service) {
    return event -> serviceOf(event).equals(service);
  }

  private static Predicate<CloudTrailEvent> call(String service, String... names) {
    Set<String> nameSet = Set.of(names);
    return event -> serviceOf(event).equals(service) && nameSet.contains(baseName(event));
  }

  private static String param(CloudTrailEvent event, String field) {
    JsonNode params = event.requestParameters();
    JsonNode value = params == null ? null : params.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static boolean hasParam(CloudTrailEvent event, String field) {
    JsonNode params = event.requestParameters();
    return params != null && params.hasNonNull(field);
  }
}
