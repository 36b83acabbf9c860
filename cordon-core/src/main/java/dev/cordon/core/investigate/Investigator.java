package dev.cordon.core.investigate;

import dev.cordon.core.apiactivity.ApiActivityAnalyzer;
import dev.cordon.core.apiactivity.ApiActivityOptions;
import dev.cordon.core.apiactivity.ApiActivityResult;
import dev.cordon.core.cloudtrail.CloudTrailSource;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.TimelineEntry;
import dev.cordon.core.flowlogs.FlowLogOptions;
import dev.cordon.core.flowlogs.FlowLogSource;
import dev.cordon.core.flowlogs.FlowRecordFilter;
import dev.cordon.core.guardduty.GuardDutyFinding;
import dev.cordon.core.guardduty.GuardDutyReader;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.intel.ThreatIntelReader;
import dev.cordon.core.intel.ThreatIntelSet;
import dev.cordon.core.network.NetworkAnalyzer;
import dev.cordon.core.network.NetworkOptions;
import dev.cordon.core.network.ScopeDiscovery;
import dev.cordon.core.report.Report;
import dev.cordon.core.scope.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code cordon investigate}: reads the GuardDuty finding, builds the scope, scans the flow
 * logs (a discovery pass when only the instance id is known, the analysis pass, and a pivot pass
 * over the addresses it flagged) and CloudTrail, and merges the findings into one report.
 */
public final class Investigator {
  private static final List<String> ADDRESS_FIELDS = List.of("srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr");
  private static final Logger log = LoggerFactory.getLogger(Investigator.class);

  private final Clock clock;
  private final String toolVersion;

  public Investigator(Clock clock, String toolVersion) {
    this.clock = clock;
    this.toolVersion = toolVersion;
  }

  public Report investigate(InvestigationRequest request) {
    checkPathsExist(request);
    InputStats stats = new InputStats();
    List<Finding> findings = new ArrayList<>();
    List<TimelineEntry> timeline = new ArrayList<>();

    List<GuardDutyFinding> guardDuty = request.findingFile() == null
        ? List.of()
        : new GuardDutyReader().read(request.findingFile(), stats);
    for (GuardDutyFinding finding : guardDuty) {
      Finding reported = GuardDutyFindings.toFinding(finding);
      findings.add(reported);
      timeline.add(GuardDutyFindings.toTimelineEntry(finding, reported));
    }
    Scope scope = ScopeBuilder.build(request, ScopeBuilder.selectFinding(guardDuty, request.instanceId()));

    ThreatIntelSet.Builder intel = ThreatIntelSet.builder();
    for (String address : scope.flaggedAddresses()) {
      intel.add(address, "guardduty-finding", "remote address of the GuardDuty finding");
    }
    ThreatIntelReader.read(request.intelPaths(), stats, intel);

    if (!request.flowLogPaths().isEmpty()) {
      scope = analyzeFlowLogs(request, scope, intel.build(), stats, findings, timeline);
    }
    if (!request.cloudTrailPaths().isEmpty()) {
      analyzeCloudTrail(request, scope, stats, findings, timeline);
    }
    return Report.of(scope, findings, timeline, stats, clock.instant(), toolVersion);
  }

  private Scope analyzeFlowLogs(InvestigationRequest request, Scope scope, ThreatIntelSet intel,
      InputStats stats, List<Finding> findings, List<TimelineEntry> timeline) {
    FlowLogSource source = new FlowLogSource(request.flowLogPaths(),
        new FlowLogOptions(request.flowFormat()), stats);

    Scope widened = scope;
    if (scope.instanceId() != null) {
      ScopeDiscovery discovery = new ScopeDiscovery(scope.instanceId());
      source.scan(FlowRecordFilter.matchAny(List.of("instance-id"), List.of(scope.instanceId())), discovery::accept);
      widened = scope.withDiscovered(discovery.interfaceIds(), discovery.addresses());
      log.debug("Scope after discovery [instance={}, enis={}, addresses={}]",
          widened.instanceId(), widened.networkInterfaceIds(), widened.localAddresses());
    }

    NetworkAnalyzer analyzer = new NetworkAnalyzer(widened, intel, NetworkOptions.defaults());
    source.scan(scopeFilter(widened), analyzer::accept);
    Set<String> flagged = analyzer.flaggedRemoteAddresses();
    if (!flagged.isEmpty()) {
      source.scan(FlowRecordFilter.matchAny(ADDRESS_FIELDS, flagged), analyzer::acceptForPivot);
    }
    findings.addAll(analyzer.findings());
    timeline.addAll(analyzer.timeline());
    return widened;
  }

  /**
   * Returns a filter that keeps at least the records {@link NetworkAnalyzer} takes as the
   * instance's: its instance id, its interfaces, or one of its addresses in any address field.
   * The analyzer tests each record again, so the filter only saves parsing the others.
   */
  static FlowRecordFilter scopeFilter(Scope scope) {
    List<FlowRecordFilter> parts = new ArrayList<>();
    if (scope.instanceId() != null) {
      parts.add(FlowRecordFilter.matchAny(List.of("instance-id"), List.of(scope.instanceId())));
    }
    if (!scope.networkInterfaceIds().isEmpty()) {
      parts.add(FlowRecordFilter.matchAny(List.of("interface-id"), scope.networkInterfaceIds()));
    }
    if (!scope.localAddresses().isEmpty()) {
      parts.add(FlowRecordFilter.matchAny(ADDRESS_FIELDS, scope.localAddresses()));
    }
    return parts.stream().reduce(FlowRecordFilter::or).orElse(FlowRecordFilter.all());
  }

  private void analyzeCloudTrail(InvestigationRequest request, Scope scope, InputStats stats,
      List<Finding> findings, List<TimelineEntry> timeline) {
    if (scope.instanceId() == null) {
      log.warn("CloudTrail was given but no instance id is known, so the instance role's calls"
          + " cannot be found; give --instance or a finding about an instance");
      return;
    }
    CloudTrailSource source = new CloudTrailSource(request.cloudTrailPaths(), stats);
    ApiActivityResult result = new ApiActivityAnalyzer(scope, ApiActivityOptions.defaults()).analyze(source);
    findings.addAll(result.findings());
    timeline.addAll(result.timeline());
  }

  /** Fails before any work when an input path is missing, so a typo costs seconds, not a scan. */
  private static void checkPathsExist(InvestigationRequest request) {
    List<Path> all = new ArrayList<>();
    if (request.findingFile() != null) {
      all.add(request.findingFile());
    }
    all.addAll(request.flowLogPaths());
    all.addAll(request.cloudTrailPaths());
    all.addAll(request.intelPaths());
    for (Path path : all) {
      if (!Files.exists(path)) {
        throw new InputException("input not found: " + path + "; check the path and try again");
      }
      if (!Files.isReadable(path)) {
        throw new InputException("input not readable: " + path + "; check its permissions");
      }
    }
  }
}
