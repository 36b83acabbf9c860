package dev.cordon.core;

import java.util.List;

/**
 * Base of the failures a user can act on: bad input, a missing file, an AWS error.
 * The message is one line that names the file, line, resource or step and says what to do next;
 * the command line prints it without a stack trace and maps the subclass to an exit code.
 * A few failures add more lines that Cordon builds, such as the state report after a failed
 * contain or release. {@link #lines} keeps them apart, so a printer can escape a line break inside
 * a value and still start each of these lines on its own.
 */
public class CordonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> lines;

  public CordonException(String message) {
    super(message);
    this.lines = null;
  }

  public CordonException(String message, Throwable cause) {
    super(message, cause);
    this.lines = null;
  }

  /** Creates a failure whose message is {@code lines} joined by line separators. */
  public CordonException(List<String> lines, Throwable cause) {
    super(String.join(System.lineSeparator(), lines), cause);
    this.lines = List.copyOf(lines);
  }

  /**
   * Returns the lines of the message: the message alone, or the lines it was created from. Each
   * line may still contain line breaks from the values it quotes.
   */
  public List<String> lines() {
    return lines == null ? List.of(String.valueOf(getMessage())) : lines;
  }
}
