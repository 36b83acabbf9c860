package dev.cordon.core.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.Severity;
import java.util.List;

/**
 * The four questions a responder asks first, answered from the findings, plus the highest severity
 * and a one-line headline. The answers only summarise; the findings carry the evidence.
 *
 * @param highestSeverity the most severe finding's severity, or null when there are no findings
 * @param headline one line for a pager or a terminal; built from log values, so renderers escape it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"commandAndControl", "exfiltration", "credentialTheft", "persistence",
    "highestSeverity", "headline"})
public record Verdict(
    CommandAndControl commandAndControl,
    Exfiltration exfiltration,
    CredentialTheft credentialTheft,
    Persistence persistence,
    Severity highestSeverity,
    String headline) {

  /**
   * Result of "does the instance talk to a command-and-control server?".
   *
   * @param address the most likely server, or null when not detected
   * @param port its port, when known
   * @param confidence {@code high}, {@code medium} or {@code low}; see {@link Verdicts}
   * @param beaconScore the best beacon score (0 to 1) towards {@code address}, or null
   * @param evidence the finding kinds that point at {@code address}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"detected", "address", "port", "confidence", "beaconScore", "evidence"})
  public record CommandAndControl(boolean detected, String address, Integer port, String confidence,
      Double beaconScore, List<String> evidence) {
    public CommandAndControl {
      evidence = List.copyOf(evidence);
    }
  }

  /**
   * Result of "did data leave the instance in bulk?".
   *
   * @param bytes bytes sent out over every exfiltration finding
   * @param destinations remote addresses, largest transfer first
   */
  @JsonPropertyOrder({"detected", "bytes", "destinations"})
  public record Exfiltration(boolean detected, long bytes, List<String> destinations) {
    public Exfiltration {
      destinations = List.copyOf(destinations);
    }
  }

  /**
   * Result of "were the instance's credentials used from outside it?".
   *
   * @param accessKeyIds the keys seen outside, in order of first use
   * @param sourceIps the addresses they were used from
   */
  @JsonPropertyOrder({"detected", "accessKeyIds", "sourceIps"})
  public record CredentialTheft(boolean detected, List<String> accessKeyIds, List<String> sourceIps) {
    public CredentialTheft {
      accessKeyIds = List.copyOf(accessKeyIds);
      sourceIps = List.copyOf(sourceIps);
    }
  }

  /**
   * Result of "did the attacker leave a way back in?".
   *
   * @param principals users, roles or keys the attacker created or took over
   */
  @JsonPropertyOrder({"detected", "principals"})
  public record Persistence(boolean detected, List<String> principals) {
    public Persistence {
      principals = List.copyOf(principals);
    }
  }

  /** Computes the verdict from {@code findings}. */
  public static Verdict of(List<Finding> findings) {
    return Verdicts.compute(findings);
  }
}
