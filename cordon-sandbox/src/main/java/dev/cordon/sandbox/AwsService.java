package dev.cordon.sandbox;

/** One AWS service the sandbox serves, identified by its SigV4 signing name. */
interface AwsService {
  /** Returns the SigV4 signing name, for example {@code ec2} or {@code sts}. */
  String signingName();

  /**
   * Runs {@code action} against the state and returns the response body.
   *
   * @throws AwsError for any condition where AWS returns an error
   */
  String handle(String action, QueryParams params, RequestContext context);

  /** Renders {@code error} in this service's error shape. */
  String errorBody(AwsError error, String requestId);
}
