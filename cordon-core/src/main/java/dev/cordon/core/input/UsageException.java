package dev.cordon.core.input;

import dev.cordon.core.CordonException;

/** A request that cannot run as given: conflicting or missing options, an invalid value. */
public class UsageException extends CordonException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
