package dev.cordon.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Systems Manager state: managed instances and the commands sent to them. */
final class SsmModel {
  private SsmModel() {}

  /** An instance that runs the SSM Agent and has registered with Systems Manager. */
  static final class ManagedInstance {
    String instanceId;
    /** Online, ConnectionLost or Inactive. */
    String pingStatus = "Online";
    Instant lastPingDateTime;
    String agentVersion;
    String platformType = "Linux";
    String platformName;
    String platformVersion;
    String ipAddress;
    String computerName;
    /** Size of the synthetic memory image the fake agent uploads for a Cordon capture script. */
    long memoryImageBytes = 12L << 20;
    /**
     * Outcome the fake agent gives a Cordon capture: null to succeed, {@code Failed} (the tool exits
     * with status 1), {@code TimedOut} or {@code Undeliverable}.
     */
    String captureFailure;
  }

  /**
   * A command from SendCommand. The sandbox runs nothing but Cordon's memory capture script (see
   * {@link SsmAgent}): other invocations read Pending, then InProgress, then Success with empty
   * output, one step per GetCommandInvocation call.
   */
  static final class Command {
    String commandId;
    String documentName;
    String comment;
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    Instant requestedDateTime;
    List<Invocation> invocations = new ArrayList<>();
  }

  /** A command's invocation on one instance. */
  static final class Invocation {
    String instanceId;
    String status = "Pending";
    /** Whether {@link SsmAgent} runs this invocation and sets its status and output itself. */
    boolean runByAgent;
    String statusDetails;
    int responseCode = -1;
    String standardOutput = "";
    String standardError = "";
  }
}
