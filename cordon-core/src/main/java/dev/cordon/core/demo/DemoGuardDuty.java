package dev.cordon.core.demo;

import static dev.cordon.core.demo.DemoDataset.ACCOUNT_ID;
import static dev.cordon.core.demo.DemoDataset.REGION;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the GuardDuty finding as EventBridge delivers it: an event with {@code detail-type}
 * "GuardDuty Finding" whose {@code detail} is the finding, here an outbound connection from the
 * instance to an address on the custom threat list "CustomC2List".
 */
final class DemoGuardDuty {
  private static final String FINDING_TYPE = DemoDataset.FINDING_TYPE;
  private static final String THREAT_LIST = DemoDataset.THREAT_LIST_NAME;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private DemoGuardDuty() {}

  static Path write(Path directory, SplittableRandom random) throws IOException {
    String detectorId = DemoFiles.hex(random, 32);
    String findingId = DemoFiles.hex(random, 32);
    String created = DemoDataset.FINDING_CREATED_AT.toString();

    ObjectNode event = NODES.objectNode();
    event.put("version", "0");
    event.put("id", DemoFiles.uuid(random));
    event.put("detail-type", "GuardDuty Finding");
    event.put("source", "aws.guardduty");
    event.put("account", ACCOUNT_ID);
    event.put("time", created);
    event.put("region", REGION);
    event.putArray("resources");

    ObjectNode detail = event.putObject("detail");
    detail.put("schemaVersion", "2.0");
    detail.put("accountId", ACCOUNT_ID);
    detail.put("region", REGION);
    detail.put("partition", "aws");
    detail.put("id", findingId);
    detail.put("arn", "arn:aws:guardduty:" + REGION + ":" + ACCOUNT_ID + ":detector/" + detectorId
        + "/finding/" + findingId);
    detail.put("type", FINDING_TYPE);
    ObjectNode resource = detail.putObject("resource");
    resource.put("resourceType", "Instance");
    resource.set("instanceDetails", instanceDetails());
    detail.set("service", service(detectorId, created));
    detail.put("severity", 5.0);
    detail.put("createdAt", created);
    detail.put("updatedAt", created);
    detail.put("title", "EC2 instance " + DemoDataset.INSTANCE_ID + " is communicating with a disallowed IP address.");
    detail.put("description", "EC2 instance " + DemoDataset.INSTANCE_ID + " is communicating outbound with a"
        + " disallowed IP address " + DemoDataset.C2_ADDRESS + " on the custom threat list " + THREAT_LIST + ".");

    Path file = directory.resolve("guardduty-finding-" + findingId + ".json");
    DemoFiles.write(file, DemoCloudTrail.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(event), false);
    return file;
  }

  private static ObjectNode instanceDetails() {
    ObjectNode details = NODES.objectNode();
    details.put("instanceId", DemoDataset.INSTANCE_ID);
    details.put("instanceType", "m6i.large");
    details.put("launchTime", "2023-11-02T14:21:09.000Z");
    details.put("platform", (String) null);
    details.putArray("productCodes");
    details.putObject("iamInstanceProfile").put("arn", DemoDataset.INSTANCE_PROFILE_ARN)
        .put("id", "AIPAY34FZKBOJ6VX2QW3R");
    ArrayNode interfaces = details.putArray("networkInterfaces");
    ObjectNode primary = networkInterface(interfaces, DemoDataset.PRIMARY_ENI, DemoDataset.PRIMARY_ADDRESS,
        DemoDataset.SUBNET_ID);
    privateAddress(primary, DemoDataset.SECONDARY_ADDRESS);
    primary.put("publicIp", DemoDataset.PUBLIC_ADDRESS);
    primary.put("publicDnsName", "ec2-198-51-100-20.compute-1.amazonaws.com");
    primary.putArray("ipv6Addresses");
    ObjectNode second = networkInterface(interfaces, DemoDataset.SECONDARY_ENI, DemoDataset.SECOND_ENI_ADDRESS,
        DemoDataset.SECOND_ENI_SUBNET_ID);
    second.putArray("ipv6Addresses").add(DemoDataset.SECOND_ENI_IPV6_ADDRESS);
    ArrayNode tags = details.putArray("tags");
    tags.addObject().put("key", "Name").put("value", DemoDataset.INSTANCE_NAME);
    tags.addObject().put("key", "service").put("value", "order-service");
    tags.addObject().put("key", "environment").put("value", "prod");
    details.put("instanceState", "running");
    details.put("availabilityZone", DemoDataset.AVAILABILITY_ZONE);
    details.put("imageId", "ami-0c7217cdde317cfec");
    details.put("imageDescription", "Amazon Linux 2 Kernel 5.10 AMI 2.0.20231218.0 x86_64 HVM gp2");
    return details;
  }

  /** Adds an ENI with its primary private address first in privateIpAddresses, as EC2 lists them. */
  private static ObjectNode networkInterface(ArrayNode interfaces, String eni, String address, String subnet) {
    ObjectNode entry = interfaces.addObject();
    entry.put("networkInterfaceId", eni);
    entry.put("privateDnsName", dnsName(address));
    entry.put("privateIpAddress", address);
    entry.putArray("privateIpAddresses");
    privateAddress(entry, address);
    entry.putArray("securityGroups").addObject().put("groupName", "order-service-sg")
        .put("groupId", "sg-0a1b2c3d4e5f60011");
    entry.put("subnetId", subnet);
    entry.put("vpcId", DemoDataset.VPC_ID);
    return entry;
  }

  private static void privateAddress(ObjectNode entry, String address) {
    ((ArrayNode) entry.get("privateIpAddresses")).addObject().put("privateDnsName", dnsName(address))
        .put("privateIpAddress", address);
  }

  private static String dnsName(String address) {
    return "ip-" + address.replace('.', '-') + ".ec2.internal";
  }

  private static ObjectNode service(String detectorId, String created) {
    ObjectNode service = NODES.objectNode();
    service.put("serviceName", "guardduty");
    service.put("detectorId", detectorId);
    ObjectNode action = service.putObject("action");
    action.put("actionType", "NETWORK_CONNECTION");
    ObjectNode connection = action.putObject("networkConnectionAction");
    connection.put("connectionDirection", "OUTBOUND");
    connection.putObject("localIpDetails").put("ipAddressV4", DemoDataset.PRIMARY_ADDRESS);
    ObjectNode remote = connection.putObject("remoteIpDetails");
    remote.put("ipAddressV4", DemoDataset.C2_ADDRESS);
    remote.putObject("organization").put("asn", "64500").put("asnOrg", "Example Hosting Ltd")
        .put("isp", "Example Hosting Ltd").put("org", "Example Hosting Ltd");
    remote.putObject("country").put("countryName", "Netherlands");
    remote.putObject("city").put("cityName", "Amsterdam");
    remote.putObject("geoLocation").put("lat", 52.3759).put("lon", 4.8975);
    connection.putObject("remotePortDetails").put("port", DemoDataset.C2_PORT).put("portName", "HTTPS");
    connection.putObject("localPortDetails").put("port", 49152).put("portName", "Unknown");
    connection.put("protocol", "TCP");
    connection.put("blocked", false);
    service.put("resourceRole", "ACTOR");
    service.putObject("additionalInfo").put("threatListName", THREAT_LIST).put("threatName", "Customer Threat Intel");
    service.putObject("evidence").putArray("threatIntelligenceDetails").addObject()
        .put("threatListName", THREAT_LIST).putArray("threatNames").add("Customer Threat Intel");
    service.put("eventFirstSeen", "2024-01-14T03:01:09.000Z");
    service.put("eventLastSeen", created);
    service.put("archived", false);
    service.put("count", 289);
    return service;
  }
}
