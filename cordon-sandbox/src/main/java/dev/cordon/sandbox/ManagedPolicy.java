package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;

/** An IAM managed policy, customer or AWS managed, with its versions. */
final class ManagedPolicy {
  String arn;
  String policyName;
  String policyId;
  String path = "/";
  String description;
  String createDate;
  String updateDate;
  String defaultVersionId = "v1";
  List<Version> versions = new ArrayList<>();

  /** One version of the policy document, stored as plain JSON text. */
  static final class Version {
    String versionId;
    String document;
    String createDate;
  }
}
