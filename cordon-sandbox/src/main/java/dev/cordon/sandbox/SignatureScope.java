package dev.cordon.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SigV4 credential scope of a request: access key, date, region and service. The sandbox
 * routes on the service because several services share action names (DescribeTags exists in EC2,
 * Auto Scaling and ELBv2). The signature itself is not verified: any secret is accepted.
 */
record SignatureScope(String accessKeyId, String date, String region, String service) {
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";

  /**
   * Reads the scope from the Authorization header or, for presigned URLs, from the
   * {@code X-Amz-Credential} query parameter.
   *
   * @param authorization the Authorization header, or null
   * @param hasDateHeader whether the request carries {@code X-Amz-Date} or {@code Date}
   * @throws AwsError MissingAuthenticationToken when the request is unsigned, IncompleteSignature
   *     when the signature lacks a part AWS requires
   */
  static SignatureScope of(String authorization, boolean hasDateHeader, QueryParams query) {
    if (authorization == null || authorization.isBlank()) {
      String presigned = query.get("X-Amz-Credential");
      if (presigned == null) {
        throw new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
      }
      if (query.get("X-Amz-Signature") == null) {
        throw incomplete("the presigned URL requires the 'X-Amz-Signature' parameter");
      }
      return parseCredential(presigned);
    }

    String trimmed = authorization.trim();
    if (!trimmed.startsWith(ALGORITHM + " ")) {
      throw incomplete("the Authorization header must start with '" + ALGORITHM + " '");
    }
    Map<String, String> parts = parseParts(trimmed.substring(ALGORITHM.length() + 1));
    for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
      if (!parts.containsKey(required) || parts.get(required).isEmpty()) {
        throw incomplete("the Authorization header requires the '" + required + "' parameter");
      }
    }
    if (!hasDateHeader) {
      throw incomplete(
          "the Authorization header requires either an 'X-Amz-Date' or a 'Date' header");
    }
    return parseCredential(parts.get("Credential"));
  }

  private static Map<String, String> parseParts(String text) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String item = part.trim();
      int equals = item.indexOf('=');
      if (equals > 0) {
        parts.put(item.substring(0, equals).trim(), item.substring(equals + 1).trim());
      }
    }
    return parts;
  }

  private static SignatureScope parseCredential(String credential) {
    String[] fields = credential.split("/");
    if (fields.length != 5 || !fields[4].equals("aws4_request")) {
      throw incomplete(
          "the credential '"
              + credential
              + "' must read ACCESS_KEY/YYYYMMDD/REGION/SERVICE/aws4_request");
    }
    return new SignatureScope(fields[0], fields[1], fields[2], fields[3].toLowerCase(Locale.ROOT));
  }

  private static AwsError incomplete(String detail) {
    return AwsError.badRequest("IncompleteSignature", "Incomplete signature: " + detail + ".");
  }
}
