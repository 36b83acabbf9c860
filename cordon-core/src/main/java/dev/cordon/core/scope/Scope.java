package dev.cordon.core.scope;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an investigation looks at: the suspect instance, every ENI and address it holds, the
 * addresses already known to be bad, and the time window. Built from a GuardDuty finding or from
 * command-line flags, then widened with addresses found in the flow logs' {@code instance-id} field.
 *
 * @param instanceId the suspect instance, or null when only addresses were given
 * @param roleName the instance role's name when known (from the finding's instance profile), or null
 * @param networkInterfaceIds every ENI of the instance
 * @param localAddresses every private and public, primary and secondary, IPv4 and IPv6 address of
 *     the instance, canonical
 * @param egressAddresses public addresses the instance's traffic leaves from (public and Elastic
 *     IPs, NAT gateway addresses); CloudTrail calls with the instance's credentials from elsewhere
 *     are credential exfiltration
 * @param flaggedAddresses remote addresses already known to be bad (the finding's remote address)
 * @param flaggedPort the finding's remote port, or null
 * @param responderArns principals whose calls are response actions, not attacker activity
 * @param since start of the window, inclusive, or null for no bound
 * @param until end of the window, exclusive, or null for no bound
 */
public record Scope(
    String instanceId,
    String roleName,
    Set<String> networkInterfaceIds,
    Set<String> localAddresses,
    Set<String> egressAddresses,
    Set<String> flaggedAddresses,
    Integer flaggedPort,
    Set<String> responderArns,
    Instant since,
    Instant until) {

  public Scope {
    networkInterfaceIds = Set.copyOf(networkInterfaceIds);
    localAddresses = Set.copyOf(localAddresses);
    egressAddresses = Set.copyOf(egressAddresses);
    flaggedAddresses = Set.copyOf(flaggedAddresses);
    responderArns = Set.copyOf(responderArns);
  }

  /** Returns a copy with more local addresses and ENIs, as found in the flow logs. */
  public Scope withDiscovered(Set<String> moreInterfaceIds, Set<String> moreAddresses) {
    Set<String> interfaces = new LinkedHashSet<>(networkInterfaceIds);
    interfaces.addAll(moreInterfaceIds);
    Set<String> addresses = new LinkedHashSet<>(localAddresses);
    addresses.addAll(moreAddresses);
    return new Scope(instanceId, roleName, interfaces, addresses, egressAddresses,
        flaggedAddresses, flaggedPort, responderArns, since, until);
  }

  /** Returns whether an epoch second falls inside the window. */
  public boolean inWindow(long epochSecond) {
    if (since != null && epochSecond < since.getEpochSecond()) {
      return false;
    }
    return until == null || epochSecond < until.getEpochSecond();
  }

  public boolean inWindow(Instant time) {
    return time == null || inWindow(time.getEpochSecond());
  }
}
