package dev.cordon.core.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.aws.AwsException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Steps that cut the instance's role credentials. Credentials already taken from the metadata
 * service stay valid until they expire and could undo the isolation, so an inline deny on the role,
 * conditioned on {@code ec2:SourceInstanceARN}, rejects every request signed with credentials
 * issued to this instance while healthy instances sharing the role keep working. Replacing the
 * profile association with an empty profile stops new credentials from being issued.
 *
 * <p>A memory capture needs the SSM Agent, which signs with the same credentials. With one, the
 * deny first excepts {@link #SSM_AGENT_ACTIONS} through {@code NotAction}, then covers every action
 * once the capture has ended, and only then is the profile replaced.
 */
final class CredentialSteps {
  /** Instance profile without a role that replaces the instance's own. */
  static final String EMPTY_PROFILE = "cordon-quarantine-profile";

  static final String POLICY_PREFIX = "cordon-deny-";

  static final String DENY_STEP_PREFIX = "deny-role-credentials:";

  static final String DENY_EXCEPT_AGENT_STEP_PREFIX = "deny-role-credentials-except-ssm-agent:";

  /**
   * Actions the SSM Agent calls to register, receive a Run Command and send its result, which the
   * deny excepts while memory is captured. They are the actions of the AWS managed policy
   * AmazonSSMManagedInstanceCore (version 2) without ssm:GetParameter, ssm:GetParameters,
   * ssm:DescribeAssociation and ssm:ListAssociations. The capture command needs none of those, and
   * the first two would let stolen credentials read parameters. ssm:DescribeInstanceProperties is
   * added because the Systems Manager user guide lists it among the agent's calls.
   */
  static final List<String> SSM_AGENT_ACTIONS = List.of(
      "ssm:UpdateInstanceInformation",
      "ssm:ListInstanceAssociations",
      "ssm:DescribeInstanceProperties",
      "ssm:DescribeDocument",
      "ssm:GetDocument",
      "ssm:UpdateInstanceAssociationStatus",
      "ssm:UpdateAssociationStatus",
      "ssm:PutInventory",
      "ssm:PutComplianceItems",
      "ssm:PutConfigurePackageResult",
      "ssm:GetManifest",
      "ssm:GetDeployablePatchSnapshotForInstance",
      "ec2messages:*",
      "ssmmessages:*");

  /** Attempts to use a just-created instance profile, which IAM takes seconds to propagate to EC2. */
  private static final int PROFILE_ATTEMPTS = 5;

  private CredentialSteps() {}

  /** Returns the deny of every action and the profile swap, or nothing when the instance has no profile. */
  static List<Step> all(String instanceProfileArn) {
    if (instanceProfileArn == null) {
      return List.of();
    }
    return List.of(new DenyRole(profileName(instanceProfileArn), false), new ReplaceProfile());
  }

  /**
   * Returns the deny that excepts the SSM Agent's actions, to run before a memory capture. Returns
   * nothing when the instance has no profile or the journal shows the deny of every action done,
   * because the exception would then reopen what an earlier run closed and no later step would
   * close it again.
   */
  static List<Step> beforeCapture(String instanceProfileArn, Map<String, JournalEntry> latest) {
    if (instanceProfileArn == null) {
      return List.of();
    }
    String profileName = profileName(instanceProfileArn);
    JournalEntry denied = latest.get(DENY_STEP_PREFIX + profileName);
    if (denied != null && denied.completes()) {
      return List.of();
    }
    return List.of(new DenyRole(profileName, true));
  }

  /** Returns the plan's note on what the deny excepts during a capture of at most {@code maxCapture}. */
  static String captureNote(Duration maxCapture) {
    return "Until the memory capture ends (at most " + maxCapture.toMinutes() + " min), the role deny excepts the"
        + " SSM Agent's actions " + SSM_AGENT_ACTIONS + ", because the agent signs with the instance's role"
        + " credentials. Every other request signed with them is denied from isolation on. Once the capture has"
        + " ended the deny covers every action and the instance profile is replaced, also after a failed capture,"
        + " so a retry may not reach the SSM Agent.";
  }

  /**
   * Puts the deny that excepts the SSM Agent's actions, or the deny of every action, on the role of
   * {@code profileName} unless the role already has it. The memory capture calls this to open
   * the exception again when it retries and to close it when it fails.
   */
  static void holdDeny(Run run, String profileName, boolean exceptSsmAgent) {
    DenyRole deny = new DenyRole(profileName, exceptSsmAgent);
    if (!deny.isDone(run)) {
      deny.apply(run);
    }
  }

  static String profileName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  static String policyName(String instanceId) {
    return POLICY_PREFIX + instanceId;
  }

  /** Returns the policy document that denies everything to credentials issued to the instance. */
  static String denyDocument(String instanceArn) {
    return denyDocument(instanceArn, false);
  }

  /**
   * Returns the policy document that denies credentials issued to the instance every action, or
   * with {@code exceptSsmAgent} every action but {@link #SSM_AGENT_ACTIONS}.
   */
  static String denyDocument(String instanceArn, boolean exceptSsmAgent) {
    ObjectNode document = Journal.MAPPER.createObjectNode().put("Version", "2012-10-17");
    ArrayNode statements = document.putArray("Statement");
    ObjectNode statement = statements.addObject()
        .put("Sid", "CordonDenyCredentialsOfContainedInstance")
        .put("Effect", "Deny");
    if (exceptSsmAgent) {
      SSM_AGENT_ACTIONS.forEach(statement.putArray("NotAction")::add);
    } else {
      statement.put("Action", "*");
    }
    statement.put("Resource", "*");
    statement.putObject("Condition").putObject("StringEquals").put("ec2:SourceInstanceARN", instanceArn);
    return document.toString();
  }

  /**
   * Returns the document of the instance's deny policy on {@code role}, or null when the role has
   * none. IAM returns the document URL-encoded.
   */
  static String denyPolicy(Run run, String stepName, String role) {
    try {
      String encoded = run.clients.iam().getRolePolicy(request -> request.roleName(role)
          .policyName(policyName(run.target.instanceId()))).policyDocument();
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (NoSuchEntityException e) {
      return null;
    } catch (AwsServiceException e) {
      throw AwsException.of(stepName, "GetRolePolicy", role, e);
    }
  }

  static String instanceArn(Run run) {
    return "arn:aws:ec2:" + run.region() + ":" + run.accountId + ":instance/" + run.target.instanceId();
  }

  /** Returns the role of an instance profile, or null when it has none. */
  static String roleOf(Run run, String profileName) {
    var roles = run.read("GetInstanceProfile", profileName, () -> run.clients.iam().getInstanceProfile(
        request -> request.instanceProfileName(profileName))).instanceProfile().roles();
    return roles.isEmpty() ? null : roles.get(0).roleName();
  }

  /**
   * Puts the instance's deny policy on the role of its profile: the deny of every action, or the
   * one that excepts the SSM Agent's actions for a memory capture. Both write the same policy, so
   * the deny of every action replaces the exception.
   */
  static final class DenyRole implements Step {
    @Override public boolean repeatable() {
      return true;
    }

    private final String profileName;
    private final boolean exceptSsmAgent;

    DenyRole(String profileName, boolean exceptSsmAgent) {
      this.profileName = profileName;
      this.exceptSsmAgent = exceptSsmAgent;
    }

    @Override public String name() {
      return (exceptSsmAgent ? DENY_EXCEPT_AGENT_STEP_PREFIX : DENY_STEP_PREFIX) + profileName;
    }

    @Override public String resource() {
      return profileName;
    }

    @Override public String description() {
      if (exceptSsmAgent) {
        return "Deny every request signed with this instance's role credentials except the SSM Agent's actions "
            + SSM_AGENT_ACTIONS + " until the memory capture ends (inline policy on the role of " + profileName
            + ", conditioned on ec2:SourceInstanceARN)";
      }
      return "Deny every request signed with this instance's role credentials (inline policy on the role of "
          + profileName + ", conditioned on ec2:SourceInstanceARN)";
    }

    /** Returns whether the profile has no role, or the role's deny policy is exactly this step's document. */
    @Override public boolean isDone(Run run) {
      String role = roleOf(run, profileName);
      if (role == null) {
        return true;
      }
      String found = denyPolicy(run, name(), role);
      return found != null && sameJson(found, denyDocument(instanceArn(run), exceptSsmAgent));
    }

    @Override public Map<String, String> apply(Run run) {
      String role = roleOf(run, profileName);
      String instanceId = run.target.instanceId();
      String document = denyDocument(instanceArn(run), exceptSsmAgent);
      run.change("PutRolePolicy", role, () -> run.clients.iam().putRolePolicy(request -> request
          .roleName(role).policyName(policyName(instanceId)).policyDocument(document)));
      return Map.of("roleName", role, "policyName", policyName(instanceId));
    }

    private static boolean sameJson(String found, String expected) {
      try {
        return Journal.MAPPER.readTree(found).equals(Journal.MAPPER.readTree(expected));
      } catch (JsonProcessingException e) {
        return false;
      }
    }
  }

  static final class ReplaceProfile extends InstanceStep {
    @Override public boolean repeatable() {
      return true;
    }

    @Override public String name() {
      return "replace-instance-profile";
    }

    @Override public String description() {
      return "Replace the instance profile association with " + EMPTY_PROFILE + ", which has no role";
    }

    @Override public boolean isDone(Run run) {
      IamInstanceProfileAssociation association = association(run);
      return association == null || association.iamInstanceProfile().arn().endsWith("/" + EMPTY_PROFILE);
    }

    @Override public Map<String, String> apply(Run run) {
      ensureEmptyProfile(run);
      IamInstanceProfileAssociation association = association(run);
      String replaced = replace(run, association.associationId(), EMPTY_PROFILE);
      return Map.of("associationId", replaced);
    }

    private static void ensureEmptyProfile(Run run) {
      try {
        run.clients.iam().getInstanceProfile(request -> request.instanceProfileName(EMPTY_PROFILE));
      } catch (NoSuchEntityException e) {
        run.change("CreateInstanceProfile", EMPTY_PROFILE, () -> run.clients.iam().createInstanceProfile(
            request -> request.instanceProfileName(EMPTY_PROFILE)));
      } catch (AwsServiceException e) {
        throw AwsException.of("replace-instance-profile", "GetInstanceProfile", EMPTY_PROFILE, e);
      }
    }
  }

  /** Returns the instance's current profile association, or null when it has none. */
  static IamInstanceProfileAssociation association(Run run) {
    String id = run.target.instanceId();
    List<IamInstanceProfileAssociation> associations = run.read("DescribeIamInstanceProfileAssociations", id,
        () -> run.ec2.describeIamInstanceProfileAssociations(request -> request.filters(
            Ec2Lookups.filter("instance-id", id), Ec2Lookups.filter("state", "associated", "associating"))))
        .iamInstanceProfileAssociations();
    return associations.isEmpty() ? null : associations.get(0);
  }

  /**
   * Replaces association {@code associationId} with profile {@code profileName} and returns the new
   * association ID. IAM takes a few seconds to make a new profile usable by EC2, which answers with
   * InvalidParameterValue until then, so that error is retried with backoff.
   */
  static String replace(Run run, String associationId, String profileName) {
    Duration pause = Duration.ofSeconds(1);
    for (int attempt = 1; ; attempt++) {
      try {
        return run.change("ReplaceIamInstanceProfileAssociation", associationId,
            () -> run.ec2.replaceIamInstanceProfileAssociation(request -> request.associationId(associationId)
                .iamInstanceProfile(profile -> profile.name(profileName))))
            .iamInstanceProfileAssociation().associationId();
      } catch (AwsException e) {
        if (!"InvalidParameterValue".equals(e.errorCode()) || attempt == PROFILE_ATTEMPTS) {
          throw e;
        }
      }
      try {
        run.sleeper.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CordonException("Interrupted while waiting for instance profile " + profileName + "; run again.");
      }
      pause = pause.multipliedBy(2);
    }
  }
}
