package dev.cordon.core.finding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One result of an investigation, with the facts that support it. Only the first four fields are
 * always set; the others apply to some kinds and are {@code null} elsewhere (and left out of the
 * JSON output).
 *
 * @param id stable across runs on the same input: derived from the kind and the facts, not counted
 * @param kind one of {@link FindingKind}
 * @param score 0 to 1, for scored findings such as beacons
 * @param subScores named parts of {@code score}, each 0 to 1
 * @param explanation how the verdict was reached, one sentence per step, for a person to check
 * @param tactic ATT&CK tactic in lower-case words joined by hyphens, such as {@code
 *     privilege-escalation}
 * @param techniques ATT&CK technique IDs such as {@code T1078.004}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
    String id,
    String kind,
    Severity severity,
    String summary,
    String instanceId,
    String localIp,
    String remoteIp,
    Integer remotePort,
    String protocol,
    Long bytesOut,
    Long bytesIn,
    Long packetsOut,
    Long packetsIn,
    Long connections,
    Double periodSeconds,
    Double score,
    Map<String, Double> subScores,
    List<String> explanation,
    String principal,
    String accessKeyId,
    String sourceIp,
    String userAgent,
    String eventName,
    String eventSource,
    String region,
    String errorCode,
    String tactic,
    List<String> techniques,
    String rule,
    List<String> eventIds,
    String intelSource,
    Instant firstSeen,
    Instant lastSeen) {

  public static Builder builder(String kind, Severity severity, String summary) {
    return new Builder(kind, severity, summary);
  }

  /** Builds a finding; {@link #build} derives the id from {@code idKey} unless one was set. */
  public static final class Builder {
    private final String kind;
    private final Severity severity;
    private final String summary;
    private String id;
    private String idKey;
    private String instanceId;
    private String localIp;
    private String remoteIp;
    private Integer remotePort;
    private String protocol;
    private Long bytesOut;
    private Long bytesIn;
    private Long packetsOut;
    private Long packetsIn;
    private Long connections;
    private Double periodSeconds;
    private Double score;
    private Map<String, Double> subScores;
    private List<String> explanation;
    private String principal;
    private String accessKeyId;
    private String sourceIp;
    private String userAgent;
    private String eventName;
    private String eventSource;
    private String region;
    private String errorCode;
    private String tactic;
    private List<String> techniques;
    private String rule;
    private List<String> eventIds;
    private String intelSource;
    private Instant firstSeen;
    private Instant lastSeen;

    private Builder(String kind, Severity severity, String summary) {
      this.kind = kind;
      this.severity = severity;
      this.summary = summary;
    }

    /**
     * Sets the facts that make this finding unique within its kind (for example local address,
     * remote address and port); the id is a short hash of kind and key, so it stays stable.
     */
    public Builder idKey(String key) { this.idKey = key; return this; }
    public Builder id(String value) { this.id = value; return this; }
    public Builder instanceId(String value) { this.instanceId = value; return this; }
    public Builder localIp(String value) { this.localIp = value; return this; }
    public Builder remoteIp(String value) { this.remoteIp = value; return this; }
    public Builder remotePort(Integer value) { this.remotePort = value; return this; }
    public Builder protocol(String value) { this.protocol = value; return this; }
    public Builder bytesOut(Long value) { this.bytesOut = value; return this; }
    public Builder bytesIn(Long value) { this.bytesIn = value; return this; }
    public Builder packetsOut(Long value) { this.packetsOut = value; return this; }
    public Builder packetsIn(Long value) { this.packetsIn = value; return this; }
    public Builder connections(Long value) { this.connections = value; return this; }
    public Builder periodSeconds(Double value) { this.periodSeconds = value; return this; }
    public Builder score(Double value) { this.score = value; return this; }
    public Builder subScores(Map<String, Double> value) { this.subScores = value; return this; }
    public Builder explanation(List<String> value) { this.explanation = value; return this; }
    public Builder principal(String value) { this.principal = value; return this; }
    public Builder accessKeyId(String value) { this.accessKeyId = value; return this; }
    public Builder sourceIp(String value) { this.sourceIp = value; return this; }
    public Builder userAgent(String value) { this.userAgent = value; return this; }
    public Builder eventName(String value) { this.eventName = value; return this; }
    public Builder eventSource(String value) { this.eventSource = value; return this; }
    public Builder region(String value) { this.region = value; return this; }
    public Builder errorCode(String value) { this.errorCode = value; return this; }
    public Builder tactic(String value) { this.tactic = value; return this; }
    public Builder techniques(List<String> value) { this.techniques = value; return this; }
    public Builder rule(String value) { this.rule = value; return this; }
    public Builder eventIds(List<String> value) { this.eventIds = value; return this; }
    public Builder intelSource(String value) { this.intelSource = value; return this; }
    public Builder firstSeen(Instant value) { this.firstSeen = value; return this; }
    public Builder lastSeen(Instant value) { this.lastSeen = value; return this; }

    public Finding build() {
      String findingId = id != null ? id : FindingIds.of(kind, idKey != null ? idKey : summary);
      return new Finding(findingId, kind, severity, summary, instanceId, localIp, remoteIp,
          remotePort, protocol, bytesOut, bytesIn, packetsOut, packetsIn, connections,
          periodSeconds, score, subScores, explanation, principal, accessKeyId, sourceIp,
          userAgent, eventName, eventSource, region, errorCode, tactic, techniques, rule,
          eventIds, intelSource, firstSeen, lastSeen);
    }
  }
}
