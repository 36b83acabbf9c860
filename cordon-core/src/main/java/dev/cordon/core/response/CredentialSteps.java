package dev.cordon.core.response;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.aws.AwsException;
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
 */
final class CredentialSteps {
  /** Instance profile without a role that replaces the instance's own. */
  static final String EMPTY_PROFILE = "cordon-quarantine-profile";

  static final String POLICY_PREFIX = "cordon-deny-";

  /** Attempts to use a just-created instance profile, which IAM takes seconds to propagate to EC2. */
  private static final int PROFILE_ATTEMPTS = 5;

  private CredentialSteps() {}

  static List<Step> all(String instanceProfileArn) {
    if (instanceProfileArn == null) {
      return List.of();
    }
    return List.of(new DenyRole(profileName(instanceProfileArn)), new ReplaceProfile());
  }

  static String profileName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  static String policyName(String instanceId) {
    return POLICY_PREFIX + instanceId;
  }

  /** Returns the policy document that denies everything to credentials issued to the instance. */
  static String denyDocument(String instanceArn) {
    ObjectNode document = Journal.MAPPER.createObjectNode().put("Version", "2012-10-17");
    ArrayNode statements = document.putArray("Statement");
    ObjectNode statement = statements.addObject()
        .put("Sid", "CordonDenyCredentialsOfContainedInstance")
        .put("Effect", "Deny")
        .put("Action", "*")
        .put("Resource", "*");
    statement.putObject("Condition").putObject("StringEquals").put("ec2:SourceInstanceARN", instanceArn);
    return document.toString();
  }

  /** Returns the role of an instance profile, or null when it has none. */
  static String roleOf(Run run, String profileName) {
    var roles = run.read("GetInstanceProfile", profileName, () -> run.clients.iam().getInstanceProfile(
        request -> request.instanceProfileName(profileName))).instanceProfile().roles();
    return roles.isEmpty() ? null : roles.get(0).roleName();
  }

  static final class DenyRole implements Step {
    @Override public boolean repeatable() {
      return true;
    }

    private final String profileName;

    DenyRole(String profileName) {
      this.profileName = profileName;
    }

    @Override public String name() {
      return "deny-role-credentials:" + profileName;
    }

    @Override public String resource() {
      return profileName;
    }

    @Override public String description() {
      return "Deny every request signed with this instance's role credentials (inline policy on the role of "
          + profileName + ", conditioned on ec2:SourceInstanceARN)";
    }

    @Override public boolean isDone(Run run) {
      String role = roleOf(run, profileName);
      if (role == null) {
        return true;
      }
      try {
        run.clients.iam().getRolePolicy(request -> request.roleName(role)
            .policyName(policyName(run.target.instanceId())));
        return true;
      } catch (NoSuchEntityException e) {
        return false;
      } catch (AwsServiceException e) {
        throw AwsException.of(name(), "GetRolePolicy", role, e);
      }
    }

    @Override public Map<String, String> apply(Run run) {
      String role = roleOf(run, profileName);
      String instanceId = run.target.instanceId();
      String instanceArn = "arn:aws:ec2:" + run.region() + ":" + run.accountId + ":instance/" + instanceId;
      run.change("PutRolePolicy", role, () -> run.clients.iam().putRolePolicy(request -> request
          .roleName(role).policyName(policyName(instanceId)).policyDocument(denyDocument(instanceArn))));
      return Map.of("roleName", role, "policyName", policyName(instanceId));
    }
  }

  static final class ReplaceProfile implements Step {
    @Override public boolean repeatable() {
      return true;
    }

    @Override public String name() {
      return "replace-instance-profile";
    }

    @Override public String resource() {
      return "";
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
