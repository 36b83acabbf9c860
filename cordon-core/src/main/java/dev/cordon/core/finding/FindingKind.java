package dev.cordon.core.finding;

/** The {@code kind} values of findings in the JSON schema. */
public final class FindingKind {
  public static final String BEACON = "beacon";
  public static final String EXFILTRATION = "exfiltration";
  public static final String THREAT_INTEL_MATCH = "threat-intel-match";
  public static final String UNUSUAL_PORT = "unusual-port";
  public static final String NEW_DESTINATION = "new-destination";
  public static final String LONG_CONNECTION = "long-connection";
  /** One local address tried connections to a great many destinations or ports. */
  public static final String NETWORK_SCAN = "network-scan";
  /** Another host than the suspect contacted a flagged address. */
  public static final String IOC_CONTACT = "ioc-contact";
  /** A suspicious CloudTrail call or rule hit. */
  public static final String API_ACTIVITY = "api-activity";
  public static final String CREDENTIAL_EXFILTRATION = "credential-exfiltration";
  public static final String FOLLOW_ON_PRINCIPAL = "follow-on-principal";
  public static final String GUARDDUTY_FINDING = "guardduty-finding";
  /** A call made by Cordon or the responders, labelled so it is not taken for the attacker's. */
  public static final String RESPONSE_ACTION = "response-action";
  /** Per-destination traffic totals of the suspect, reported for context. */
  public static final String TRAFFIC_SUMMARY = "traffic-summary";

  private FindingKind() {}
}
