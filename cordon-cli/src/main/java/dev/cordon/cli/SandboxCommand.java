package dev.cordon.cli;

import dev.cordon.core.input.InputException;
import dev.cordon.core.input.UsageException;
import dev.cordon.core.investigate.DurationArguments;
import dev.cordon.sandbox.Scenario;
import dev.cordon.sandbox.SandboxServer;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cordon sandbox}: serves a local AWS account on loopback for practice runs, speaking the
 * AWS wire protocols so the AWS CLI and SDKs work against it through {@code --endpoint-url}.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serves a local AWS account on 127.0.0.1 for tests and practice runs, seeded with a scenario"
          + " (by default the built-in incident around i-0abc123def456). It accepts any SigV4"
          + " signature, so it never listens on anything but loopback.",
      "Prints the endpoint URL and the dummy credentials to use, then serves until interrupted"
          + " (Ctrl-C) or until --duration has passed."
    },
    footer = {"", "Examples:", "  cordon sandbox", "  cordon sandbox --port 4567 --duration 30m",
        "  cordon sandbox --scenario my-account.json"})
final class SandboxCommand implements Callable<Integer> {

  @Option(names = "--scenario", paramLabel = "NAME|FILE",
      description = "Scenario to serve: the name of a built-in one (" + Scenario.SEED_INCIDENT + "), or a"
          + " JSON or YAML file in the shape of the sandbox's state dump. Default: ${DEFAULT-VALUE}.",
      defaultValue = Scenario.SEED_INCIDENT)
  String scenario;

  @Option(names = "--port", paramLabel = "N", defaultValue = "4566",
      description = "TCP port on 127.0.0.1, or 0 for any free port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = SandboxServer.DEFAULT_HOST,
      description = "Loopback address to bind (127.0.0.0/8, ::1 or localhost). Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Stop by itself after this long (90s, 30m, 2h). Default: serve until interrupted.")
  String duration;

  @Override
  public Integer call() throws InterruptedException {
    Duration limit = duration == null ? null : DurationArguments.parse("--duration", duration);
    Scenario scenario = scenario();

    SandboxServer sandbox;
    try {
      sandbox = SandboxServer.start(host, port, scenario);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } catch (UncheckedIOException e) {
      throw new UsageException(e.getMessage() + "; choose another --port, or 0 for any free one");
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      sandbox.close();
      stopped.countDown();
    });
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println(sandbox.usage());
    System.out.flush();

    if (limit == null) {
      stopped.await();
    } else if (!stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      Runtime.getRuntime().removeShutdownHook(hook);
      sandbox.close();
      System.err.println("cordon: sandbox stopped after " + duration);
    }
    return ExitCode.OK;
  }

  private Scenario scenario() {
    Path file = Path.of(scenario);
    if (Files.isRegularFile(file)) {
      return Scenario.fromFile(file);
    }
    boolean looksLikePath = scenario.contains("/") || scenario.endsWith(".json")
        || scenario.endsWith(".yaml") || scenario.endsWith(".yml");
    if (looksLikePath) {
      throw new InputException("scenario file not found: " + scenario + "; check the path");
    }
    try {
      return Scenario.resource(scenario);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
