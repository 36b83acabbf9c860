package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One CloudTrail management event. LookupEvents builds both its summary fields and the
 * {@code CloudTrailEvent} record text from these fields.
 */
final class TrailEvent {
  String eventId;
  Instant eventTime;
  String eventName;
  /** Service host name, for example {@code iam.amazonaws.com}. */
  String eventSource;
  String username;
  String accessKeyId;
  boolean readOnly;
  String sourceIpAddress;
  String userAgent;
  /** CloudTrail's {@code userIdentity} object, stored as the record has it. */
  JsonNode userIdentity;
  JsonNode requestParameters;
  JsonNode responseElements;
  /** The error code of a failed call, or null. */
  String errorCode;
  List<Resource> resources = new ArrayList<>();

  /** A resource the event names, as LookupEvents lists it. */
  static final class Resource {
    /** CloudFormation-style type, for example {@code AWS::IAM::User}. */
    String resourceType;
    String resourceName;
  }
}
