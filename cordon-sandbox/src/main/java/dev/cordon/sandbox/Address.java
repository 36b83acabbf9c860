package dev.cordon.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Elastic IP address. While associated, the ENI's {@code publicIp} contains the same address, so
 * instance and interface descriptions show it.
 */
final class Address {
  String publicIp;
  String allocationId;
  String domain = "vpc";
  /** Association fields; all null while the address is not associated. */
  String associationId;
  String networkInterfaceId;
  String instanceId;
  String privateIpAddress;
  Map<String, String> tags = new LinkedHashMap<>();
}
