package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An elastic network interface (ENI) with its security groups and addresses. */
final class NetworkInterface {
  String networkInterfaceId;
  String subnetId;
  String vpcId;
  String availabilityZone;
  String description = "";
  String interfaceType = "interface";
  String macAddress;
  String privateIpAddress;
  List<String> secondaryPrivateIpAddresses = new ArrayList<>();
  /** Public IPv4 address associated with the primary private address, or null. */
  String publicIp;
  boolean sourceDestCheck = true;
  String status = "in-use";
  List<String> groupIds = new ArrayList<>();
  Attachment attachment;
  Map<String, String> tags = new LinkedHashMap<>();

  /** The ENI's attachment to an instance. */
  static final class Attachment {
    String attachmentId;
    String instanceId;
    int deviceIndex;
    boolean deleteOnTermination;
    String attachTime;
  }
}
