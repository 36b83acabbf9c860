package dev.cordon.cli;

import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cordon} command: responds to a compromised Amazon EC2 instance. */
@Command(
    name = "cordon",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Contain, investigate and clean up a compromised Amazon EC2 instance.",
    footer = {
      "",
      "Exit codes: 0 success, 1 internal error, 2 usage error, 3 input error, 4 AWS error,"
          + " 10 findings of medium severity or higher."
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(Clock.systemUTC(), args));
  }

  /** Runs one command line and returns its exit code; never calls {@link System#exit}. */
  public static int run(Clock clock, String... args) {
    return commandLine(clock).execute(args);
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
    return commandLine;
  }

  @Override
  public void run() {
    commandLine(Clock.systemUTC()).usage(System.err);
  }
}
