package dev.cordon.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** A subnet; its network ACL is the one whose {@code subnetIds} name it. */
final class Subnet {
  String subnetId;
  String vpcId;
  String cidrBlock;
  String availabilityZone;
  Map<String, String> tags = new LinkedHashMap<>();
}
