package dev.cordon.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** A VPC of the sandbox account. */
final class Vpc {
  String vpcId;
  String cidrBlock;
  boolean isDefault;
  Map<String, String> tags = new LinkedHashMap<>();
}
