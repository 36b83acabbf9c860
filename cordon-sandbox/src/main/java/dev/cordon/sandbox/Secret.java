package dev.cordon.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Secrets Manager secret's metadata. The sandbox stores no secret value. */
final class Secret {
  String name;
  /** Full ARN, ending in the six random characters Secrets Manager appends to the name. */
  String arn;
  String description;
  String kmsKeyId;
  boolean rotationEnabled;
  /** ARN of the rotation function; null when rotation was never configured. */
  String rotationLambdaArn;
  Integer rotationDays;
  Instant createdDate;
  Instant lastChangedDate;
  Instant lastRotatedDate;
  Instant lastAccessedDate;
  Map<String, String> tags = new LinkedHashMap<>();
  /** Version ids with their staging labels, for example AWSCURRENT. */
  Map<String, List<String>> versionIdsToStages = new LinkedHashMap<>();
  /** Rotations requested through RotateSecret, in order; none is ever run. */
  List<Rotation> rotations = new ArrayList<>();

  /** One RotateSecret call. */
  static final class Rotation {
    String versionId;
    Instant requestedAt;
  }
}
