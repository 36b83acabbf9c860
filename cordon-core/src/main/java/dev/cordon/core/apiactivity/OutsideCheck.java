package dev.cordon.core.apiactivity;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Whether a call with the instance's credentials came from somewhere other than the instance.
 * Only public address literals outside the expected set count: AWS service names, {@code AWS
 * Internal}, calls a service made on the caller's behalf ({@code invokedBy}), private addresses
 * and calls through a VPC endpoint of the same account do not. A VPC endpoint owned by another
 * account does count, because that is how stolen keys are used from an attacker's own AWS account.
 */
final class OutsideCheck {
  private final Set<String> expected;

  /** @param expected canonical egress addresses; when empty, nothing is outside */
  OutsideCheck(Set<String> expected) {
    Set<String> canonical = new LinkedHashSet<>();
    for (String address : expected) {
      String ip = SourceAddress.canonicalIp(address);
      if (ip != null) {
        canonical.add(ip);
      }
    }
    this.expected = Set.copyOf(canonical);
  }

  boolean known() {
    return !expected.isEmpty();
  }

  Set<String> expected() {
    return expected;
  }

  boolean isOutside(CloudTrailEvent event) {
    if (expected.isEmpty() || Evidence.invokedBy(event) != null) {
      return false;
    }
    if (event.raw() != null && event.raw().hasNonNull("vpcEndpointId")) {
      String endpointAccount = event.raw().path("vpcEndpointAccountId").asText(null);
      return endpointAccount != null && event.recipientAccountId() != null
          && !endpointAccount.equals(event.recipientAccountId());
    }
    String ip = SourceAddress.canonicalIp(event.sourceIpAddress());
    return ip != null && !SourceAddress.isPrivate(ip) && !expected.contains(ip);
  }
}
