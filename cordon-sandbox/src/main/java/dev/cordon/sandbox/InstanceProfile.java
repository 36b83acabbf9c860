package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An IAM instance profile: the container that passes a role to EC2 instances. */
final class InstanceProfile {
  String instanceProfileName;
  String instanceProfileId;
  String path = "/";
  String createDate;
  /** Names of the roles in the profile; IAM allows at most one. */
  List<String> roleNames = new ArrayList<>();
  Map<String, String> tags = new LinkedHashMap<>();

  String arn(String accountId) {
    return "arn:aws:iam::" + accountId + ":instance-profile" + path + instanceProfileName;
  }
}
