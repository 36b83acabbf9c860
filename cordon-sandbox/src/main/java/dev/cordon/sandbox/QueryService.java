package dev.cordon.sandbox;

/**
 * Base of services on an AWS query protocol (EC2's own and the one STS, IAM, Auto Scaling and
 * ELBv2 share): the operation is the {@code Action} parameter and every body is XML.
 */
abstract class QueryService implements AwsService {

  @Override
  public final SandboxResponse handle(SandboxRequest request, RequestContext context) {
    String action = request.params().get("Action");
    if (action == null || action.isEmpty()) {
      throw AwsError.missingParameter("Action");
    }
    return SandboxResponse.xml(200, handle(action, request.params(), context));
  }

  @Override
  public final SandboxResponse error(AwsError error, String requestId) {
    return SandboxResponse.xml(error.status, errorBody(error, requestId));
  }

  /**
   * Runs {@code action} and returns the XML response document.
   *
   * @throws AwsError for any condition where AWS returns an error
   */
  abstract String handle(String action, QueryParams params, RequestContext context);

  /** Renders {@code error} as this protocol's XML error document. */
  abstract String errorBody(AwsError error, String requestId);
}
