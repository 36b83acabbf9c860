package dev.cordon.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * MaxResults / NextToken pagination. The token is an opaque encoding of the next offset, so it
 * stays valid only while the list does not change between pages, which is enough for a fixture.
 */
final class Pages {
  private static final String TOKEN_PREFIX = "sandbox-offset:";

  private Pages() {}

  /** One page of results and the token of the next page, or null on the last page. */
  record Page<T>(List<T> items, String nextToken) {}

  /**
   * Returns the page that MaxResults and NextToken select.
   *
   * @param minResults smallest MaxResults the operation accepts
   * @param maxResults largest MaxResults the operation accepts
   */
  static <T> Page<T> page(List<T> items, QueryParams params, int minResults, int maxResults) {
    if (params.get("MaxResults") == null && params.get("NextToken") == null) {
      return new Page<>(items, null);
    }
    return page(items, params, "MaxResults", "NextToken", minResults, maxResults, maxResults);
  }

  /**
   * Returns the page that the parameters {@code limitKey} and {@code tokenKey} select, for the
   * services that name them otherwise (IAM's MaxItems and Marker, ELBv2's PageSize and Marker).
   *
   * @param defaultSize page size when the request sets no limit
   */
  static <T> Page<T> page(
      List<T> items,
      QueryParams params,
      String limitKey,
      String tokenKey,
      int minResults,
      int maxResults,
      int defaultSize) {
    Integer limit = params.integer(limitKey);
    String token = params.get(tokenKey);
    if (limit != null && (limit < minResults || limit > maxResults)) {
      throw AwsError.invalidValue(
          limitKey,
          String.valueOf(limit),
          "Expected a value from " + minResults + " to " + maxResults + ".");
    }
    int size = limit == null ? defaultSize : limit;
    int offset = token == null ? 0 : decode(token);
    int end = Math.min(items.size(), offset + size);
    String next = end < items.size() ? encode(end) : null;
    return new Page<>(items.subList(Math.min(offset, items.size()), end), next);
  }

  private static String encode(int offset) {
    byte[] text = (TOKEN_PREFIX + offset).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }

  private static int decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(TOKEN_PREFIX)) {
        int offset = Integer.parseInt(text.substring(TOKEN_PREFIX.length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the error below; NumberFormatException is an IllegalArgumentException.
    }
    throw AwsError.badRequest(
        "InvalidPaginationToken", "The pagination token '" + token + "' is not valid.");
  }
}
