package dev.cordon.core.input;

import dev.cordon.core.CordonException;

/** An input file that cannot be read at all: missing, unreadable, or not of any format Cordon reads. */
public class InputException extends CordonException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
