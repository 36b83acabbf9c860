package dev.cordon.core.sigma;

/** Thrown while compiling a rule that uses a feature the engine lacks or that is invalid. */
final class UnsupportedRuleException extends Exception {
  private static final long serialVersionUID = 1L;

  UnsupportedRuleException(String message) {
    super(message);
  }
}
