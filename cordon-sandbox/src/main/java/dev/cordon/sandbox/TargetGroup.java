package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;

/** An ELBv2 target group with its registered targets and their health. */
final class TargetGroup {
  String targetGroupArn;
  String targetGroupName;
  String protocol = "HTTP";
  int port;
  String vpcId;
  String targetType = "instance";
  String healthCheckPath = "/health";
  int healthCheckIntervalSeconds = 30;
  int healthCheckTimeoutSeconds = 5;
  int healthyThresholdCount = 5;
  int unhealthyThresholdCount = 2;
  List<String> loadBalancerArns = new ArrayList<>();
  List<Target> targets = new ArrayList<>();

  /** A registered target and its health state. */
  static final class Target {
    String id;
    int port;
    /** initial, healthy, unhealthy or draining. */
    String state = "healthy";
    /**
     * DescribeTargetHealth calls that still show a transitional state (initial or draining)
     * before it settles: initial becomes healthy, a draining target is removed.
     */
    int describesLeft;
  }
}
