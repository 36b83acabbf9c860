package dev.cordon.core.apiactivity;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.TimelineEntry;
import java.util.List;
import java.util.Set;

/**
 * Findings and timeline of the instance role's credentials, as read from CloudTrail.
 *
 * @param findings api-activity, credential-exfiltration, follow-on-principal and response-action
 *     findings, most severe first
 * @param timeline entries in time order
 * @param sessionAccessKeyIds every access key id the instance session held in the input
 * @param followOnPrincipals ARNs, user names and access key ids the attacker created or assumed
 * @param eventsAttributed events kept as the session's, its credential hand-outs or follow-on use;
 *     response actions are not counted
 */
public record ApiActivityResult(
    List<Finding> findings,
    List<TimelineEntry> timeline,
    Set<String> sessionAccessKeyIds,
    Set<String> followOnPrincipals,
    long eventsAttributed) {

  public ApiActivityResult {
    findings = List.copyOf(findings);
    timeline = List.copyOf(timeline);
    sessionAccessKeyIds = Set.copyOf(sessionAccessKeyIds);
    followOnPrincipals = Set.copyOf(followOnPrincipals);
  }
}
