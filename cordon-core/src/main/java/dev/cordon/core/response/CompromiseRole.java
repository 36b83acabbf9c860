package dev.cordon.core.response;

import dev.cordon.core.guardduty.GuardDutyFinding;
import java.util.List;
import java.util.Locale;

/**
 * Whether the instance is the attacker's foothold (it runs their code and reaches out) or the
 * target of attacks from outside. Decided from the finding type and connection direction rather
 * than {@code resourceRole}, which GuardDuty's own sample findings set inconsistently.
 */
public enum CompromiseRole {
  /** The instance acts for the attacker: C2 traffic, mining, outbound scans or attacks. */
  FOOTHOLD,
  /** The instance is attacked from outside: an inbound probe or brute force. */
  VICTIM,
  /** No finding, or one whose type and direction decide nothing. */
  UNKNOWN;

  /** Type prefixes of findings raised for what the instance itself does. */
  private static final List<String> FOOTHOLD_TYPES = List.of(
      "backdoor:ec2/", "trojan:ec2/", "cryptocurrency:ec2/", "impact:ec2/", "unauthorizedaccess:ec2/torclient",
      "unauthorizedaccess:ec2/torrelay", "unauthorizedaccess:ec2/maliciousipcaller", "recon:ec2/portscan",
      "behavior:ec2/", "defenseevasion:ec2/", "policy:ec2/");

  /** Type prefixes of findings raised for attacks that reach the instance. */
  private static final List<String> VICTIM_TYPES = List.of(
      "recon:ec2/portprobe", "unauthorizedaccess:ec2/sshbruteforce", "unauthorizedaccess:ec2/rdpbruteforce");

  /** Returns the role with what decided it, for the plan's first line. */
  public String explanation() {
    return switch (this) {
      case FOOTHOLD -> "foothold: the finding shows it acting for the attacker";
      case VICTIM -> "victim: the finding shows it attacked from outside";
      case UNKNOWN -> "role unknown: no finding, or one that shows neither";
    };
  }

  /** Decides the role; a direction, when present, outweighs the type. */
  public static CompromiseRole of(GuardDutyFinding finding) {
    if (finding == null) {
      return UNKNOWN;
    }
    String type = finding.type() == null ? "" : finding.type().toLowerCase(Locale.ROOT);
    if ("PORT_PROBE".equals(finding.actionType())) {
      return VICTIM;
    }
    if ("INBOUND".equalsIgnoreCase(finding.direction())) {
      return VICTIM;
    }
    if ("OUTBOUND".equalsIgnoreCase(finding.direction())) {
      return FOOTHOLD;
    }
    if (VICTIM_TYPES.stream().anyMatch(type::startsWith)) {
      return VICTIM;
    }
    if (FOOTHOLD_TYPES.stream().anyMatch(type::startsWith)) {
      return FOOTHOLD;
    }
    return UNKNOWN;
  }
}
