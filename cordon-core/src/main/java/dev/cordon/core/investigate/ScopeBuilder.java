package dev.cordon.core.investigate;

import dev.cordon.core.guardduty.GuardDutyFinding;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.UsageException;
import dev.cordon.core.net.IpAddresses;
import dev.cordon.core.scope.Scope;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds the investigation's scope from the GuardDuty finding, when there is one, and the flags. */
final class ScopeBuilder {
  private static final String INSTANCE_PROFILE_MARKER = ":instance-profile/";

  private ScopeBuilder() {}

  /**
   * Picks the finding about the requested instance, or the first finding about any instance when
   * no instance was requested. Returns null when none is about an instance.
   */
  static GuardDutyFinding selectFinding(List<GuardDutyFinding> findings, String instanceId) {
    for (GuardDutyFinding finding : findings) {
      if (finding.instanceId() == null) {
        continue;
      }
      if (instanceId == null || instanceId.equals(finding.instanceId())) {
        return finding;
      }
    }
    return null;
  }

  /**
   * Builds the scope.
   *
   * @param finding the finding about the instance, or null
   * @param all every finding read, named in the error when none is about an instance
   * @param findingFile the file they came from, or null
   */
  static Scope build(InvestigationRequest request, GuardDutyFinding finding,
      List<GuardDutyFinding> all, Path findingFile) {
    String instanceId = request.instanceId() != null
        ? AwsIds.requireInstanceId(request.instanceId())
        : finding != null ? finding.instanceId() : null;

    Set<String> interfaces = new LinkedHashSet<>();
    Set<String> local = new LinkedHashSet<>();
    Set<String> egress = new LinkedHashSet<>();
    Set<String> flagged = new LinkedHashSet<>();
    Integer flaggedPort = null;
    String roleName = null;

    if (finding != null && instanceId != null && instanceId.equals(finding.instanceId())) {
      for (GuardDutyFinding.NetworkInterface eni : finding.networkInterfaces()) {
        addIfPresent(interfaces, eni.networkInterfaceId());
        addAddress(local, eni.privateIpAddress());
        eni.privateIpAddresses().forEach(address -> addAddress(local, address));
        eni.ipv6Addresses().forEach(address -> addAddress(local, address));
        addAddress(local, eni.publicIp());
        addAddress(egress, eni.publicIp());
      }
      roleName = roleNameGuess(finding.instanceProfileArn());
    }
    if (finding != null) {
      GuardDutyFindings.RemoteRole role = GuardDutyFindings.remoteRole(finding);
      if (role == GuardDutyFindings.RemoteRole.C2_PEER) {
        addAddress(flagged, finding.remoteIp());
        flaggedPort = finding.remotePort();
      } else if (role == GuardDutyFindings.RemoteRole.ATTACKER) {
        addAddress(flagged, finding.remoteIp());
      }
    }

    for (String address : request.addresses()) {
      local.add(requireAddress("--ip", address));
    }
    for (String address : request.egressAddresses()) {
      egress.add(requireAddress("--egress-ip", address));
    }
    if (instanceId == null && local.isEmpty() && findingFile != null) {
      String types = all.stream().map(GuardDutyFinding::type).distinct().limit(5)
          .reduce((a, b) -> a + ", " + b).orElse("none");
      throw new InputException("nothing to investigate: " + findingFile + " holds no finding about"
          + " an EC2 instance (finding types: " + types + "); give --instance i-… or --ip ADDRESS");
    }
    if (instanceId == null && local.isEmpty()) {
      throw new UsageException("nothing to investigate: give --finding FILE with an EC2 finding,"
          + " --instance i-…, or --ip ADDRESS");
    }
    return new Scope(instanceId, roleName, interfaces, local, egress, flagged, flaggedPort,
        new LinkedHashSet<>(request.responderArns()), request.since(), request.until());
  }

  /**
   * Returns the instance profile's name as a guess of the role's name, which it usually is. The
   * CloudTrail analysis learns the real role name from the session's events.
   */
  private static String roleNameGuess(String instanceProfileArn) {
    if (instanceProfileArn == null) {
      return null;
    }
    int marker = instanceProfileArn.indexOf(INSTANCE_PROFILE_MARKER);
    if (marker < 0) {
      return null;
    }
    String path = instanceProfileArn.substring(marker + INSTANCE_PROFILE_MARKER.length());
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String requireAddress(String option, String text) {
    String canonical = IpAddresses.canonical(text);
    if (canonical == null) {
      throw new UsageException("invalid " + option + " '" + text
          + "': expected an IPv4 or IPv6 address such as 10.0.1.55 (host names are not looked up)");
    }
    return canonical;
  }

  private static void addAddress(Set<String> into, String text) {
    String canonical = IpAddresses.canonical(text);
    if (canonical != null) {
      into.add(canonical);
    }
  }

  private static void addIfPresent(Set<String> into, String value) {
    if (value != null && !value.isEmpty()) {
      into.add(value);
    }
  }
}
