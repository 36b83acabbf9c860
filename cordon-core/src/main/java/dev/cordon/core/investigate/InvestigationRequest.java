package dev.cordon.core.investigate;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The inputs and scope of one {@code cordon investigate} run. It needs a GuardDuty finding file,
 * an instance id or addresses, and everything else is optional.
 *
 * @param findingFile a GuardDuty finding in any shape GuardDuty, EventBridge or the AWS CLI writes,
 *     or null
 * @param instanceId the suspect instance; when a finding is also given, selects its finding
 * @param addresses more addresses of the instance (secondary, IPv6, public)
 * @param egressAddresses public addresses the instance's traffic leaves from (NAT gateway, Elastic
 *     IP); CloudTrail calls with its credentials from anywhere else are flagged
 * @param responderArns principals whose calls are labelled as response actions
 * @param flowFormat the {@code ${field} …} format of headerless custom flow logs, or null
 * @param since start of the window, inclusive, or null
 * @param until end of the window, exclusive, or null
 * @param rulePaths Sigma rule files or directories for CloudTrail, loaded besides Cordon's
 *     bundled rule pack
 */
public record InvestigationRequest(
    Path findingFile,
    String instanceId,
    List<String> addresses,
    List<String> egressAddresses,
    List<String> responderArns,
    List<Path> flowLogPaths,
    String flowFormat,
    List<Path> cloudTrailPaths,
    List<Path> intelPaths,
    Instant since,
    Instant until,
    List<Path> rulePaths) {

  public InvestigationRequest {
    addresses = List.copyOf(addresses);
    egressAddresses = List.copyOf(egressAddresses);
    responderArns = List.copyOf(responderArns);
    flowLogPaths = List.copyOf(flowLogPaths);
    cloudTrailPaths = List.copyOf(cloudTrailPaths);
    intelPaths = List.copyOf(intelPaths);
    rulePaths = List.copyOf(rulePaths);
  }

  /** Creates a request that uses only the bundled rule pack. */
  public InvestigationRequest(Path findingFile, String instanceId, List<String> addresses,
      List<String> egressAddresses, List<String> responderArns, List<Path> flowLogPaths,
      String flowFormat, List<Path> cloudTrailPaths, List<Path> intelPaths, Instant since,
      Instant until) {
    this(findingFile, instanceId, addresses, egressAddresses, responderArns, flowLogPaths,
        flowFormat, cloudTrailPaths, intelPaths, since, until, List.of());
  }
}
