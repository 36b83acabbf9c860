package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An Auto Scaling group, its members and the template it launches replacements from. */
final class AutoScalingGroup {
  String autoScalingGroupName;
  String autoScalingGroupArn;
  int minSize;
  int maxSize;
  int desiredCapacity;
  int defaultCooldown = 300;
  String healthCheckType = "ELB";
  int healthCheckGracePeriod = 300;
  String createdTime;
  List<String> availabilityZones = new ArrayList<>();
  List<String> subnetIds = new ArrayList<>();
  List<String> targetGroupArns = new ArrayList<>();
  LaunchSpec launchTemplate = new LaunchSpec();
  List<Member> instances = new ArrayList<>();
  /** Group tags, all propagated to the instances the group launches. */
  Map<String, String> tags = new LinkedHashMap<>();

  /** One instance of the group. */
  static final class Member {
    String instanceId;
    String availabilityZone;
    /** InService, Standby, Pending, Terminating and the other Auto Scaling lifecycle states. */
    String lifecycleState = "InService";
    String healthStatus = "Healthy";
    boolean protectedFromScaleIn;
  }
}
