package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DescribeVpcEndpoints and DescribeInstanceTypes. */
final class Ec2Endpoints {
  private Ec2Endpoints() {}

  private static Ec2Filters<VpcEndpoint> endpointFilters() {
    return new Ec2Filters<VpcEndpoint>(endpoint -> endpoint.tags)
        .single("vpc-id", e -> e.vpcId)
        .single("vpc-endpoint-id", e -> e.vpcEndpointId)
        .single("service-name", e -> e.serviceName)
        .single("vpc-endpoint-type", e -> e.vpcEndpointType)
        .single("vpc-endpoint-state", e -> e.state);
  }

  static String describeVpcEndpoints(Ec2Call call) {
    List<String> ids = call.params.list("VpcEndpointId");
    List<VpcEndpoint> selected = new ArrayList<>();
    for (String id : ids) {
      selected.add(call.state.vpcEndpoints.stream().filter(e -> e.vpcEndpointId.equals(id)).findFirst()
          .orElseThrow(() -> AwsError.badRequest("InvalidVpcEndpointId.NotFound",
              "The Vpc Endpoint Id '" + id + "' does not exist")));
    }
    List<VpcEndpoint> endpoints = endpointFilters().apply(ids.isEmpty() ? call.state.vpcEndpoints : selected, call.params);
    return call.describePage(endpoints, "vpcEndpointSet", 5, 1000, (xml, endpoint) -> {
      xml.start("item")
          .text("vpcEndpointId", endpoint.vpcEndpointId)
          .text("vpcEndpointType", endpoint.vpcEndpointType)
          .text("vpcId", endpoint.vpcId)
          .text("serviceName", endpoint.serviceName)
          .text("state", endpoint.state)
          .text("privateDnsEnabled", endpoint.privateDnsEnabled);
      xml.start("subnetIdSet");
      endpoint.subnetIds.forEach(subnet -> xml.text("item", subnet));
      xml.end();
      xml.start("groupSet");
      for (String groupId : endpoint.groupIds) {
        String name = call.state.securityGroup(groupId).map(g -> g.groupName).orElse(null);
        xml.start("item").text("groupId", groupId).text("groupName", name).end();
      }
      xml.end();
      Ec2Writers.tags(xml, endpoint.tags);
      xml.end();
    });
  }

  /** Serves the scenario's instance types over the built-in ones; an unknown type is an error. */
  static String describeInstanceTypes(Ec2Call call) {
    Map<String, InstanceTypeInfo> known = new LinkedHashMap<>();
    InstanceTypeInfo.BUILT_IN.forEach(type -> known.put(type.instanceType, type));
    call.state.instanceTypes.forEach(type -> known.put(type.instanceType, type));
    List<String> requested = call.params.list("InstanceType");
    List<InstanceTypeInfo> selected = new ArrayList<>();
    for (String name : requested) {
      InstanceTypeInfo type = known.get(name);
      if (type == null) {
        throw AwsError.invalidValue("InstanceType", name, "The sandbox knows " + known.keySet() + ".");
      }
      selected.add(type);
    }
    List<InstanceTypeInfo> types = requested.isEmpty() ? new ArrayList<>(known.values()) : selected;
    return call.describePage(types, "instanceTypeSet", 5, 100, (xml, type) -> {
      xml.start("item").text("instanceType", type.instanceType)
          .text("instanceStorageSupported", type.instanceStorageGb > 0);
      xml.start("memoryInfo").text("sizeInMiB", type.memoryMiB).end();
      if (type.instanceStorageGb > 0) {
        xml.start("instanceStorageInfo").text("totalSizeInGB", type.instanceStorageGb)
            .start("disks").start("item").text("sizeInGB", type.instanceStorageGb).text("count", 1)
            .text("type", "ssd").end().end()
            .text("nvmeSupport", "required").end();
      }
      xml.end();
    });
  }
}
