package dev.cordon.sandbox;

import com.google.common.net.InetAddresses;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local AWS account served over HTTP on a loopback address, speaking the AWS wire protocols so
 * the real AWS SDKs and CLI work against it through an endpoint override. Tests start one per
 * class on a free port; {@code ./cordon sandbox} serves one for practice.
 *
 * <p>It binds only to 127.0.0.0/8 or ::1 and rejects any other address, because it accepts every
 * signature and must never be reachable from another machine.
 */
public final class SandboxServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxServer.class);

  /** Default bind address. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /**
   * HTTP handler threads. Injected latency is waited in these threads outside the state lock, so
   * this bounds how many delayed calls overlap; requests beyond it queue.
   */
  private static final int HANDLER_THREADS = 16;

  private final HttpServer server;
  private final ExecutorService executor;
  private final AccountState state;
  private final URI endpoint;

  private SandboxServer(HttpServer server, ExecutorService executor, AccountState state) {
    this.server = server;
    this.executor = executor;
    this.state = state;
    InetSocketAddress bound = server.getAddress();
    String host = InetAddresses.toUriString(bound.getAddress());
    this.endpoint = URI.create("http://" + host + ":" + bound.getPort());
  }

  /** Starts the built-in seed incident on a free port of 127.0.0.1. */
  public static SandboxServer start() {
    return start(DEFAULT_HOST, 0, Scenario.builtIn());
  }

  /** Starts {@code scenario} on a free port of 127.0.0.1. */
  public static SandboxServer start(Scenario scenario) {
    return start(DEFAULT_HOST, 0, scenario);
  }

  /**
   * Starts {@code scenario} on {@code host}:{@code port}.
   *
   * @param host a loopback literal (127.0.0.0/8 or ::1) or {@code localhost}
   * @param port TCP port, or 0 for a free one
   * @throws IllegalArgumentException when {@code host} is not loopback or the port is out of range
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static SandboxServer start(String host, int port, Scenario scenario) {
    InetAddress address = loopbackAddress(host);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "Invalid port " + port + ": expected 0 (any free port) to 65535.");
    }
    AccountState state = scenario.newState(Clock.systemUTC());

    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to bind the sandbox to " + host + ":" + port + ": " + e.getMessage(), e);
    }
    Map<String, AwsService> services = new LinkedHashMap<>();
    for (AwsService service : new AwsService[] {
        new Ec2Service(), new StsService(), new IamService(), new AutoScalingService(), new Elbv2Service(),
        new CloudTrailService(), new CloudWatchLogsService(), new SecretsManagerService(), new SsmService(),
        new EventBridgeService(), new GuardDutyService(), new SnsService(), new S3Service()}) {
      services.put(service.signingName(), service);
    }
    ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS, SandboxServer::daemon);
    server.createContext("/", new SandboxHandler(state, services));
    server.setExecutor(executor);
    server.start();

    SandboxServer sandbox = new SandboxServer(server, executor, state);
    log.info(
        "Sandbox started on {} with scenario {} (account {}, region {})",
        sandbox.endpoint,
        scenario.name(),
        state.accountId,
        state.region);
    return sandbox;
  }

  /**
   * Parses {@code host} without any DNS look-up and returns it when it is loopback.
   *
   * @throws IllegalArgumentException otherwise
   */
  static InetAddress loopbackAddress(String host) {
    if (host == null) {
      throw new IllegalArgumentException("Missing bind address: use 127.0.0.1.");
    }
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.toLowerCase(Locale.ROOT).equals("localhost")) {
      return InetAddresses.forString(DEFAULT_HOST);
    }
    if (InetAddresses.isInetAddress(bare)) {
      InetAddress address = InetAddresses.forString(bare);
      if (address.isLoopbackAddress()) {
        return address;
      }
    }
    throw new IllegalArgumentException(
        "Rejected bind address '"
            + host
            + "': the sandbox accepts any signature, so it binds only to a loopback address"
            + " (127.0.0.1, another 127.0.0.0/8 address, ::1 or localhost).");
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "cordon-sandbox-http");
    thread.setDaemon(true);
    return thread;
  }

  /** Returns the URL to pass as {@code --endpoint-url}, for example {@code http://127.0.0.1:4566}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Returns the live state; read it through {@link AccountState#toJson()}. */
  public AccountState state() {
    return state;
  }

  /** Returns the fault injection settings, to change while the sandbox serves. */
  public Faults faults() {
    return state.faults;
  }

  /**
   * Issues credentials of {@code instanceId}'s profile role, as the instance would read them from
   * its metadata service, so a test can call the sandbox from that instance. Calls made with them
   * see {@code ec2:SourceInstanceARN} set to the instance's ARN and {@code aws:TokenIssueTime} set
   * to the current scenario time, and the caller's address as {@code aws:SourceIp}.
   *
   * @throws IllegalArgumentException when the instance is unknown or has no profile with a role
   */
  public InstanceCredentials instanceCredentials(String instanceId) {
    return instanceCredentials(instanceId, null);
  }

  /**
   * Issues instance credentials as {@link #instanceCredentials(String)} does, whose calls carry
   * {@code sourceIp} as {@code aws:SourceIp}, for example the attacker's address when the
   * credentials were stolen.
   *
   * @param sourceIp an IPv4 or IPv6 literal, or null for the caller's address
   */
  public InstanceCredentials instanceCredentials(String instanceId, String sourceIp) {
    if (sourceIp != null && !InetAddresses.isInetAddress(sourceIp)) {
      throw new IllegalArgumentException("Invalid source address '" + sourceIp + "': expected an IPv4 or IPv6 literal.");
    }
    return state.withLock(() -> InstanceCredentialIssuer.issue(state, instanceId, sourceIp));
  }

  /** Returns the state dump as indented JSON. */
  public String stateJson() {
    return state.toJson();
  }

  /** Stops serving at once and releases the port. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("Sandbox on {} stopped", endpoint);
  }

  /**
   * Serves a scenario until the process is killed: {@code [--scenario FILE] [--port N]}. Prints
   * the endpoint and the dummy credentials to use.
   */
  public static void main(String[] args) throws InterruptedException {
    Scenario scenario = Scenario.builtIn();
    int port = 4566;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--scenario") && i + 1 < args.length) {
        scenario = Scenario.fromFile(java.nio.file.Path.of(args[++i]));
      } else if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        throw new IllegalArgumentException(
            "Invalid argument '" + args[i] + "': expected --scenario FILE or --port N.");
      }
    }
    SandboxServer sandbox = start(DEFAULT_HOST, port, scenario);
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
    System.out.println(sandbox.usage());
    Thread.currentThread().join();
  }

  /** Returns the instructions a practice user needs: endpoint, region and dummy credentials. */
  public String usage() {
    return String.join(
        System.lineSeparator(),
        "Sandbox AWS account " + state.accountId + " (" + state.region + ") on " + endpoint,
        "  export AWS_ACCESS_KEY_ID=AKIASANDBOXEXAMPLE00",
        "  export AWS_SECRET_ACCESS_KEY=sandbox-secret-not-a-real-key",
        "  export AWS_REGION=" + state.region + " AWS_DEFAULT_REGION=" + state.region
            + " AWS_EC2_METADATA_DISABLED=true",
        "  aws ec2 describe-instances --endpoint-url " + endpoint);
  }
}
