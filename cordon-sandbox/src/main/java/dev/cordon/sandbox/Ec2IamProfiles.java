package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * IAM instance profile associations: Describe, Replace and Disassociate. An association is the
 * {@link Instance#iamInstanceProfile} of an instance; replacing it gives a new association id, as
 * EC2 does, and settles at once to {@code associated}.
 */
final class Ec2IamProfiles {
  private Ec2IamProfiles() {}

  /** One association as EC2 reports it. */
  private record Association(Instance instance, String state) {}

  private static Ec2Filters<Association> filters() {
    return new Ec2Filters<Association>(a -> a.instance().tags)
        .single("instance-id", a -> a.instance().instanceId)
        .single("state", Association::state);
  }

  static String describe(Ec2Call call) {
    List<String> ids = call.params.list("AssociationId");
    List<Association> selected = new ArrayList<>();
    if (ids.isEmpty()) {
      for (Instance instance : call.state.instances) {
        if (instance.iamInstanceProfile != null && !instance.state.equals("terminated")) {
          selected.add(new Association(instance, "associated"));
        }
      }
    } else {
      ids.forEach(id -> selected.add(new Association(require(call.state, id), "associated")));
    }
    List<Association> filtered = filters().apply(selected, call.params);
    return call.describePage(
        filtered, "iamInstanceProfileAssociationSet", 5, 1000,
        (xml, a) -> association(xml, "item", a.instance(), a.state()));
  }

  /** Swaps the profile of an association, the way to give a suspect instance a deny-all role. */
  static String replace(Ec2Call call) {
    Instance instance = require(call.state, call.params.require("AssociationId"));
    String arn = profileArn(call.state, call.params.child("IamInstanceProfile"));
    if (arn == null) {
      throw AwsError.missingParameter("IamInstanceProfile");
    }
    call.checkDryRun();
    instance.iamInstanceProfile = association(call.state, arn);
    Xml xml = call.response();
    association(xml, "iamInstanceProfileAssociation", instance, "associating");
    return xml.finish();
  }

  static String disassociate(Ec2Call call) {
    Instance instance = require(call.state, call.params.require("AssociationId"));
    call.checkDryRun();
    Xml xml = call.response();
    association(xml, "iamInstanceProfileAssociation", instance, "disassociating");
    instance.iamInstanceProfile = null;
    return xml.finish();
  }

  /**
   * Returns the ARN of the profile that {@code IamInstanceProfile.Arn} or {@code .Name} names, or
   * null when neither is set.
   *
   * @throws AwsError InvalidParameterValue when no such profile exists in the account
   */
  static String profileArn(AccountState state, QueryParams profile) {
    String arn = profile.get("Arn");
    String name = profile.get("Name");
    if (arn != null) {
      return state.instanceProfileByArn(arn)
          .map(p -> p.arn(state.accountId))
          .orElseThrow(() -> invalidProfile("arn", arn));
    }
    if (name != null) {
      return state.instanceProfile(name)
          .map(p -> p.arn(state.accountId))
          .orElseThrow(() -> invalidProfile("name", name));
    }
    return null;
  }

  private static AwsError invalidProfile(String field, String value) {
    return AwsError.badRequest(
        "InvalidParameterValue",
        "Value (" + value + ") for parameter iamInstanceProfile." + field + " is invalid. Invalid IAM Instance Profile " + field);
  }

  /** Returns a new association of the existing profile {@code arn}. */
  static Instance.IamProfile association(AccountState state, String arn) {
    Instance.IamProfile association = new Instance.IamProfile();
    association.arn = arn;
    association.id = state.instanceProfileByArn(arn).map(p -> p.instanceProfileId).orElse(null);
    association.associationId = state.nextId("iip-assoc");
    return association;
  }

  private static Instance require(AccountState state, String associationId) {
    return state.instances.stream()
        .filter(i -> i.iamInstanceProfile != null && associationId.equals(i.iamInstanceProfile.associationId))
        .findFirst()
        .orElseThrow(
            () -> AwsError.badRequest(
                "InvalidAssociationID.NotFound", "An association with ID '" + associationId + "' does not exist."));
  }

  private static void association(Xml xml, String element, Instance instance, String state) {
    xml.start(element)
        .text("associationId", instance.iamInstanceProfile.associationId)
        .text("instanceId", instance.instanceId);
    xml.start("iamInstanceProfile")
        .text("arn", instance.iamInstanceProfile.arn)
        .text("id", instance.iamInstanceProfile.id)
        .end();
    xml.text("state", state).end();
  }
}
