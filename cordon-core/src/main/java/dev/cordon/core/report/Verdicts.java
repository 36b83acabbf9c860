package dev.cordon.core.report;

import dev.cordon.core.finding.ByteSizes;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes a {@link Verdict} from findings.
 *
 * <p>Command and control: the address is the one with the best beacon score, else the first
 * threat-intel match, else the GuardDuty finding's remote address. Confidence is {@code high} for
 * a beacon scoring at least {@value #HIGH_BEACON_SCORE} or a beacon that threat intel or GuardDuty
 * also flags, {@code medium} for a beacon scoring at least {@value #MEDIUM_BEACON_SCORE} or a flag
 * without a beacon, {@code low} otherwise. Contacts by other hosts ({@code ioc-contact}) do not
 * count, because they show another host's traffic.
 *
 * <p>Persistence: any {@code follow-on-principal} finding, or an {@code api-activity} finding with
 * the ATT&CK tactic {@code persistence}. The principals listed are those of the follow-on findings.
 */
final class Verdicts {
  static final double HIGH_BEACON_SCORE = 0.8;
  static final double MEDIUM_BEACON_SCORE = 0.5;
  private static final String PERSISTENCE_TACTIC = "persistence";

  private Verdicts() {}

  static Verdict compute(List<Finding> findings) {
    Verdict.CommandAndControl c2 = commandAndControl(findings);
    Verdict.Exfiltration exfiltration = exfiltration(findings);
    Verdict.CredentialTheft theft = credentialTheft(findings);
    Verdict.Persistence persistence = persistence(findings);
    Severity highest = findings.stream()
        .map(Finding::severity)
        .max(Comparator.naturalOrder())
        .orElse(null);
    String headline = headline(findings.size(), highest, c2, exfiltration, theft, persistence);
    return new Verdict(c2, exfiltration, theft, persistence, highest, headline);
  }

  static Verdict.CommandAndControl commandAndControl(List<Finding> findings) {
    Optional<Finding> bestBeacon = ofKind(findings, FindingKind.BEACON).stream()
        .filter(f -> f.remoteIp() != null)
        .max(Comparator.comparingDouble(f -> f.score() == null ? 0 : f.score()));
    // An intel match is command and control only when the instance itself opened accepted
    // connections to the address, which the network analysis rates critical; traffic that the
    // address started (a scan, a brute force) or that was rejected is not.
    List<Finding> flags = new ArrayList<>(ofKind(findings, FindingKind.THREAT_INTEL_MATCH));
    flags.removeIf(f -> f.severity() != Severity.CRITICAL);
    flags.addAll(ofKind(findings, FindingKind.GUARDDUTY_FINDING));
    flags.removeIf(f -> f.remoteIp() == null);

    Finding lead = bestBeacon.orElse(flags.isEmpty() ? null : flags.get(0));
    if (lead == null) {
      return new Verdict.CommandAndControl(false, null, null, null, null, List.of());
    }
    String address = lead.remoteIp();
    Integer port = lead.remotePort();

    Double beaconScore = bestBeacon.map(f -> f.score() == null ? 0.0 : f.score()).orElse(null);
    Set<String> evidence = new LinkedHashSet<>();
    for (Finding f : findings) {
      boolean counts = f.kind().equals(FindingKind.BEACON)
          || f.kind().equals(FindingKind.THREAT_INTEL_MATCH) && f.severity() == Severity.CRITICAL
          || f.kind().equals(FindingKind.GUARDDUTY_FINDING);
      if (counts && address.equals(f.remoteIp())) {
        evidence.add(f.kind());
        port = port != null ? port : f.remotePort();
      }
    }
    boolean corroborated = evidence.contains(FindingKind.THREAT_INTEL_MATCH)
        || evidence.contains(FindingKind.GUARDDUTY_FINDING);
    String confidence = confidence(beaconScore, corroborated);
    List<String> orderedEvidence = evidence.stream().sorted().toList();
    return new Verdict.CommandAndControl(true, address, port, confidence, beaconScore, orderedEvidence);
  }

  private static String confidence(Double beaconScore, boolean corroborated) {
    if (beaconScore == null) {
      return "medium";
    }
    if (beaconScore >= HIGH_BEACON_SCORE || corroborated) {
      return "high";
    }
    return beaconScore >= MEDIUM_BEACON_SCORE ? "medium" : "low";
  }

  static Verdict.Exfiltration exfiltration(List<Finding> findings) {
    Map<String, Long> bytesByDestination = new LinkedHashMap<>();
    long total = 0;
    for (Finding f : ofKind(findings, FindingKind.EXFILTRATION)) {
      long bytes = f.bytesOut() == null ? 0 : f.bytesOut();
      total += bytes;
      if (f.remoteIp() != null) {
        bytesByDestination.merge(f.remoteIp(), bytes, Long::sum);
      }
    }
    boolean detected = !ofKind(findings, FindingKind.EXFILTRATION).isEmpty();
    List<String> destinations = bytesByDestination.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(Map.Entry::getKey)
        .toList();
    return new Verdict.Exfiltration(detected, total, destinations);
  }

  static Verdict.CredentialTheft credentialTheft(List<Finding> findings) {
    List<Finding> uses = ofKind(findings, FindingKind.CREDENTIAL_EXFILTRATION);
    Set<String> keys = new LinkedHashSet<>();
    Set<String> sources = new LinkedHashSet<>();
    uses.stream()
        .sorted(Comparator.comparing(Finding::firstSeen, Comparator.nullsLast(Comparator.naturalOrder())))
        .forEach(f -> {
          addIfPresent(keys, f.accessKeyId());
          addIfPresent(sources, f.sourceIp());
        });
    return new Verdict.CredentialTheft(!uses.isEmpty(), List.copyOf(keys), List.copyOf(sources));
  }

  static Verdict.Persistence persistence(List<Finding> findings) {
    List<Finding> followOn = ofKind(findings, FindingKind.FOLLOW_ON_PRINCIPAL);
    boolean persistenceCall = ofKind(findings, FindingKind.API_ACTIVITY).stream()
        .anyMatch(f -> PERSISTENCE_TACTIC.equals(f.tactic()));
    Set<String> principals = new LinkedHashSet<>();
    followOn.forEach(f -> addIfPresent(principals, f.principal()));
    return new Verdict.Persistence(!followOn.isEmpty() || persistenceCall, List.copyOf(principals));
  }

  /**
   * Builds a line such as {@code CRITICAL: Command and control to 203.0.113.100:443 (high
   * confidence); 2.1 GB exfiltrated to 198.51.100.77.}
   */
  static String headline(int findingCount, Severity highest, Verdict.CommandAndControl c2,
      Verdict.Exfiltration exfiltration, Verdict.CredentialTheft theft, Verdict.Persistence persistence) {
    if (findingCount == 0) {
      return "No findings: no command and control, exfiltration, credential theft or persistence"
          + " in the inputs read.";
    }
    List<String> parts = new ArrayList<>();
    if (c2.detected()) {
      String port = c2.port() == null ? "" : ":" + c2.port();
      parts.add("command and control to " + c2.address() + port + " (" + c2.confidence() + " confidence)");
    }
    if (exfiltration.detected()) {
      parts.add(ByteSizes.brief(exfiltration.bytes()) + " exfiltrated" + listed(" to ", exfiltration.destinations()));
    }
    if (theft.detected()) {
      parts.add("instance credentials used" + listed(" from ", theft.sourceIps()));
    }
    if (persistence.detected()) {
      parts.add("persistence" + listed(" through ", persistence.principals()));
    }
    String level = highest.name();
    if (parts.isEmpty()) {
      return level + ": " + findingCount + (findingCount == 1 ? " finding" : " findings")
          + ", but no command and control, exfiltration, credential theft or persistence.";
    }
    String joined = String.join("; ", parts);
    return level + ": " + joined.substring(0, 1).toUpperCase(Locale.ROOT) + joined.substring(1) + ".";
  }

  /** Returns {@code prefix} and the first value, with a count of the rest, or empty for none. */
  private static String listed(String prefix, List<String> values) {
    if (values.isEmpty()) {
      return "";
    }
    String more = values.size() > 1 ? " and " + (values.size() - 1) + " more" : "";
    return prefix + values.get(0) + more;
  }

  private static List<Finding> ofKind(List<Finding> findings, String kind) {
    return findings.stream().filter(f -> kind.equals(f.kind())).toList();
  }

  private static void addIfPresent(Set<String> values, String value) {
    if (value != null) {
      values.add(value);
    }
  }
}
