package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM role with its trust policy, inline policies and attached managed policies. Policy
 * documents are stored as plain JSON text; IAM returns them URL-encoded on the wire.
 */
final class IamRole {
  String roleName;
  String roleId;
  String path = "/";
  String description;
  String createDate;
  /** Maximum session duration AssumeRole grants for this role, in seconds (IAM allows 3600 to 43200). */
  int maxSessionDuration = 3600;
  String assumeRolePolicyDocument;
  /** Inline policies by name, in the order they were put. */
  Map<String, String> inlinePolicies = new LinkedHashMap<>();
  List<String> attachedPolicyArns = new ArrayList<>();
  Map<String, String> tags = new LinkedHashMap<>();

  String arn(String accountId) {
    return "arn:aws:iam::" + accountId + ":role" + path + roleName;
  }
}
