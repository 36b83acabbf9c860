package dev.cordon.sandbox;

/**
 * One AWS service the sandbox serves, identified by its SigV4 signing name. The handler calls
 * {@link #handle} with the account state locked.
 */
interface AwsService {
  /** Returns the SigV4 signing name, for example {@code ec2} or {@code sts}. */
  String signingName();

  /**
   * Runs the request against the state and returns the response.
   *
   * @throws AwsError for any condition where AWS returns an error
   */
  SandboxResponse handle(SandboxRequest request, RequestContext context);

  /** Renders {@code error} in this service's error shape, with its HTTP status. */
  SandboxResponse error(AwsError error, String requestId);

  /**
   * Returns the error this service gives a call an IAM policy denies. The query services answer
   * {@code AccessDenied} with HTTP 403.
   */
  default AwsError accessDenied(String message) {
    return new AwsError(403, "AccessDenied", message);
  }
}
