package dev.cordon.sandbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** MaxResults / NextToken pagination for JSON services, with the service's own error codes. */
final class JsonPages {
  private JsonPages() {}

  /**
   * Returns the page the limit and token members of {@code call} select.
   *
   * @param maxResults largest and default page size
   * @param tokenErrorCode the error code the service returns for a token it did not issue
   */
  static <T> Pages.Page<T> page(
      List<T> items, JsonCall call, String limitKey, String tokenKey, int maxResults, String tokenErrorCode) {
    Map<String, String> params = new HashMap<>();
    Integer limit = call.integer(limitKey);
    if (limit != null) {
      params.put(limitKey, String.valueOf(limit));
    }
    String token = call.text(tokenKey);
    if (token != null) {
      params.put(tokenKey, token);
    }
    try {
      return Pages.page(items, new QueryParams(params), limitKey, tokenKey, 1, maxResults, maxResults);
    } catch (AwsError error) {
      if (error.code.equals("InvalidPaginationToken")) {
        throw AwsError.badRequest(tokenErrorCode, error.getMessage());
      }
      throw AwsError.badRequest("ValidationException", error.getMessage());
    }
  }
}
