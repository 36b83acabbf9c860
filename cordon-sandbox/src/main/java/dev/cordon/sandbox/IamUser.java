package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;

/** An IAM user with its access keys. */
final class IamUser {
  String userName;
  String userId;
  String path = "/";
  String createDate;
  List<AccessKey> accessKeys = new ArrayList<>();

  /** A long-term access key; only its id and status are modelled, never a secret. */
  static final class AccessKey {
    String accessKeyId;
    /** {@code Active} or {@code Inactive}. */
    String status = "Active";
    String createDate;
  }

  String arn(String accountId) {
    return "arn:aws:iam::" + accountId + ":user" + path + userName;
  }
}
