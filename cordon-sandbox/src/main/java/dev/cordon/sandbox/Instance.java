package dev.cordon.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An EC2 instance. Its ENIs and volumes point back to it, so network and storage details are
 * stored there. The security groups EC2 reports for the instance are those of its primary ENI.
 */
final class Instance {
  String instanceId;
  String imageId;
  String instanceType;
  String availabilityZone;
  String launchTime;
  /** One of pending, running, stopping, stopped, shutting-down, terminated. */
  String state;
  String stateTransitionReason = "";
  String keyName;
  String rootDeviceName = "/dev/xvda";
  boolean disableApiTermination;
  /** {@code stop} or {@code terminate}: what an operating-system shutdown does. */
  String instanceInitiatedShutdownBehavior = "stop";
  IamProfile iamInstanceProfile;
  String reservationId;
  MetadataOptions metadataOptions = new MetadataOptions();
  /** Serial console text, stored plain; GetConsoleOutput returns it base64-encoded. */
  String consoleOutput;
  Map<String, String> tags = new LinkedHashMap<>();

  /** The IAM instance profile association. */
  static final class IamProfile {
    String arn;
    String id;
    String associationId;
  }

  /** Instance metadata service settings, as ModifyInstanceMetadataOptions sets them. */
  static final class MetadataOptions {
    /** {@code optional} allows IMDSv1; {@code required} demands IMDSv2 session tokens. */
    String httpTokens = "optional";
    int httpPutResponseHopLimit = 1;
    String httpEndpoint = "enabled";
    String httpProtocolIpv6 = "disabled";
    String instanceMetadataTags = "disabled";
  }

  /** Returns the EC2 numeric code of {@link #state}, as the API reports it. */
  static int stateCode(String state) {
    switch (state) {
      case "pending":
        return 0;
      case "running":
        return 16;
      case "shutting-down":
        return 32;
      case "terminated":
        return 48;
      case "stopping":
        return 64;
      case "stopped":
        return 80;
      default:
        throw new IllegalArgumentException("Invalid instance state '" + state + "'");
    }
  }
}
