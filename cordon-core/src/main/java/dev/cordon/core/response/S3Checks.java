package dev.cordon.core.response;

import dev.cordon.core.aws.AwsException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Existence checks of the buckets and objects a plan uses, made before any change. A HEAD response
 * carries no error document, so the HTTP status decides: 404 is missing, 403 is not readable.
 */
final class S3Checks {
  private static final int FORBIDDEN = 403;
  private static final int NOT_FOUND = 404;

  private S3Checks() {}

  /** Returns why {@code bucket} cannot be used (HeadBucket), or null when it exists and is readable. */
  static String bucketProblem(Run run, String bucket) {
    return bucketProblem(run.clients.s3(), run.currentStep(), bucket);
  }

  static String bucketProblem(S3Client s3, String step, String bucket) {
    try {
      s3.headBucket(request -> request.bucket(bucket));
      return null;
    } catch (S3Exception e) {
      return problem(e, "bucket " + bucket, step, "HeadBucket");
    } catch (SdkException e) {
      throw AwsException.of(step, "HeadBucket", bucket, e);
    }
  }

  /** Returns why {@code s3://bucket/key} cannot be read (HeadObject), or null when it exists. */
  static String objectProblem(Run run, String bucket, String key) {
    String uri = "s3://" + bucket + "/" + key;
    try {
      run.clients.s3().headObject(request -> request.bucket(bucket).key(key));
      return null;
    } catch (S3Exception e) {
      return problem(e, "object " + uri, run.currentStep(), "HeadObject");
    } catch (SdkException e) {
      throw AwsException.of(run.currentStep(), "HeadObject", uri, e);
    }
  }

  private static String problem(S3Exception e, String what, String step, String action) {
    if (e.statusCode() == NOT_FOUND) {
      return what + " not found (" + action + " returned HTTP 404)";
    }
    if (e.statusCode() == FORBIDDEN) {
      return what + " is not readable with these credentials (" + action + " returned HTTP 403)";
    }
    throw AwsException.of(step, action, what, e);
  }
}
