package dev.cordon.core.apiactivity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.scope.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The instance role's routine calls, learned from the session's calls before the incident, so that
 * an application's steady traffic (its own secret read at start-up, its own parameters, its own
 * bucket) is not reported as the attacker's.
 *
 * <p>A call is routine when the same service, operation, region and resource (secret id, parameter
 * names, bucket, role ARN) was called successfully in the baseline and the call does not come from
 * outside the instance's egress addresses.
 */
final class Baseline {
  private final Instant end;
  private final Set<String> signatures;
  private final Set<String> addressesBefore;

  private Baseline(Instant end, Set<String> signatures, Set<String> addressesBefore) {
    this.end = end;
    this.signatures = signatures;
    this.addressesBefore = addressesBefore;
  }

  /**
   * Learns the baseline from the session's calls in time order. It ends at the earliest of the
   * first call that is never routine, the first call from outside the known egress addresses, and
   * the baseline fraction of a bounded scope window.
   */
  static Baseline learn(List<CloudTrailEvent> session, Scope scope, ApiActivityOptions options,
      CallRules rules, OutsideCheck outside) {
    Instant end = fractionEnd(scope, options);
    for (CloudTrailEvent event : session) {
      if (end != null && !event.eventTime().isBefore(end)) {
        break;
      }
      Optional<CallRule> rule = rules.classify(event);
      if (rule.isPresent() && !rule.get().routine() || outside.isOutside(event)) {
        end = event.eventTime();
        break;
      }
    }

    Set<String> signatures = new HashSet<>();
    Set<String> addresses = new LinkedHashSet<>();
    Instant first = null;
    Instant last = null;
    for (CloudTrailEvent event : session) {
      if (end != null && !event.eventTime().isBefore(end)) {
        break;
      }
      first = first == null ? event.eventTime() : first;
      last = event.eventTime();
      String ip = SourceAddress.canonicalIp(event.sourceIpAddress());
      if (ip != null && !SourceAddress.isPrivate(ip)) {
        addresses.add(ip);
      }
      if (!event.failed()) {
        signatures.add(signature(event));
      }
    }

    boolean longEnough = first != null
        && Duration.between(first, last).compareTo(options.minBaselineSpan()) >= 0;
    return new Baseline(end, longEnough ? signatures : Set.of(), addresses);
  }

  /** Returns whether a session call matches the role's routine calls. */
  boolean isRoutine(CloudTrailEvent event, OutsideCheck outside) {
    return !signatures.isEmpty() && !outside.isOutside(event) && signatures.contains(signature(event));
  }

  /** Returns when the baseline ended, or null when no call ended it. */
  Instant end() {
    return end;
  }

  boolean learned() {
    return !signatures.isEmpty();
  }

  /** Returns the public addresses the session used before the baseline ended. */
  Set<String> addressesBefore() {
    return addressesBefore;
  }

  private static Instant fractionEnd(Scope scope, ApiActivityOptions options) {
    if (scope.since() == null || scope.until() == null) {
      return null;
    }
    long windowMillis = Duration.between(scope.since(), scope.until()).toMillis();
    return scope.since().plusMillis((long) (windowMillis * options.baselineFraction()));
  }

  static String signature(CloudTrailEvent event) {
    return CallRules.serviceOf(event) + "|" + CallRules.baseName(event) + "|" + event.awsRegion()
        + "|" + resourceOf(event);
  }

  /** Returns the resource that distinguishes the application's own reads from the attacker's. */
  static String resourceOf(CloudTrailEvent event) {
    JsonNode request = event.requestParameters();
    if (request == null) {
      return "";
    }
    Set<String> names = new TreeSet<>();
    for (String field : List.of("name", "secretId", "bucketName", "roleArn", "path")) {
      if (request.hasNonNull(field)) {
        names.add(request.get(field).asText());
      }
    }
    for (JsonNode name : request.path("names")) {
      names.add(name.asText());
    }
    return String.join(",", names);
  }
}
