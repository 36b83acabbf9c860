package dev.cordon.core.apiactivity;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.TimelineEntry;
import dev.cordon.core.input.RecordSource;
import dev.cordon.core.scope.Scope;
import dev.cordon.core.sigma.SigmaRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what the instance role's credentials did in CloudTrail: the attacker's calls classified
 * by ATT&CK tactic, the credentials used from outside the instance, the principals the attacker
 * created or assumed, and the responders' own calls.
 *
 * <p>The input is read in passes and only attributed events are kept. Pass 1 finds the session's
 * calls by role session name and EC2's credential hand-outs to the instance; pass 2 adds calls
 * signed by any of the session's keys and calls by the principals it created; each further pass,
 * up to {@link ApiActivityOptions#maxPasses()}, follows one more link of a chain.
 */
public final class ApiActivityAnalyzer {
  private static final Logger log = LoggerFactory.getLogger(ApiActivityAnalyzer.class);

  private final Scope scope;
  private final ApiActivityOptions options;
  private final CallRules rules;

  public ApiActivityAnalyzer(Scope scope, ApiActivityOptions options) {
    this(scope, options, List.of());
  }

  /**
   * @param extraRules Sigma rules loaded by the user ({@code --rules}); each call they match is
   *     reported under the rule's name, besides the bundled pack's classification
   */
  public ApiActivityAnalyzer(Scope scope, ApiActivityOptions options, List<SigmaRule> extraRules) {
    this.scope = Objects.requireNonNull(scope, "scope");
    this.options = Objects.requireNonNull(options, "options");
    this.rules = new CallRules(scope.instanceId(), List.copyOf(extraRules));
  }

  /** Reads the events as often as needed (at most a few passes) and returns the findings. */
  public ApiActivityResult analyze(RecordSource<CloudTrailEvent> events) {
    Evidence evidence = new Evidence(scope, options.principalArns());
    if (scope.instanceId() == null && options.principalArns().isEmpty()) {
      return new ApiActivityResult(List.of(), List.of(), Set.of(), Set.of(), 0);
    }

    events.scan(firstPassNeedles(), evidence::offerFirstPass);
    OutsideCheck knownEgress = new OutsideCheck(scope.egressAddresses());
    Baseline baseline = Baseline.learn(evidence.session(), scope, options, rules, knownEgress);
    // NOTE: with no egress address in the scope and no session call before the incident, no
    // address is known to be the instance's, so no credential-exfiltration finding is made.
    OutsideCheck outside = knownEgress.known() ? knownEgress
        : new OutsideCheck(baseline.addressesBefore());
    if (!outside.known()) {
      log.debug("No egress address known for the instance, so credential use from outside is not"
          + " judged [instance={}]", scope.instanceId());
    }
    followPrincipals(events, evidence, baseline, outside);

    List<Finding> findings = new ArrayList<>();
    List<TimelineEntry> timeline = new ArrayList<>();
    reportCalls(evidence, baseline, outside, findings, timeline);
    String basis = knownEgress.known() ? "the scope's egress addresses"
        : "the session's calls before " + baseline.end();
    new CredentialExfiltrations(scope.instanceId())
        .build(evidence.session(), outside, basis, findings, timeline);
    PrincipalFindings principals = new PrincipalFindings(scope.instanceId());
    principals.followOns(evidence.followOns().principals(), findings, timeline);
    principals.responses(evidence.responses(), findings, timeline);
    principals.handOuts(evidence.handOuts(), timeline);

    findings.sort(Comparator.comparing(Finding::severity).reversed()
        .thenComparing(Finding::firstSeen, Comparator.nullsLast(Comparator.naturalOrder())));
    timeline.sort(Comparator.comparing(TimelineEntry::time));
    return new ApiActivityResult(findings, timeline, evidence.sessionKeys(),
        evidence.followOns().identifiers(), evidence.attributedCount());
  }

  /**
   * Runs passes 2 and later. Each reads the input again for the session's key-only calls and the
   * calls of the principals learned so far, then learns principals from the calls it found. The
   * passes stop when one learns nothing new or at the pass limit.
   */
  private void followPrincipals(RecordSource<CloudTrailEvent> events, Evidence evidence,
      Baseline baseline, OutsideCheck outside) {
    FollowOns followOns = evidence.followOns();
    learnPrincipals(evidence, baseline, outside);
    if (evidence.sessionKeys().isEmpty() && followOns.principals().isEmpty()) {
      return;
    }

    int learned = followOns.version();
    for (int pass = 2; pass <= options.maxPasses(); pass++) {
      events.scan(laterPassNeedles(evidence), evidence::offerLaterPass);
      learnPrincipals(evidence, baseline, outside);
      if (followOns.version() == learned) {
        return;
      }
      learned = followOns.version();
    }
    log.warn("Stopped following principals at the pass limit of {} passes. Principals learned in"
        + " the last pass were not followed; raise maxPasses to follow them [instance={}]",
        options.maxPasses(), scope.instanceId());
  }

  /**
   * Returns text that every event pass 1 keeps contains: the instance id (in the session's ARN or
   * principal id, and in a hand-out's role session name), Cordon's user agent, and the responder
   * and extra principal ARNs. A source may skip events without any of them before parsing.
   *
   * <p>NOTE: the test runs on raw JSON, so a value that a log writes with JSON escapes (such as
   * {@code \/} or {@code \u00e9}) is not found there; AWS writes ARNs and ids unescaped.
   */
  private Set<String> firstPassNeedles() {
    Set<String> needles = new LinkedHashSet<>();
    if (scope.instanceId() != null) {
      needles.add(scope.instanceId());
    }
    needles.add(Evidence.CORDON_USER_AGENT);
    for (String arn : scope.responderArns()) {
      needles.add(arn);
      String assumed = Evidence.assumedRolePrefix(arn);
      if (assumed != null) {
        needles.add(assumed);
      }
    }
    needles.addAll(options.principalArns());
    return needles;
  }

  /** Returns text that every event a later pass keeps contains: the session's ids and keys, and each follow-on principal's. */
  private Set<String> laterPassNeedles(Evidence evidence) {
    Set<String> needles = new LinkedHashSet<>();
    if (scope.instanceId() != null) {
      needles.add(scope.instanceId());
    }
    needles.addAll(options.principalArns());
    needles.addAll(evidence.sessionKeys());
    for (FollowOnPrincipal principal : evidence.followOns().principals()) {
      needles.addAll(principal.accessKeyIds());
      if (principal.arn() != null) {
        needles.add(principal.arn());
      }
      if (principal.userName() != null) {
        needles.add(principal.userName());
      }
    }
    return needles;
  }

  private void learnPrincipals(Evidence evidence, Baseline baseline, OutsideCheck outside) {
    String session = sessionLabel(evidence);
    for (CloudTrailEvent event : evidence.session()) {
      if (!baseline.isRoutine(event, outside)) {
        evidence.followOns().learnFrom(event, session);
      }
    }
    for (FollowOnPrincipal principal : List.copyOf(evidence.followOns().principals())) {
      for (CloudTrailEvent event : principal.calls()) {
        evidence.followOns().learnFrom(event, principal.label());
      }
    }
  }

  private void reportCalls(Evidence evidence, Baseline baseline, OutsideCheck outside,
      List<Finding> findings, List<TimelineEntry> timeline) {
    List<ApiCallFindings.Call> calls = new ArrayList<>();
    String session = sessionLabel(evidence);
    for (CloudTrailEvent event : evidence.session()) {
      calls.add(new ApiCallFindings.Call(event, principalOf(event, session),
          baseline.isRoutine(event, outside), outside.isOutside(event)));
    }
    for (FollowOnPrincipal principal : evidence.followOns().principals()) {
      for (CloudTrailEvent event : principal.calls()) {
        calls.add(new ApiCallFindings.Call(event, principal.label(), false, false));
      }
    }
    new ApiCallFindings(rules, scope.instanceId()).build(calls, findings, timeline);
    List<ApiCallFindings.Call> attackerCalls = calls.stream().filter(c -> !c.routine()).toList();
    new RegionalSweeps(options, scope.instanceId()).build(attackerCalls, findings, timeline);
    new AccessDeniedBursts(scope.instanceId()).build(attackerCalls, findings, timeline);
    new FirstSeenFindings(options, scope.instanceId())
        .build(evidence.session(), baseline.end(), session, findings, timeline);
  }

  /** Returns the session's principal ARN as the events name it, or the session name. */
  private static String principalOf(CloudTrailEvent event, String sessionLabel) {
    return event.principalArn() != null ? event.principalArn() : sessionLabel;
  }

  private String sessionLabel(Evidence evidence) {
    String role = evidence.roleName();
    if (scope.instanceId() == null) {
      return String.join(",", options.principalArns());
    }
    return "assumed-role/" + (role == null ? "?" : role) + "/" + scope.instanceId();
  }
}
