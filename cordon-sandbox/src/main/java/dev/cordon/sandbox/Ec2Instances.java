package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * EC2 instance operations: DescribeInstances, ModifyInstanceAttribute, Stop, Terminate,
 * ModifyInstanceMetadataOptions and GetConsoleOutput.
 */
final class Ec2Instances {
  private Ec2Instances() {}

  private static Ec2Filters<Instance> filters(AccountState state) {
    return new Ec2Filters<Instance>(instance -> instance.tags)
        .single("instance-id", i -> i.instanceId)
        .single("instance-state-name", i -> i.state)
        .single("instance-state-code", i -> Instance.stateCode(i.state))
        .single("instance-type", i -> i.instanceType)
        .single("image-id", i -> i.imageId)
        .single("availability-zone", i -> i.availabilityZone)
        .single("vpc-id", i -> primary(state, i).map(eni -> eni.vpcId).orElse(null))
        .single("subnet-id", i -> primary(state, i).map(eni -> eni.subnetId).orElse(null))
        .single("private-ip-address", i -> primary(state, i).map(eni -> eni.privateIpAddress).orElse(null))
        .single("ip-address", i -> primary(state, i).map(eni -> eni.publicIp).orElse(null))
        .single("iam-instance-profile.arn", i -> i.iamInstanceProfile == null ? null : i.iamInstanceProfile.arn)
        .field("network-interface.network-interface-id", i -> interfaceIds(state, i))
        .field("network-interface.addresses.private-ip-address", i -> addresses(state, i))
        .field("instance.group-id", i -> groupIds(state, i))
        .field("block-device-mapping.volume-id", i -> volumeIds(state, i));
  }

  static String describe(Ec2Call call) {
    List<String> ids = call.params.list("InstanceId");
    if (!ids.isEmpty() && call.params.has("MaxResults")) {
      throw AwsError.badRequest(
          "InvalidParameterCombination",
          "The parameter instancesSet cannot be used with the parameter maxResults");
    }
    List<Instance> selected = ids.isEmpty() ? call.state.instances : require(call.state, ids);
    List<Instance> filtered = filters(call.state).apply(selected, call.params);
    call.checkDryRun();
    Pages.Page<Instance> page = Pages.page(filtered, call.params, 5, 1000);

    Xml xml = call.response();
    xml.start("reservationSet");
    String openReservation = null;
    for (Instance instance : page.items()) {
      if (!instance.reservationId.equals(openReservation)) {
        if (openReservation != null) {
          xml.end().end();
        }
        openReservation = instance.reservationId;
        xml.start("item")
            .text("reservationId", instance.reservationId)
            .text("ownerId", call.state.accountId);
        xml.start("groupSet").end();
        xml.start("instancesSet");
      }
      Ec2Writers.instance(xml, call.state, instance);
    }
    if (openReservation != null) {
      xml.end().end();
    }
    xml.end();
    xml.text("nextToken", page.nextToken());
    return xml.finish();
  }

  /**
   * Changes one attribute per call, as EC2 requires. Security groups set here apply to the
   * primary ENI and are rejected for an instance with several ENIs, where EC2 requires
   * ModifyNetworkInterfaceAttribute per interface instead.
   */
  static String modifyAttribute(Ec2Call call) {
    QueryParams params = call.params;
    Instance instance = require(call.state, params.require("InstanceId"));

    List<String> groupIds = params.list("GroupId");
    Boolean disableApiTermination = params.bool("DisableApiTermination.Value");
    String shutdownBehavior = params.get("InstanceInitiatedShutdownBehavior.Value");
    List<QueryParams> mappings = params.members("BlockDeviceMapping");
    String legacyAttribute = params.get("Attribute");
    if (legacyAttribute != null) {
      String value = params.require("Value");
      switch (legacyAttribute) {
        case "disableApiTermination":
          disableApiTermination = Boolean.valueOf(value);
          break;
        case "instanceInitiatedShutdownBehavior":
          shutdownBehavior = value;
          break;
        default:
          throw AwsError.invalidValue(
              "Attribute", legacyAttribute, "The sandbox supports disableApiTermination and instanceInitiatedShutdownBehavior here.");
      }
    }
    int changes = (groupIds.isEmpty() ? 0 : 1) + (disableApiTermination == null ? 0 : 1)
        + (shutdownBehavior == null ? 0 : 1) + (mappings.isEmpty() ? 0 : 1);
    if (changes == 0) {
      throw AwsError.badRequest(
          "UnsupportedOperation",
          "The sandbox supports only GroupId, DisableApiTermination,"
              + " InstanceInitiatedShutdownBehavior and BlockDeviceMapping in ModifyInstanceAttribute.");
    }
    if (changes > 1) {
      throw AwsError.badRequest(
          "InvalidParameterCombination",
          "Exactly one attribute must be modified per ModifyInstanceAttribute request.");
    }

    if (!groupIds.isEmpty()) {
      return modifyGroups(call, instance, groupIds);
    }
    if (disableApiTermination != null) {
      call.checkDryRun();
      instance.disableApiTermination = disableApiTermination;
      return call.returnTrue();
    }
    if (shutdownBehavior != null) {
      if (!shutdownBehavior.equals("stop") && !shutdownBehavior.equals("terminate")) {
        throw AwsError.invalidValue(
            "InstanceInitiatedShutdownBehavior", shutdownBehavior, "Expected stop or terminate.");
      }
      call.checkDryRun();
      instance.instanceInitiatedShutdownBehavior = shutdownBehavior;
      return call.returnTrue();
    }
    return modifyDeleteOnTermination(call, instance, mappings);
  }

  private static String modifyGroups(Ec2Call call, Instance instance, List<String> groupIds) {
    List<NetworkInterface> interfaces = call.state.interfacesOf(instance.instanceId);
    if (interfaces.size() > 1) {
      throw AwsError.badRequest(
          "InvalidInstanceID",
          "There are multiple interfaces attached to instance '"
              + instance.instanceId
              + "'. Please specify an interface ID for the operation instead.");
    }
    NetworkInterface primary = interfaces.get(0);
    List<String> checked = Ec2SecurityGroups.requireInVpc(call.state, groupIds, primary.vpcId);
    call.checkDryRun();
    primary.groupIds = checked;
    ConnectionTracking.afterSecurityGroupChange(call.state);
    return call.returnTrue();
  }

  private static String modifyDeleteOnTermination(
      Ec2Call call, Instance instance, List<QueryParams> mappings) {
    List<Volume> volumes = call.state.volumesOf(instance.instanceId);
    List<Runnable> updates = new ArrayList<>();
    for (QueryParams mapping : mappings) {
      String device = mapping.require("DeviceName");
      Boolean deleteOnTermination = mapping.bool("Ebs.DeleteOnTermination");
      if (deleteOnTermination == null) {
        throw AwsError.missingParameter("BlockDeviceMapping.Ebs.DeleteOnTermination");
      }
      Volume volume =
          volumes.stream()
              .filter(v -> v.attachment.device.equals(device))
              .findFirst()
              .orElseThrow(
                  () ->
                      AwsError.badRequest(
                          "InvalidInstanceAttributeValue",
                          "No device named '" + device + "' is mapped to " + instance.instanceId + "."));
      updates.add(() -> volume.attachment.deleteOnTermination = deleteOnTermination);
    }
    call.checkDryRun();
    updates.forEach(Runnable::run);
    return call.returnTrue();
  }

  /** Stops the instances; the SSM Agent on a stopped instance stops pinging, so its status turns ConnectionLost. */
  static String stop(Ec2Call call) {
    List<Instance> instances = requireIds(call);
    for (Instance instance : instances) {
      if (instance.state.equals("shutting-down") || instance.state.equals("terminated")) {
        throw AwsError.badRequest(
            "IncorrectInstanceState",
            "This instance '" + instance.instanceId + "' is not in a state from which it can be stopped.");
      }
    }
    call.checkDryRun();
    for (Instance instance : instances) {
      call.state.ssmInstances.stream().filter(managed -> managed.instanceId.equals(instance.instanceId))
          .forEach(managed -> managed.pingStatus = "ConnectionLost");
    }
    return stateChanges(call, instances, "stopping", "stopped");
  }

  /** Terminates the instances, or none of them when one has termination protection. */
  static String terminate(Ec2Call call) {
    List<Instance> instances = requireIds(call);
    for (Instance instance : instances) {
      if (instance.disableApiTermination && !instance.state.equals("terminated")) {
        throw AwsError.badRequest(
            "OperationNotPermitted",
            "The instance '"
                + instance.instanceId
                + "' may not be terminated. Modify its 'disableApiTermination' instance attribute"
                + " and try again.");
      }
    }
    call.checkDryRun();
    return stateChanges(call, instances, "shutting-down", "terminated");
  }

  private static String stateChanges(
      Ec2Call call, List<Instance> instances, String transitional, String target) {
    Xml xml = call.response();
    xml.start("instancesSet");
    for (Instance instance : instances) {
      String previous = instance.state;
      boolean settled =
          previous.equals(target) || previous.equals(transitional) || previous.equals("terminated");
      if (!settled) {
        instance.state = transitional;
        instance.stateTransitionReason =
            "User initiated (" + call.state.clockNow().toString() + ")";
        ConnectionTracking.afterInstanceStopped(call.state, instance.instanceId, transitional);
      }
      xml.start("item").text("instanceId", instance.instanceId);
      Ec2Writers.instanceState(xml, "currentState", instance.state);
      Ec2Writers.instanceState(xml, "previousState", previous);
      xml.end();
    }
    xml.end();
    return xml.finish();
  }

  /**
   * Changes the instance metadata service settings. The new options read {@code pending} in the
   * response and {@code applied} from then on, which is what a poller waits for in EC2.
   */
  static String modifyMetadataOptions(Ec2Call call) {
    QueryParams params = call.params;
    Instance instance = require(call.state, params.require("InstanceId"));
    String tokens = oneOf(params, "HttpTokens", "optional", "required");
    String endpoint = oneOf(params, "HttpEndpoint", "enabled", "disabled");
    String ipv6 = oneOf(params, "HttpProtocolIpv6", "enabled", "disabled");
    String tags = oneOf(params, "InstanceMetadataTags", "enabled", "disabled");
    Integer hopLimit = params.integer("HttpPutResponseHopLimit");
    if (hopLimit != null && (hopLimit < 1 || hopLimit > 64)) {
      throw AwsError.invalidValue("HttpPutResponseHopLimit", String.valueOf(hopLimit), "Expected a value from 1 to 64.");
    }
    if (instance.state.equals("terminated") || instance.state.equals("shutting-down")) {
      throw AwsError.badRequest(
          "IncorrectInstanceState", "The instance '" + instance.instanceId + "' is not in a valid state for this operation.");
    }
    call.checkDryRun();

    Instance.MetadataOptions options = instance.metadataOptions;
    options.httpTokens = tokens == null ? options.httpTokens : tokens;
    options.httpEndpoint = endpoint == null ? options.httpEndpoint : endpoint;
    options.httpProtocolIpv6 = ipv6 == null ? options.httpProtocolIpv6 : ipv6;
    options.instanceMetadataTags = tags == null ? options.instanceMetadataTags : tags;
    options.httpPutResponseHopLimit = hopLimit == null ? options.httpPutResponseHopLimit : hopLimit;
    Xml xml = call.response();
    xml.text("instanceId", instance.instanceId);
    Ec2Writers.metadataOptions(xml, "instanceMetadataOptions", instance, "pending");
    return xml.finish();
  }

  private static String oneOf(QueryParams params, String key, String first, String second) {
    String value = params.get(key);
    if (value != null && !value.equals(first) && !value.equals(second)) {
      throw AwsError.invalidValue(key, value, "Expected " + first + " or " + second + ".");
    }
    return value;
  }

  /** Returns the scenario's console text for the instance, base64-encoded as EC2 sends it. */
  /**
   * Returns one attribute, as AWS does: {@code disableApiTermination} or
   * {@code instanceInitiatedShutdownBehavior} (the attributes containment records and restores).
   */
  static String describeAttribute(Ec2Call call) {
    Instance instance = require(call.state, call.params.require("InstanceId"));
    String attribute = call.params.require("Attribute");
    String value = switch (attribute) {
      case "disableApiTermination" -> String.valueOf(instance.disableApiTermination);
      case "instanceInitiatedShutdownBehavior" -> instance.instanceInitiatedShutdownBehavior;
      default -> throw AwsError.invalidValue("Attribute", attribute,
          "The sandbox describes disableApiTermination and instanceInitiatedShutdownBehavior.");
    };
    call.checkDryRun();
    Xml xml = call.response();
    xml.text("instanceId", instance.instanceId).start(attribute).text("value", value).end();
    return xml.finish();
  }

  static String consoleOutput(Ec2Call call) {
    Instance instance = require(call.state, call.params.require("InstanceId"));
    call.checkDryRun();
    String text =
        instance.consoleOutput != null
            ? instance.consoleOutput
            : "[    0.000000] Linux version 6.1.0 (sandbox)\n" + instance.instanceId + " login:\n";
    Xml xml = call.response();
    xml.text("instanceId", instance.instanceId)
        .text("timestamp", call.state.clockNow().toString())
        .text("output", java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return xml.finish();
  }

  private static List<Instance> requireIds(Ec2Call call) {
    List<String> ids = call.params.list("InstanceId");
    if (ids.isEmpty()) {
      throw AwsError.missingParameter("InstanceId");
    }
    return require(call.state, ids);
  }

  static Instance require(AccountState state, String id) {
    return require(state, List.of(id)).get(0);
  }

  /** Returns the instances in request order, or fails with InvalidInstanceID.NotFound naming all missing ids. */
  static List<Instance> require(AccountState state, List<String> ids) {
    List<Instance> found = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    for (String id : ids) {
      state.instance(id).ifPresentOrElse(found::add, () -> missing.add(id));
    }
    if (!missing.isEmpty()) {
      String quoted = "'" + String.join("', '", missing) + "'";
      String verb = missing.size() == 1 ? "does" : "do";
      String noun = missing.size() == 1 ? "The instance ID " : "The instance IDs ";
      throw AwsError.badRequest("InvalidInstanceID.NotFound", noun + quoted + " " + verb + " not exist");
    }
    return found;
  }

  private static java.util.Optional<NetworkInterface> primary(AccountState state, Instance instance) {
    return state.interfacesOf(instance.instanceId).stream().findFirst();
  }

  private static List<String> interfaceIds(AccountState state, Instance instance) {
    return state.interfacesOf(instance.instanceId).stream().map(eni -> eni.networkInterfaceId).toList();
  }

  private static List<String> addresses(AccountState state, Instance instance) {
    List<String> all = new ArrayList<>();
    for (NetworkInterface eni : state.interfacesOf(instance.instanceId)) {
      all.add(eni.privateIpAddress);
      all.addAll(eni.secondaryPrivateIpAddresses);
    }
    return all;
  }

  private static List<String> groupIds(AccountState state, Instance instance) {
    return primary(state, instance).map(eni -> eni.groupIds).orElse(List.of());
  }

  private static List<String> volumeIds(AccountState state, Instance instance) {
    return state.volumesOf(instance.instanceId).stream().map(v -> v.volumeId).toList();
  }
}
