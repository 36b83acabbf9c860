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
    Integer limit = params.integer("MaxResults");
    String token = params.get("NextToken");
    if (limit == null && token == null) {
      return new Page<>(items, null);
    }
    if (limit != null && (limit < minResults || limit > maxResults)) {
      throw AwsError.invalidValue(
          "MaxResults",
          String.valueOf(limit),
          "Expected a value from " + minResults + " to " + maxResults + ".");
    }
    int size = limit == null ? maxResults : limit;
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
