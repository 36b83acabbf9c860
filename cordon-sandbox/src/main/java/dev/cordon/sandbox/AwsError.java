package dev.cordon.sandbox;

/**
 * An error the sandbox returns to the client in the service's own error shape, with the code and
 * HTTP status AWS uses for the same condition.
 */
final class AwsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;

  AwsError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static AwsError badRequest(String code, String message) {
    return new AwsError(400, code, message);
  }

  static AwsError missingParameter(String name) {
    return badRequest(
        "MissingParameter", "The request must contain the parameter " + name + ".");
  }

  static AwsError invalidValue(String name, String value, String expected) {
    return badRequest(
        "InvalidParameterValue",
        "Invalid value '" + value + "' for " + name + ". " + expected);
  }

  /** Returns the EC2 error for a DryRun request that would have succeeded. */
  static AwsError dryRun() {
    return new AwsError(
        412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
  }
}
