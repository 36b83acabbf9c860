package dev.cordon.core.guardduty;

import static dev.cordon.core.guardduty.FindingJson.at;
import static dev.cordon.core.guardduty.FindingJson.elements;
import static dev.cordon.core.guardduty.FindingJson.integer;
import static dev.cordon.core.guardduty.FindingJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.input.InputException;
import dev.cordon.core.investigate.AwsIds;
import dev.cordon.core.net.IpAddresses;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps one finding object, in either key casing, to a {@link GuardDutyFinding}. */
final class FindingMapper {
  private static final Logger log = LoggerFactory.getLogger(FindingMapper.class);

  /** The remote side of the finding's action, when the action names one. */
  private record Remote(String ip, Integer remotePort, Integer localPort, String protocol, String direction) {
    static final Remote NONE = new Remote(null, null, null, null, null);
  }

  private FindingMapper() {}

  /**
   * Maps a finding.
   *
   * @param source the file and position of the finding, such as {@code finding.json (finding 1)}
   * @throws IllegalArgumentException when the id, type or severity is missing or invalid; the
   *     message names the field and value
   * @throws InputException when the instance ID or an IP address is invalid, because containment
   *     and the flow-log scope act on those values. The message names the source, field and value.
   */
  static GuardDutyFinding map(JsonNode finding, String source) {
    String id = require(finding, "id");
    String type = require(finding, "type");
    double severity = severity(at(finding, "severity"));
    JsonNode service = at(finding, "service");
    JsonNode instance = at(finding, "resource", "instanceDetails");
    Checked checked = new Checked(source);
    Remote remote = remote(at(service, "action"), checked);
    Integer count = integer(at(service, "count"));

    return new GuardDutyFinding(
        id,
        type,
        severity,
        text(finding, "title"),
        text(finding, "description"),
        text(finding, "accountId"),
        text(finding, "region"),
        time(finding, id, "createdAt"),
        time(finding, id, "updatedAt"),
        time(service, id, "eventFirstSeen"),
        time(service, id, "eventLastSeen"),
        count == null ? 0 : count,
        FindingJson.isTrue(at(service, "additionalInfo", "sample")),
        text(service, "resourceRole"),
        text(service, "action", "actionType"),
        checked.instanceId(text(instance, "instanceId")),
        text(instance, "iamInstanceProfile", "arn"),
        networkInterfaces(at(instance, "networkInterfaces"), checked),
        remote.ip(),
        remote.remotePort(),
        remote.localPort(),
        remote.protocol(),
        remote.direction(),
        finding,
        source);
  }

  private static String require(JsonNode finding, String field) {
    String value = text(finding, field);
    if (value == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return value;
  }

  /** Reads the severity as a decimal, because GuardDuty writes whole values as 5 and others as 5.3. */
  private static double severity(JsonNode node) {
    double value;
    if (node.isNumber()) {
      value = node.doubleValue();
    } else if (node.isTextual()) {
      try {
        value = Double.parseDouble(node.textValue().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid severity '" + node.textValue() + "': expected a number such as 5 or 8.1", e);
      }
    } else {
      throw new IllegalArgumentException("missing severity: expected a number such as 5 or 8.1");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("invalid severity '" + node.asText() + "': expected a number such as 5 or 8.1");
    }
    return value;
  }

  /** Returns the time, or null when it is missing or unreadable; the raw finding keeps the text. */
  private static Instant time(JsonNode parent, String id, String field) {
    JsonNode node = at(parent, field);
    try {
      return FindingJson.time(node);
    } catch (DateTimeParseException e) {
      log.warn("GuardDuty finding {}: invalid {} '{}', left empty; expected ISO 8601 such as 2024-01-15T03:15:22Z",
          id, field, node.asText());
      return null;
    }
  }

  /**
   * Finds the remote address in the action types that name one. A port probe can list several
   * probing addresses.
   */
  private static Remote remote(JsonNode action, Checked checked) {
    String prefix = "service.action.";
    JsonNode connection = at(action, "networkConnectionAction");
    if (connection.isObject()) {
      return new Remote(
          checked.ip(at(connection, "remoteIpDetails"), prefix + "networkConnectionAction.remoteIpDetails"),
          integer(at(connection, "remotePortDetails", "port")),
          integer(at(connection, "localPortDetails", "port")),
          text(connection, "protocol"),
          text(connection, "connectionDirection"));
    }
    List<JsonNode> probes = elements(at(action, "portProbeAction", "portProbeDetails"));
    if (!probes.isEmpty()) {
      // NOTE: only the first probe is lifted out; the other probing addresses stay in raw().
      JsonNode probe = probes.get(0);
      return new Remote(checked.ip(at(probe, "remoteIpDetails"),
          prefix + "portProbeAction.portProbeDetails[0].remoteIpDetails"), null,
          integer(at(probe, "localPortDetails", "port")), null, null);
    }
    JsonNode apiCall = at(action, "awsApiCallAction");
    if (apiCall.isObject()) {
      return new Remote(checked.ip(at(apiCall, "remoteIpDetails"), prefix + "awsApiCallAction.remoteIpDetails"),
          null, null, null, null);
    }
    return Remote.NONE;
  }

  private static List<GuardDutyFinding.NetworkInterface> networkInterfaces(JsonNode node, Checked checked) {
    List<GuardDutyFinding.NetworkInterface> interfaces = new ArrayList<>();
    List<JsonNode> enis = elements(node);
    for (int i = 0; i < enis.size(); i++) {
      JsonNode eni = enis.get(i);
      String field = "resource.instanceDetails.networkInterfaces[" + i + "].";
      String primary = checked.address(text(eni, "privateIpAddress"), field + "privateIpAddress");
      Set<String> privateIps = new LinkedHashSet<>();
      if (primary != null) {
        privateIps.add(primary);
      }
      for (JsonNode entry : elements(at(eni, "privateIpAddresses"))) {
        addIfPresent(privateIps, checked.address(text(entry, "privateIpAddress"),
            field + "privateIpAddresses[].privateIpAddress"));
      }
      Set<String> ipv6 = new LinkedHashSet<>();
      for (JsonNode entry : elements(at(eni, "ipv6Addresses"))) {
        addIfPresent(ipv6, checked.address(entry.isTextual() ? entry.textValue() : null, field + "ipv6Addresses[]"));
      }
      Set<String> groups = new LinkedHashSet<>();
      for (JsonNode group : elements(at(eni, "securityGroups"))) {
        addIfPresent(groups, text(group, "groupId"));
      }
      interfaces.add(new GuardDutyFinding.NetworkInterface(
          text(eni, "networkInterfaceId"),
          text(eni, "vpcId"),
          text(eni, "subnetId"),
          primary,
          List.copyOf(privateIps),
          List.copyOf(ipv6),
          checked.address(text(eni, "publicIp"), field + "publicIp"),
          List.copyOf(groups)));
    }
    return List.copyOf(interfaces);
  }

  private static void addIfPresent(Set<String> set, String value) {
    if (value != null) {
      set.add(value);
    }
  }

  /**
   * Checks the values of one finding that Cordon acts on. Addresses are parsed as literals with
   * {@link IpAddresses}, never looked up in DNS.
   */
  private record Checked(String source) {
    String instanceId(String value) {
      if (value != null && !AwsIds.isInstanceId(value)) {
        throw invalid("resource.instanceDetails.instanceId", value, "i- followed by lower-case hex digits,"
            + " such as i-0abc123def456");
      }
      return value;
    }

    /** Returns the remote address of {@code remoteIpDetails}, IPv4 first, in canonical form. */
    String ip(JsonNode details, String field) {
      String v4 = text(details, "ipAddressV4");
      if (v4 != null) {
        return address(v4, field + ".ipAddressV4");
      }
      String v6 = address(text(details, "ipAddressV6"), field + ".ipAddressV6");
      if (v6 == null && details != null && details.path("ipAddressV4").isTextual()) {
        // An empty address would read as no remote address, and contain would plan no deny for it.
        throw invalid(field + ".ipAddressV4", details.path("ipAddressV4").asText(),
            "an IPv4 address such as 203.0.113.7");
      }
      return v6;
    }

    /** Returns the address in canonical form, or null when absent. */
    String address(String value, String field) {
      if (value == null) {
        return null;
      }
      String canonical = IpAddresses.canonical(value);
      if (canonical == null) {
        throw invalid(field, value, "an IPv4 or IPv6 address such as 203.0.113.7 or 2001:db8::7");
      }
      return canonical;
    }

    private InputException invalid(String field, String value, String expected) {
      return new InputException("Invalid GuardDuty finding in " + source + ": " + field + " is '" + value
          + "', expected " + expected + ". Check that the file is the finding as GuardDuty exported it.");
    }
  }
}
