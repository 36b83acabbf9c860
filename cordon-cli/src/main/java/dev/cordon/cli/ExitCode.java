package dev.cordon.cli;

/** The exit codes of every {@code cordon} command, documented in the README. */
public final class ExitCode {
  /** The command ran and found nothing that needs attention. */
  public static final int OK = 0;
  /** A bug in Cordon: an unexpected exception. */
  public static final int SOFTWARE_ERROR = 1;
  /**
   * The command line is invalid (unknown option, missing argument, conflicting flags), or it
   * conflicts with another run that has locked the incident or instance.
   */
  public static final int USAGE = 2;
  /** An input file or directory is missing, unreadable or of no known format. */
  public static final int INPUT_ERROR = 3;
  /** An AWS call failed: permission, throttling that outlasted retries, a service error. */
  public static final int AWS_ERROR = 4;
  /** The command ran and reported findings of medium severity or higher. */
  public static final int FINDINGS = 10;

  private ExitCode() {}
}
