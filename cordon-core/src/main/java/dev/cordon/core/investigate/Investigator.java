package dev.cordon.core.investigate;

import dev.cordon.core.apiactivity.ApiActivityAnalyzer;
import dev.cordon.core.apiactivity.ApiActivityOptions;
import dev.cordon.core.apiactivity.ApiActivityResult;
import dev.cordon.core.cloudtrail.CloudTrailSource;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.TimelineEntry;
import dev.cordon.core.flowlogs.FlowLogOptions;
import dev.cordon.core.flowlogs.FlowLogSource;
import dev.cordon.core.flowlogs.FlowRecord;
import dev.cordon.core.flowlogs.FlowRecordFilter;
import dev.cordon.core.guardduty.GuardDutyFinding;
import dev.cordon.core.guardduty.GuardDutyReader;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.UsageException;
import dev.cordon.core.intel.ThreatIntelReader;
import dev.cordon.core.intel.ThreatIntelSet;
import dev.cordon.core.network.NetworkAnalyzer;
import dev.cordon.core.network.NetworkOptions;
import dev.cordon.core.network.ScopeDiscovery;
import dev.cordon.core.report.Report;
import dev.cordon.core.scope.Scope;
import dev.cordon.core.sigma.RuleLoadResult;
import dev.cordon.core.sigma.SigmaRule;
import dev.cordon.core.sigma.SigmaRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code cordon investigate}: reads the GuardDuty finding, builds the scope, scans the flow
 * logs (a discovery pass when only the instance id is known, the analysis pass, and a pivot pass
 * over the addresses it flagged) and CloudTrail, and merges the findings into one report.
 *
 * <p>The discovery pass also analyses the scope as given, so when discovery finds no new
 * interface or address (flow logs without an {@code instance-id} field, or a scope that already
 * named them all), the flow logs are read twice instead of three times. The first pass's filter
 * also covers the given addresses, so its input counts include malformed lines that name them.
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
    if (request.instanceId() != null) {
      AwsIds.requireInstanceId(request.instanceId());
    }
    checkPathsExist(request);
    if (request.flowLogPaths().isEmpty() && request.cloudTrailPaths().isEmpty()
        && request.findingFile() == null) {
      throw new UsageException("no evidence to read: give --flow-logs PATH and/or --cloudtrail PATH,"
          + " and --finding FILE when GuardDuty reported the instance");
    }
    List<SigmaRule> userRules = loadRules(request);
    InputStats stats = new InputStats();
    List<Finding> findings = new ArrayList<>();
    List<TimelineEntry> timeline = new ArrayList<>();

    List<GuardDutyFinding> guardDuty = request.findingFile() == null
        ? List.of()
        : new GuardDutyReader().read(request.findingFile(), stats);
    GuardDutyFinding selected = ScopeBuilder.selectFinding(guardDuty, request.instanceId());
    Scope scope = ScopeBuilder.build(request, selected, guardDuty, request.findingFile());
    for (GuardDutyFinding finding : guardDuty) {
      Finding reported = GuardDutyFindings.toFinding(finding, scope.instanceId());
      findings.add(reported);
      timeline.add(GuardDutyFindings.toTimelineEntry(finding, reported));
    }

    ThreatIntelSet.Builder intel = ThreatIntelSet.builder();
    for (String address : scope.flaggedAddresses()) {
      intel.add(address, "guardduty-finding", "remote address of the GuardDuty finding");
    }
    ThreatIntelReader.read(request.intelPaths(), stats, intel);

    if (request.flowLogPaths().isEmpty() && request.cloudTrailPaths().isEmpty()) {
      blindSpot(stats, "inputs", "Only the GuardDuty finding was read: give --flow-logs and"
          + " --cloudtrail to see what the instance did.");
    }
    if (!request.flowLogPaths().isEmpty()) {
      scope = analyzeFlowLogs(request, scope, intel.build(), stats, findings, timeline);
      reportEmptyFiles(request, stats);
    }
    if (!request.cloudTrailPaths().isEmpty()) {
      analyzeCloudTrail(request, scope, userRules, stats, findings, timeline);
    }
    return Report.of(scope, findings, timeline, stats, clock.instant(), toolVersion);
  }

  /** Stores the window counts and reports a window that missed every record of the source. */
  private static void windowBlindSpot(InputStats stats, String source, WindowCoverage window) {
    String missed = window.record(stats);
    if (missed != null) {
      blindSpot(stats, source, missed);
    }
  }

  /** Records a gap in the evidence in the report and as one warning on stderr. */
  private static void blindSpot(InputStats stats, String source, String description) {
    log.warn(description);
    stats.blindSpot(new InputStats.BlindSpot(source, description, null, null));
  }

  /**
   * Flags the flow-log files that yielded nothing at all (an empty file, or another format) in one
   * blind spot and one warning, whatever their number. The files stay listed in the inputs.
   */
  private static void reportEmptyFiles(InvestigationRequest request, InputStats stats) {
    List<String> empty = new ArrayList<>();
    for (InputStats.FileEntry file : stats.files()) {
      boolean flowLogs = file.kind().equals(FlowLogSource.KIND);
      if (flowLogs && file.records() == 0 && file.skipped() == 0 && file.error() == null) {
        empty.add(file.path());
      }
    }
    if (empty.isEmpty()) {
      return;
    }
    String files = empty.size() == 1 ? empty.get(0) + " holds"
        : String.format(Locale.ROOT, "%,d files under %s hold", empty.size(),
            request.flowLogPaths().stream().map(Path::toString).collect(Collectors.joining(", ")));
    boolean cloudTrailNames = empty.stream().allMatch(Investigator::looksLikeCloudTrail);
    String reason = cloudTrailNames
        ? "they look like CloudTrail JSON: pass them with --cloudtrail"
        : empty.size() == 1 ? "the file is empty or holds another format"
            : "each is empty or holds another format";
    blindSpot(stats, "flow logs", files + " no flow-log records; " + reason + ".");
  }

  /** Counts a flow record with a time against the window, for the report's window coverage. */
  private static void countInWindow(WindowCoverage window, FlowRecord record) {
    if (record != null && record.isOk() && record.start() != FlowRecord.ABSENT) {
      window.add(record.start(), Math.max(record.start(), record.end()));
    }
  }

  /** Judges by name only: CloudTrail writes .json.gz objects, flow logs are text (.log, .gz). */
  private static boolean looksLikeCloudTrail(String path) {
    String name = Path.of(path).getFileName().toString();
    return name.contains("_CloudTrail") || name.endsWith(".json") || name.endsWith(".json.gz")
        || name.endsWith(".jsonl");
  }

  private Scope analyzeFlowLogs(InvestigationRequest request, Scope scope, ThreatIntelSet intel,
      InputStats stats, List<Finding> findings, List<TimelineEntry> timeline) {
    FlowLogSource source = new FlowLogSource(InputPaths.withoutOverlaps(request.flowLogPaths()),
        new FlowLogOptions(request.flowFormat()), stats);

    NetworkOptions options = NetworkOptions.defaults();
    Scope widened = scope;
    NetworkAnalyzer analyzer = null;
    WindowCoverage window = new WindowCoverage("flow-log", scope);
    if (scope.instanceId() != null) {
      // One pass feeds discovery and an analysis of the scope as given. When discovery widens
      // nothing, that analysis saw exactly the records and scope a separate pass would have.
      ScopeDiscovery discovery = new ScopeDiscovery(scope.instanceId());
      NetworkAnalyzer early = new NetworkAnalyzer(scope, intel, options);
      WindowCoverage earlyWindow = window;
      source.scan(scopeFilter(scope), record -> {
        discovery.accept(record);
        countInWindow(earlyWindow, record);
        early.accept(record);
      });
      widened = scope.withDiscovered(discovery.interfaceIds(), discovery.addresses());
      log.debug("Scope after discovery [instance={}, enis={}, addresses={}]",
          widened.instanceId(), widened.networkInterfaceIds(), widened.localAddresses());
      analyzer = widened.equals(scope) ? early : null;
    }
    if (widened.localAddresses().isEmpty()) {
      blindSpot(stats, "flow logs", "No address of " + widened.instanceId() + " is known: the"
          + " flow logs carry no instance-id field for it, and no --finding or --ip gave one, so"
          + " its traffic cannot be found. Give --ip with its private address.");
    }

    if (analyzer == null) {
      window = new WindowCoverage("flow-log", widened);
      NetworkAnalyzer full = new NetworkAnalyzer(widened, intel, options);
      WindowCoverage fullWindow = window;
      source.scan(scopeFilter(widened), record -> {
        countInWindow(fullWindow, record);
        full.accept(record);
      });
      analyzer = full;
    }
    windowBlindSpot(stats, "flow logs", window);
    Set<String> flagged = analyzer.flaggedRemoteAddresses();
    if (!flagged.isEmpty()) {
      source.scan(FlowRecordFilter.matchAny(ADDRESS_FIELDS, flagged), analyzer::acceptForPivot);
    }
    findings.addAll(analyzer.findings());
    timeline.addAll(analyzer.timeline());
    for (String limit : analyzer.limits()) {
      blindSpot(stats, "flow logs", limit);
    }
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

  private void analyzeCloudTrail(InvestigationRequest request, Scope scope,
      List<SigmaRule> userRules, InputStats stats, List<Finding> findings,
      List<TimelineEntry> timeline) {
    if (scope.instanceId() == null) {
      blindSpot(stats, "cloudtrail", "CloudTrail was not analysed: the instance role's calls are"
          + " found by the instance id, and none is known. Give --instance or a finding about an"
          + " instance.");
      return;
    }
    if (scope.egressAddresses().isEmpty()) {
      blindSpot(stats, "cloudtrail", "No egress address of " + scope.instanceId() + " is known,"
          + " so stolen credentials are recognised only against the addresses its session used"
          + " before the incident. Give --egress-ip with its public or NAT gateway address.");
    }
    CloudTrailSource source =
        new CloudTrailSource(InputPaths.withoutOverlaps(request.cloudTrailPaths()), stats);
    WindowCoverage window = new WindowCoverage("CloudTrail", scope);
    ApiActivityResult result = new ApiActivityAnalyzer(scope, ApiActivityOptions.defaults(),
        userRules).analyze(window.countingFirstScan(source));
    windowBlindSpot(stats, "cloudtrail", window);
    findings.addAll(result.findings());
    timeline.addAll(result.timeline());
  }

  /**
   * Loads the user's Sigma rules before any log is read, so a bad rule shows up at once. Skipped
   * rules are logged with the reason as they load, and each loaded rule's notes (quirks such as a
   * filter that never applies) are logged here.
   */
  private static List<SigmaRule> loadRules(InvestigationRequest request) {
    if (request.rulePaths().isEmpty()) {
      return List.of();
    }
    if (request.cloudTrailPaths().isEmpty()) {
      log.warn("Sigma rules were given but no CloudTrail logs, so the rules are not used; give"
          + " --cloudtrail PATH");
    }
    List<SigmaRule> rules = new ArrayList<>();
    for (Path path : request.rulePaths()) {
      RuleLoadResult result = SigmaRules.load(path);
      rules.addAll(result.loaded());
      for (SigmaRule rule : result.loaded()) {
        rule.notes().forEach(note -> log.warn("Sigma rule {} ({}): {}", rule.name(),
            rule.source(), note));
      }
    }
    return rules;
  }

  /** Fails before any work when an input path is missing, so a typo costs seconds, not a scan. */
  private static void checkPathsExist(InvestigationRequest request) {
    List<Path> files = new ArrayList<>(request.intelPaths());
    if (request.findingFile() != null) {
      files.add(request.findingFile());
    }
    for (Path file : files) {
      if (Files.isDirectory(file)) {
        throw new InputException("expected a file, not a directory: " + file
            + "; --finding and --intel each take one file");
      }
    }
    List<Path> all = new ArrayList<>(files);
    all.addAll(request.flowLogPaths());
    all.addAll(request.cloudTrailPaths());
    all.addAll(request.rulePaths());
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
