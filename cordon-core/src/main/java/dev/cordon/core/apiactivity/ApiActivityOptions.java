package dev.cordon.core.apiactivity;

import java.time.Duration;
import java.util.Set;

/**
 * Thresholds of the CloudTrail analysis of one instance role.
 *
 * @param baselineFraction share of a bounded scope window, from its start, in which the role's
 *     calls are learned as routine. Default 0.2: a window opened a day before a GuardDuty finding
 *     then learns from its first 4.8 hours. The baseline also ends at the first call that is never
 *     routine (a write such as CreateUser) or the first call from outside the instance's egress
 *     addresses, whichever comes first. Must be in [0, 1].
 * @param minBaselineSpan shortest stretch of the role's own calls that counts as a baseline. Default
 *     1 hour: a shorter baseline is too thin to call anything routine, and an attacker's first
 *     minutes would otherwise be learned as normal traffic.
 * @param sweepMinRegions distinct regions in which one principal must make the same Describe, List
 *     or Get call for a regional sweep. Default 5: an application usually works in one or two
 *     regions, while enumeration tools walk every enabled region, more than a dozen in most
 *     accounts.
 * @param sweepWindow time in which those regions must be reached. Default 10 minutes: by estimate,
 *     a script looping over regions covers them all within a few minutes, while the routine calls
 *     of a multi-region application are spread over hours.
 * @param maxPasses most reads of the input. Default 4: one pass finds the session and its
 *     credential hand-outs, one more follows its keys and the principals it created, and each
 *     further pass follows one more link of a chain (a role assumed by a role it assumed).
 * @param principalArns extra principals analysed as if they were the instance session, matched on
 *     the exact ARN or as an ARN prefix followed by {@code /}. Empty by default; used to replay
 *     attack simulations whose calls are not made by an instance.
 */
public record ApiActivityOptions(
    double baselineFraction,
    Duration minBaselineSpan,
    int sweepMinRegions,
    Duration sweepWindow,
    int maxPasses,
    Set<String> principalArns) {

  public ApiActivityOptions {
    if (!(baselineFraction >= 0 && baselineFraction <= 1)) {
      throw new IllegalArgumentException(
          "invalid baselineFraction " + baselineFraction + ": expected a value from 0 to 1");
    }
    if (minBaselineSpan == null || minBaselineSpan.isNegative()) {
      throw new IllegalArgumentException(
          "invalid minBaselineSpan " + minBaselineSpan + ": expected zero or a positive duration");
    }
    if (sweepMinRegions < 2) {
      throw new IllegalArgumentException(
          "invalid sweepMinRegions " + sweepMinRegions + ": expected 2 or more regions");
    }
    if (sweepWindow == null || sweepWindow.isNegative() || sweepWindow.isZero()) {
      throw new IllegalArgumentException(
          "invalid sweepWindow " + sweepWindow + ": expected a positive duration");
    }
    if (maxPasses < 2) {
      throw new IllegalArgumentException(
          "invalid maxPasses " + maxPasses + ": expected 2 or more, one to find the session"
              + " and one to follow its keys");
    }
    principalArns = principalArns == null ? Set.of() : Set.copyOf(principalArns);
  }

  public static ApiActivityOptions defaults() {
    return new ApiActivityOptions(0.2, Duration.ofHours(1), 5, Duration.ofMinutes(10), 4, Set.of());
  }
}
