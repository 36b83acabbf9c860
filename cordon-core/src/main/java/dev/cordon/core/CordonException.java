package dev.cordon.core;

/**
 * Base of the failures a user can act on: bad input, a missing file, an AWS error.
 * The message is one line that names the file, line, resource or step and says what to do next;
 * the command line prints it without a stack trace and maps the subclass to an exit code.
 */
public class CordonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CordonException(String message) {
    super(message);
  }

  public CordonException(String message, Throwable cause) {
    super(message, cause);
  }
}
