package dev.cordon.core.aws;

import dev.cordon.core.CordonException;
import java.util.List;

/**
 * Every AWS call succeeded, but the resources they describe are not in the state a step requires,
 * such as an ENI found on another security group than the one Cordon put it on. The command line
 * maps it to exit code 4, as it does a failed call.
 */
public class AwsStateException extends CordonException {
  private static final long serialVersionUID = 1L;

  public AwsStateException(String message) {
    super(message);
  }

  public AwsStateException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates a failure whose message is {@code lines} joined by line separators. */
  public AwsStateException(List<String> lines, Throwable cause) {
    super(lines, cause);
  }
}
