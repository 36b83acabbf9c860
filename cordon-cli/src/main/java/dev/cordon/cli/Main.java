package dev.cordon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cordon} command: responds to a compromised Amazon EC2 instance. */
@Command(
    name = "cordon",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Contain, investigate and clean up a compromised Amazon EC2 instance.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code; never calls {@link System#exit}. */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }
}
