package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A VPC endpoint, such as the interface endpoint {@code com.amazonaws.us-east-1.ssm}. Interface
 * endpoints have security groups; gateway endpoints have route tables instead, which the sandbox
 * does not model.
 */
final class VpcEndpoint {
  String vpcEndpointId;
  String vpcId;
  String serviceName;
  /** Interface, Gateway or GatewayLoadBalancer. */
  String vpcEndpointType = "Interface";
  /** available, pending, deleting, failed and the other states EC2 reports, in lower case. */
  String state = "available";
  boolean privateDnsEnabled = true;
  List<String> subnetIds = new ArrayList<>();
  List<String> groupIds = new ArrayList<>();
  Map<String, String> tags = new LinkedHashMap<>();
}
