package dev.cordon.core.guardduty;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One GuardDuty finding, normalised from any of the shapes it comes in (a bare finding, an
 * EventBridge event, the API's {@code findings} list or the CLI's PascalCase {@code Findings}).
 *
 * @param severity GuardDuty's decimal severity, 1.0 to 10.0 (older findings use 0.1 to 8.9)
 * @param instanceId {@code null} when the finding has no {@code instanceDetails}
 * @param remoteIp the remote address from the action (network connection or port probe), or null
 * @param direction {@code OUTBOUND} or {@code INBOUND} for network-connection actions, else null
 * @param sample true when {@code service.additionalInfo.sample} is true (GuardDuty's sample findings)
 * @param raw the finding as read
 */
public record GuardDutyFinding(
    String id,
    String type,
    double severity,
    String title,
    String description,
    String accountId,
    String region,
    Instant createdAt,
    Instant updatedAt,
    Instant firstSeen,
    Instant lastSeen,
    int count,
    boolean sample,
    String resourceRole,
    String actionType,
    String instanceId,
    String instanceProfileArn,
    List<NetworkInterface> networkInterfaces,
    String remoteIp,
    Integer remotePort,
    Integer localPort,
    String protocol,
    String direction,
    JsonNode raw,
    String source) {

  /** One ENI of the instance in the finding, with every address it holds. */
  public record NetworkInterface(
      String networkInterfaceId,
      String vpcId,
      String subnetId,
      String privateIpAddress,
      List<String> privateIpAddresses,
      List<String> ipv6Addresses,
      String publicIp,
      List<String> securityGroupIds) {}
}
