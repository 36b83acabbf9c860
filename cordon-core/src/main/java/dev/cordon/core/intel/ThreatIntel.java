package dev.cordon.core.intel;

import java.util.Optional;

/**
 * A set of known-bad addresses and networks from one or more sources (text lists, STIX 2.1 bundles,
 * the GuardDuty finding's own remote address).
 */
public interface ThreatIntel {

  /** One indicator that matched, and where it came from. */
  record Match(String indicator, String source, String label) {}

  /** Returns the first indicator that contains {@code canonicalIp}, if any. Never does a DNS look-up. */
  Optional<Match> match(String canonicalIp);

  int size();
}
