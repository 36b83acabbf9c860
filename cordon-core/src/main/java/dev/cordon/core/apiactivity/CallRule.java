package dev.cordon.core.apiactivity;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.sigma.SigmaRule;
import java.util.List;
import java.util.function.Predicate;

/**
 * One classification of a CloudTrail call.
 *
 * @param id the rule name reported in findings, such as {@code iam-create-user}
 * @param tactic ATT&CK Enterprise tactic, lower-case words joined by hyphens
 * @param techniques ATT&CK technique IDs
 * @param severity severity of a successful call outside the baseline; denied calls get one level
 *     less
 * @param routine whether an application may make this call as part of its normal work, as with
 *     reads such as GetSecretValue or DescribeInstances. A call that is never routine ends the
 *     baseline.
 * @param matches whether an event is such a call
 * @param sigma the Sigma rule behind it, for its title, description and source
 */
record CallRule(
    String id,
    String tactic,
    List<String> techniques,
    Severity severity,
    boolean routine,
    Predicate<CloudTrailEvent> matches,
    SigmaRule sigma) {}
