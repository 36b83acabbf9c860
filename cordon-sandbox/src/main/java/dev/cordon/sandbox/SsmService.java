package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * AWS Systems Manager over JSON 1.1: DescribeInstanceInformation, SendCommand,
 * GetCommandInvocation, CancelCommand, and UpdateInstanceInformation, the agent's heartbeat. Commands are recorded in the state; only Cordon's
 * memory capture script is carried out, by {@link SsmAgent}.
 */
final class SsmService extends JsonProtocolService {
  private static final int MAX_INSTANCE_RESULTS = 50;

  /** GetCommandInvocation returns at most this many characters of stdout and of stderr. */
  private static final int MAX_OUTPUT_CHARS = 24_000;

  private static final int MAX_ERROR_CHARS = 8_000;

  SsmService() {
    super("ssm", "AmazonSSM", "1.1");
    register("DescribeInstanceInformation", SsmService::describeInstanceInformation);
    register("SendCommand", SsmService::sendCommand);
    register("GetCommandInvocation", SsmService::getCommandInvocation);
    register("CancelCommand", SsmService::cancelCommand);
    register("UpdateInstanceInformation", SsmService::updateInstanceInformation);
  }

  private static ObjectNode describeInstanceInformation(JsonCall call) {
    List<String> instanceIds = instanceIdFilter(call);
    List<SsmModel.ManagedInstance> matches = new ArrayList<>();
    for (SsmModel.ManagedInstance instance : call.state.ssmInstances) {
      if (instanceIds.isEmpty() || instanceIds.contains(instance.instanceId)) {
        matches.add(instance);
      }
    }
    Integer limit = call.integer("MaxResults");
    if (limit != null && (limit < 5 || limit > MAX_INSTANCE_RESULTS)) {
      throw AwsError.badRequest("ValidationException", "MaxResults must be from 5 to 50, not " + limit + ".");
    }
    Pages.Page<SsmModel.ManagedInstance> page =
        JsonPages.page(matches, call, "MaxResults", "NextToken", MAX_INSTANCE_RESULTS, "InvalidNextToken");

    ObjectNode output = JsonCall.output();
    ArrayNode list = output.putArray("InstanceInformationList");
    for (SsmModel.ManagedInstance instance : page.items()) {
      ObjectNode node = list.addObject();
      node.put("InstanceId", instance.instanceId);
      node.put("PingStatus", instance.pingStatus);
      JsonCall.putTimestamp(node, "LastPingDateTime", instance.lastPingDateTime);
      node.put("AgentVersion", instance.agentVersion);
      node.put("IsLatestVersion", true);
      node.put("PlatformType", instance.platformType);
      node.put("PlatformName", instance.platformName);
      node.put("PlatformVersion", instance.platformVersion);
      node.put("ResourceType", "EC2Instance");
      node.put("IPAddress", instance.ipAddress);
      node.put("ComputerName", instance.computerName);
    }
    if (page.nextToken() != null) {
      output.put("NextToken", page.nextToken());
    }
    return output;
  }

  /** Reads the InstanceIds key of either filter list; other keys are rejected. */
  private static List<String> instanceIdFilter(JsonCall call) {
    List<String> ids = new ArrayList<>();
    for (JsonNode filter : call.input.path("Filters")) {
      requireInstanceIdsKey(filter.path("Key").asText());
      filter.path("Values").forEach(v -> ids.add(v.asText()));
    }
    for (JsonNode filter : call.input.path("InstanceInformationFilterList")) {
      requireInstanceIdsKey(filter.path("key").asText());
      filter.path("valueSet").forEach(v -> ids.add(v.asText()));
    }
    return ids;
  }

  private static void requireInstanceIdsKey(String key) {
    if (!key.equals("InstanceIds")) {
      throw AwsError.badRequest(
          "InvalidInstanceInformationFilterValue", "Unsupported filter key '" + key + "': the sandbox supports InstanceIds.");
    }
  }

  /** Records the agent's heartbeat: the instance reads Online with the current time as its last ping. */
  private static ObjectNode updateInstanceInformation(JsonCall call) {
    String instanceId = call.require("InstanceId", "ValidationException");
    SsmModel.ManagedInstance managed = call.state.ssmInstances.stream()
        .filter(instance -> instance.instanceId.equals(instanceId))
        .findFirst()
        .orElseThrow(() -> AwsError.badRequest("InvalidInstanceId", "Instance " + instanceId + " is not a managed instance."));
    managed.pingStatus = "Online";
    managed.lastPingDateTime = call.state.clockNow();
    String agentVersion = call.text("AgentVersion");
    if (agentVersion != null) {
      managed.agentVersion = agentVersion;
    }
    return JsonCall.output();
  }

  private static ObjectNode sendCommand(JsonCall call) {
    String documentName = call.require("DocumentName", "ValidationException");
    List<String> instanceIds = call.list("InstanceIds");
    if (instanceIds.isEmpty()) {
      throw AwsError.badRequest("ValidationException", "SendCommand needs InstanceIds; the sandbox does not resolve Targets.");
    }
    for (String instanceId : instanceIds) {
      boolean managed = call.state.ssmInstances.stream().anyMatch(i -> i.instanceId.equals(instanceId));
      if (!managed) {
        throw AwsError.badRequest("InvalidInstanceId", "Instance " + instanceId + " is not a managed instance or is not online.");
      }
    }

    SsmModel.Command command = new SsmModel.Command();
    command.commandId = UUID.randomUUID().toString();
    command.documentName = documentName;
    command.comment = call.text("Comment");
    command.requestedDateTime = call.state.clockNow();
    for (Map.Entry<String, JsonNode> entry : call.input.path("Parameters").properties()) {
      List<String> values = new ArrayList<>();
      entry.getValue().forEach(v -> values.add(v.asText()));
      command.parameters.put(entry.getKey(), values);
    }
    String script = String.join("\n", command.parameters.getOrDefault("commands", List.of()));
    for (String instanceId : instanceIds) {
      SsmModel.Invocation invocation = new SsmModel.Invocation();
      invocation.instanceId = instanceId;
      command.invocations.add(invocation);
      if (SsmAgent.recognises(documentName, script)) {
        SsmModel.ManagedInstance managed = call.state.ssmInstances.stream()
            .filter(i -> i.instanceId.equals(instanceId)).findFirst().orElseThrow();
        SsmAgent.start(call.state, managed, invocation, documentName.equals("AWS-RunPowerShellScript"), script);
      }
    }
    call.state.ssmCommands.add(command);

    ObjectNode output = JsonCall.output();
    ObjectNode node = output.putObject("Command");
    node.put("CommandId", command.commandId);
    node.put("DocumentName", command.documentName);
    if (command.comment != null) {
      node.put("Comment", command.comment);
    }
    JsonCall.putTimestamp(node, "RequestedDateTime", command.requestedDateTime);
    ArrayNode ids = node.putArray("InstanceIds");
    instanceIds.forEach(ids::add);
    ObjectNode parameters = node.putObject("Parameters");
    for (Map.Entry<String, List<String>> parameter : command.parameters.entrySet()) {
      ArrayNode values = parameters.putArray(parameter.getKey());
      parameter.getValue().forEach(values::add);
    }
    node.put("Status", "Pending");
    node.put("TargetCount", instanceIds.size());
    return output;
  }

  /** Returns the invocation and moves it one step: Pending, InProgress, then Success. */
  private static ObjectNode getCommandInvocation(JsonCall call) {
    String commandId = call.require("CommandId", "ValidationException");
    String instanceId = call.require("InstanceId", "ValidationException");
    SsmModel.Command command = call.state.ssmCommands.stream()
        .filter(c -> c.commandId.equals(commandId))
        .findFirst()
        .orElseThrow(() -> AwsError.badRequest("InvocationDoesNotExist", "Command " + commandId + " does not exist."));
    SsmModel.Invocation invocation = command.invocations.stream()
        .filter(i -> i.instanceId.equals(instanceId))
        .findFirst()
        .orElseThrow(() -> AwsError.badRequest("InvocationDoesNotExist", "Command " + commandId + " was not sent to " + instanceId + "."));

    ObjectNode output = JsonCall.output();
    output.put("CommandId", commandId);
    output.put("InstanceId", instanceId);
    output.put("DocumentName", command.documentName);
    if (command.comment != null) {
      output.put("Comment", command.comment);
    }
    if (invocation.runByAgent) {
      output.put("Status", invocation.status);
      output.put("StatusDetails", invocation.statusDetails);
      output.put("ResponseCode", invocation.responseCode);
      output.put("StandardOutputContent", truncate(invocation.standardOutput, MAX_OUTPUT_CHARS));
      output.put("StandardErrorContent", truncate(invocation.standardError, MAX_ERROR_CHARS));
      return output;
    }
    output.put("Status", invocation.status);
    output.put("StatusDetails", invocation.status);
    output.put("ResponseCode", invocation.status.equals("Success") ? 0 : -1);
    output.put("StandardOutputContent", "");
    output.put("StandardErrorContent", "");
    invocation.status = invocation.status.equals("Pending") ? "InProgress" : "Success";
    return output;
  }

  /** Marks the command's unfinished invocations Cancelled; a running agent thread may still finish. */
  private static ObjectNode cancelCommand(JsonCall call) {
    String commandId = call.require("CommandId", "ValidationException");
    SsmModel.Command command = call.state.ssmCommands.stream()
        .filter(c -> c.commandId.equals(commandId))
        .findFirst()
        .orElseThrow(() -> AwsError.badRequest("InvalidCommandId", "Command " + commandId + " does not exist."));
    for (SsmModel.Invocation invocation : command.invocations) {
      if (invocation.status.equals("Pending") || invocation.status.equals("InProgress")) {
        invocation.status = "Cancelled";
        invocation.statusDetails = "Cancelled";
      }
    }
    return JsonCall.output();
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
