package dev.cordon.core.aws;

import dev.cordon.core.CordonException;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A failed AWS call, after the SDK's retries: which step made it, on which resource, the error code
 * AWS returned and the request ID to quote to AWS Support. The command line maps it to exit code 4.
 */
public class AwsException extends CordonException {
  private static final long serialVersionUID = 1L;

  /** Error code used when no response arrived (connection refused, timeout). */
  public static final String NO_RESPONSE = "NoResponse";

  private final String step;
  private final String resource;
  private final String errorCode;
  private final String requestId;

  public AwsException(
      String message, String step, String resource, String errorCode, String requestId, Throwable cause) {
    super(message, cause);
    this.step = step;
    this.resource = resource;
    this.errorCode = errorCode;
    this.requestId = requestId;
  }

  /** Creates a failed call whose message is {@code lines} joined by line separators. */
  public AwsException(
      List<String> lines, String step, String resource, String errorCode, String requestId, Throwable cause) {
    super(lines, cause);
    this.step = step;
    this.resource = resource;
    this.errorCode = errorCode;
    this.requestId = requestId;
  }

  /**
   * Wraps an SDK failure of {@code action} in {@code step} on {@code resource}, keeping the error
   * code and request ID of a service error.
   */
  public static AwsException of(String step, String action, String resource, SdkException failure) {
    String code = NO_RESPONSE;
    String requestId = null;
    String detail = failure.getMessage();
    if (failure instanceof AwsServiceException service) {
      requestId = service.requestId();
      if (service.awsErrorDetails() != null) {
        code = service.awsErrorDetails().errorCode();
        detail = service.awsErrorDetails().errorMessage();
      }
      if (code == null) {
        // An answer that is not an AWS error, as from a wrong --endpoint-url.
        code = "an error without an AWS error code (HTTP " + service.statusCode() + ")";
      }
    }
    if (detail == null) {
      detail = "no message; check that --endpoint-url points at the AWS service";
    }
    String message =
        "Step "
            + step
            + " failed: "
            + action
            + " on "
            + resource
            + " returned "
            + code
            + (requestId == null ? "" : " (request ID " + requestId + ")")
            + ": "
            + detail;
    return new AwsException(message, step, resource, code, requestId, failure);
  }

  /** Returns the step that made the call, such as {@code isolate-eni}. */
  public String step() {
    return step;
  }

  /** Returns the resource ID the call targeted. */
  public String resource() {
    return resource;
  }

  /** Returns the AWS error code, or {@link #NO_RESPONSE} when no response arrived. */
  public String errorCode() {
    return errorCode;
  }

  /** Returns the AWS request ID, or null when no response arrived. */
  public String requestId() {
    return requestId;
  }
}
