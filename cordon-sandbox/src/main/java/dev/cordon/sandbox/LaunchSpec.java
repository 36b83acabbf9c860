package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of an instance launch: those of RunInstances, or an Auto Scaling group's launch
 * template when the group replaces an instance.
 */
final class LaunchSpec {
  String launchTemplateId;
  String launchTemplateName;
  String version;
  String imageId;
  String instanceType;
  String keyName;
  /** ARN of the instance profile to associate, or null for none. */
  String iamInstanceProfileArn;
  String subnetId;
  List<String> groupIds = new ArrayList<>();
  Map<String, String> tags = new LinkedHashMap<>();
}
