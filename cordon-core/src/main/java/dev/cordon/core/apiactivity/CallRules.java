package dev.cordon.core.apiactivity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.sigma.SigmaRule;
import dev.cordon.core.sigma.SigmaRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies CloudTrail calls by MITRE ATT&CK Enterprise v19 tactic and technique with Cordon's
 * bundled Sigma rule pack ({@code dev/cordon/rules/}), plus any rules the user loaded. In the
 * pack the first matching rule wins, so specific rules come before the generic enumeration
 * rules; every matching user rule is reported besides.
 *
 * <p>Two pack rules keep a check in Java because Sigma cannot express it: {@code
 * s3-bucket-opened} needs to find account ids in a policy that may arrive as nested JSON or as an
 * escaped string and compare them with the bucket owner's, and {@code
 * ec2-other-instances-terminated} needs the scoped instance id.
 *
 * <p>NOTE: the v19 IDs T1685 (Disable or Modify Tools), T1685.002 (cloud logging) and T1686.001
 * (cloud firewall) are taken from SigmaHQ's v19 re-tagging of its AWS rules, not from the ATT&CK
 * site. The v19 tactics of T1666 (LeaveOrganization), T1070 (log deletion) and T1578.002 (new
 * instances) could not be confirmed, so the pack places them where the behaviour fits.
 */
final class CallRules {
  private static final Pattern ACCOUNT_ID = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
  private static final Pattern API_VERSION_SUFFIX = Pattern.compile("20\\d{6}(v\\d+)?$");

  private final List<CallRule> rules = new ArrayList<>();
  private final List<CallRule> extraRules = new ArrayList<>();
  private final String instanceId;

  /** @param instanceId the scoped instance, so that terminating it is not taken for impact */
  CallRules(String instanceId) {
    this(instanceId, List.of());
  }

  /** @param extraRules rules the user loaded, each reported whenever it matches */
  CallRules(String instanceId, List<SigmaRule> extraRules) {
    this.instanceId = instanceId;
    Map<String, Predicate<CloudTrailEvent>> checks = Map.of(
        "s3-bucket-opened", CallRules::opensToOthers,
        "ec2-other-instances-terminated", this::touchesOtherInstances);
    for (SigmaRule rule : SigmaRules.bundled().loaded()) {
      Predicate<CloudTrailEvent> matches = rule::matches;
      Predicate<CloudTrailEvent> check = checks.get(rule.name());
      rules.add(toCallRule(rule, check == null ? matches : matches.and(check)));
    }
    for (SigmaRule rule : extraRules) {
      this.extraRules.add(toCallRule(rule, rule::matches));
    }
  }

  /** Returns the first pack rule that matches, or empty for calls that are not suspicious. */
  Optional<CallRule> classify(CloudTrailEvent event) {
    if (event.eventName() == null || event.eventSource() == null || event.raw() == null) {
      return Optional.empty();
    }
    for (CallRule rule : rules) {
      if (rule.matches().test(event)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  /** Returns the first pack rule that matches, if any, followed by every user rule that does. */
  List<CallRule> classifyAll(CloudTrailEvent event) {
    Optional<CallRule> first = classify(event);
    if (extraRules.isEmpty()) {
      return first.map(List::of).orElse(List.of());
    }
    List<CallRule> matched = new ArrayList<>();
    first.ifPresent(matched::add);
    if (event.raw() != null) {
      for (CallRule rule : extraRules) {
        if (rule.matches().test(event)) {
          matched.add(rule);
        }
      }
    }
    return matched;
  }

  private static CallRule toCallRule(SigmaRule rule, Predicate<CloudTrailEvent> matches) {
    String tactic = rule.tactic() == null ? "unclassified" : rule.tactic();
    return new CallRule(rule.name(), tactic, rule.techniques(), rule.severity(), rule.routine(),
        matches, rule);
  }

  private boolean touchesOtherInstances(CloudTrailEvent event) {
    JsonNode items = event.requestParameters() == null ? null
        : event.requestParameters().path("instancesSet").path("items");
    if (items == null || !items.isArray() || items.isEmpty()) {
      return true;
    }
    for (JsonNode item : items) {
      if (!item.path("instanceId").asText().equals(instanceId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether a bucket policy, ACL or public access block change can open the bucket to
   * others: a {@code *} principal, the AllUsers or AuthenticatedUsers groups, or removing the
   * public access block. The policy arrives as nested JSON or as a string, so the request text
   * is searched.
   */
  private static boolean opensToOthers(CloudTrailEvent event) {
    if ("DeletePublicAccessBlock".equals(event.eventName())) {
      return true;
    }
    if (event.requestParameters() == null) {
      return false;
    }
    String text = event.requestParameters().toString().replace("\\\"", "\"").replace(" ", "");
    if ("PutBucketPublicAccessBlock".equals(event.eventName())) {
      return text.contains(":false");
    }
    boolean publicGrant = text.contains("\"Principal\":\"*\"") || text.contains("\"AWS\":\"*\"")
        || text.contains("\"AWS\":[\"*\"") || text.contains("AllUsers")
        || text.contains("AuthenticatedUsers");
    return publicGrant || namesOtherAccount(text, event.recipientAccountId());
  }

  /** Returns whether a policy text names a 12-digit account id other than the bucket owner's. */
  private static boolean namesOtherAccount(String text, String ownAccount) {
    Matcher accounts = ACCOUNT_ID.matcher(text);
    while (accounts.find()) {
      if (!accounts.group().equals(ownAccount)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the service part of {@code eventSource}, such as {@code iam}. */
  static String serviceOf(CloudTrailEvent event) {
    String source = event.eventSource();
    int dot = source == null ? -1 : source.indexOf('.');
    return dot < 0 ? String.valueOf(source) : source.substring(0, dot).toLowerCase(Locale.ROOT);
  }

  /** Returns the event name without Lambda's API version suffix ({@code CreateFunction20150331}). */
  static String baseName(CloudTrailEvent event) {
    return API_VERSION_SUFFIX.matcher(event.eventName()).replaceFirst("");
  }

  static boolean isReadCall(CloudTrailEvent event) {
    String name = baseName(event);
    return name.startsWith("Describe") || name.startsWith("List") || name.startsWith("Get");
  }
}
