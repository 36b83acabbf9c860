package dev.cordon.cli;

import dev.cordon.core.TerminalText;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/** The {@code cordon} command: responds to a compromised Amazon EC2 instance. */
@Command(
    name = "cordon",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Responds to a compromised Amazon EC2 instance: investigates it from its GuardDuty"
        + " finding, flow logs and CloudTrail, and serves a local AWS account for practice.",
    footer = {
      "",
      "Exit codes: 0 success, 1 internal error, 2 usage error, 3 input error, 4 AWS error,"
          + " 10 findings of medium severity or higher."
    })
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(run(Clock.systemUTC(), args));
  }

  /** Runs one command line and returns its exit code; never calls {@link System#exit}. */
  public static int run(Clock clock, String... args) {
    try {
      return commandLine(clock).execute(args);
    } catch (OutOfMemoryError error) {
      return outOfMemory(error, System.err);
    }
  }

  /**
   * Prints one line on how to raise the heap, not a stack trace: a heap exhausted by a large input
   * is fixed by the user, while a stack trace only buries the fix. Exits as an internal error,
   * because memory is meant to be bounded by the scope, so the input size is worth reporting.
   */
  static int outOfMemory(OutOfMemoryError error, PrintStream err) {
    long maxMegabytes = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    err.println("cordon: out of memory (" + error.getMessage() + ") with a maximum heap of "
        + maxMegabytes + " MB; run again with a larger heap, for example"
        + " CORDON_JAVA_OPTS=-Xmx4g, and report the input size if it is not huge");
    err.flush();
    return ExitCode.SOFTWARE_ERROR;
  }

  static CommandLine commandLine(Clock clock) {
    CommandLine commandLine = new CommandLine(new Main())
        .addSubcommand(new CommandLine.HelpCommand())
        .addSubcommand(new InvestigateCommand(clock))
        .addSubcommand(new DemoCommand(clock))
        .addSubcommand(new SandboxCommand())
        .addSubcommand(new ContainCommand(clock))
        .addSubcommand(new ReleaseCommand(clock))
        .addSubcommand(new StatusCommand());
    commandLine.setExecutionExceptionHandler(new ExitCodes());
    commandLine.setParameterExceptionHandler(Main::rejectUsage);
    return commandLine;
  }

  /** Prints one line for an invalid command line and where to find help, not the whole help. */
  private static int rejectUsage(ParameterException exception, String[] args) {
    CommandLine command = exception.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("cordon: " + TerminalText.escapeLine(exception.getMessage()));
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
    err.flush();
    return ExitCode.USAGE;
  }

  /** Without a command there is nothing to run: prints the usage and exits with a usage error. */
  @Override
  public Integer call() {
    commandLine(Clock.systemUTC()).usage(System.err);
    return ExitCode.USAGE;
  }
}
