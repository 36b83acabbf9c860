package dev.cordon.core.response;

import dev.cordon.core.aws.AwsException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Context the steps of one contain or release run share: clients, incident, clock and hooks.
 * Steps running in parallel each get their own copy from {@link #forStep}, so the request IDs one
 * step collects never mix with another's.
 */
final class Run {
  /** Request ID that the SDK (2.40.2, AwsResponseMetadata) returns when a response carries none. */
  static final String UNKNOWN_REQUEST_ID = "UNKNOWN";

  final Ec2Client ec2;
  final AwsClients clients;
  final String incidentId;
  final Path directory;
  final Clock clock;
  final Journal journal;
  final ContainmentRequest request;
  final Target target;
  final String operator;
  /** Account of the caller, which owns the instance; null before GetCallerIdentity. */
  final String accountId;
  final Consumer<String> progress;
  final Sleeper sleeper;
  private final CallHook hook;

  private final String currentStep;
  private final List<String> requestIds = new ArrayList<>();

  Run(
      AwsClients clients,
      String incidentId,
      Path directory,
      Clock clock,
      Journal journal,
      ContainmentRequest request,
      Target target,
      String operator,
      String accountId,
      Consumer<String> progress,
      Sleeper sleeper,
      CallHook hook) {
    this.clients = clients;
    this.ec2 = clients.ec2();
    this.incidentId = incidentId;
    this.directory = directory;
    this.clock = clock;
    this.journal = journal;
    this.request = request;
    this.target = target;
    this.operator = operator;
    this.accountId = accountId;
    this.progress = progress;
    this.sleeper = sleeper;
    this.hook = hook;
    this.currentStep = "preflight";
  }

  private Run(Run shared, String step) {
    this.clients = shared.clients;
    this.ec2 = shared.ec2;
    this.incidentId = shared.incidentId;
    this.directory = shared.directory;
    this.clock = shared.clock;
    this.journal = shared.journal;
    this.request = shared.request;
    this.target = shared.target;
    this.operator = shared.operator;
    this.accountId = shared.accountId;
    this.progress = shared.progress;
    this.sleeper = shared.sleeper;
    this.hook = shared.hook;
    this.currentStep = step;
  }

  /** Pauses between polls; tests pass one that returns at once. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(java.time.Duration duration) throws InterruptedException;
  }

  /** Returns the region the EC2 client calls, as instance ARNs need it. */
  String region() {
    return ec2.serviceClientConfiguration().region().id();
  }

  /** Returns the endpoint override the EC2 client calls (the sandbox, say), or null for the AWS default. */
  String endpoint() {
    return ec2.serviceClientConfiguration().endpointOverride().map(java.net.URI::toString).orElse(null);
  }

  /** Returns the step this context calls for, or {@code preflight} before the plan runs. */
  String currentStep() {
    return currentStep;
  }

  /** Returns a context for one run of {@code step}, sharing everything but the request IDs. */
  Run forStep(String step) {
    return new Run(this, step);
  }

  /** Returns the request IDs of the changes the current step made, comma-separated, or null. */
  String requestIds() {
    return requestIds.isEmpty() ? null : String.join(",", requestIds);
  }

  /** Makes a read-only call, turning an SDK failure into an {@link AwsException}. */
  <T extends AwsResponse> T read(String action, String resource, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsException.of(currentStep, action, resource, e);
    }
  }

  /** Makes a call that changes AWS, keeps its request ID, if any, and then runs the crash hook. */
  <T extends AwsResponse> T change(String action, String resource, Supplier<T> call) {
    T response = read(action, resource, call);
    String requestId = knownRequestIds(response.responseMetadata().requestId());
    if (requestId != null) {
      requestIds.add(requestId);
    }
    hook.afterChange(currentStep, action);
    return response;
  }

  /**
   * Returns the comma-separated request IDs of {@code ids} without {@value #UNKNOWN_REQUEST_ID},
   * or null when none is left. Journals written before this filter may contain that placeholder.
   */
  static String knownRequestIds(String ids) {
    if (ids == null) {
      return null;
    }
    List<String> known = java.util.Arrays.stream(ids.split(",")).map(String::strip)
        .filter(id -> !id.isEmpty() && !id.equals(UNKNOWN_REQUEST_ID)).toList();
    return known.isEmpty() ? null : String.join(",", known);
  }
}
