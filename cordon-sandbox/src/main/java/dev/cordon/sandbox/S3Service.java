package dev.cordon.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon S3 over REST-XML with path-style addressing ({@code /bucket/key}): ListObjectsV2,
 * GetObject, HeadObject, PutObject and the multipart operations of {@link S3Multipart}, including {@code aws-chunked} bodies
 * ({@code x-amz-content-sha256: STREAMING-...}) as SDK 2.40 sends them over HTTP. AWS CLI 1.45
 * sends a plain signed body instead. Errors use S3's {@code <Error>} document; a HEAD error has
 * no body, as in S3.
 */
final class S3Service implements AwsService {
  private static final Logger log = LoggerFactory.getLogger(S3Service.class);
  private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter XML_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final int MAX_KEYS = 1000;
  private static final String TOKEN_PREFIX = "sandbox-after:";

  @Override
  public String signingName() {
    return "s3";
  }

  @Override
  public SandboxResponse handle(SandboxRequest request, RequestContext context) {
    String path = request.path();
    int slash = path.indexOf('/', 1);
    String bucketName = percentDecode(slash < 0 ? path.substring(1) : path.substring(1, slash));
    String key = slash < 0 || slash == path.length() - 1 ? null : percentDecode(path.substring(slash + 1));
    if (bucketName.isEmpty()) {
      throw new AwsError(501, "NotImplemented", "The sandbox serves only path-style bucket requests such as /bucket/key.");
    }
    Bucket bucket = context.state().buckets.stream()
        .filter(b -> b.name.equals(bucketName))
        .findFirst()
        .orElseThrow(() -> new AwsError(404, "NoSuchBucket", "The specified bucket does not exist"));

    if (S3Multipart.handles(request)) {
      return S3Multipart.handle(bucket, key, request, context);
    }
    switch (request.method()) {
      case "GET":
        return key == null ? listObjectsV2(bucket, request, context) : getObject(bucket, key, context, true);
      case "HEAD":
        return key == null ? headBucket(context) : getObject(bucket, key, context, false);
      case "PUT":
        return putObject(bucket, key, request, context);
      default:
        throw new AwsError(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
  }

  private static SandboxResponse listObjectsV2(Bucket bucket, SandboxRequest request, RequestContext context) {
    QueryParams query = request.params();
    if (!"2".equals(query.get("list-type"))) {
      throw new AwsError(501, "NotImplemented", "The sandbox serves ListObjectsV2 only: send list-type=2.");
    }
    String prefix = query.get("prefix") == null ? "" : query.get("prefix");
    String delimiter = query.get("delimiter");
    String startAfter = query.get("start-after");
    String token = query.get("continuation-token");
    Integer maxKeysParam = query.integer("max-keys");
    int maxKeys = maxKeysParam == null ? MAX_KEYS : Math.min(MAX_KEYS, Math.max(0, maxKeysParam));
    String after = token != null ? decodeToken(token) : startAfter;
    boolean urlEncoding = "url".equals(query.get("encoding-type"));

    List<Bucket.S3Object> contents = new ArrayList<>();
    List<String> commonPrefixes = new ArrayList<>();
    String lastReturned = null;
    boolean truncated = false;
    for (Bucket.S3Object object : sorted(bucket)) {
      if (!object.key.startsWith(prefix) || (after != null && object.key.compareTo(after) <= 0)) {
        continue;
      }
      String commonPrefix = commonPrefix(object.key, prefix, delimiter);
      if (commonPrefix != null && commonPrefixes.contains(commonPrefix)) {
        continue;
      }
      if (contents.size() + commonPrefixes.size() == maxKeys) {
        truncated = true;
        break;
      }
      if (commonPrefix != null) {
        commonPrefixes.add(commonPrefix);
        lastReturned = commonPrefix + Character.MAX_VALUE;
      } else {
        contents.add(object);
        lastReturned = object.key;
      }
    }

    Xml xml = new Xml("ListBucketResult", NAMESPACE);
    xml.text("Name", bucket.name).text("Prefix", encode(prefix, urlEncoding)).text("KeyCount", contents.size() + commonPrefixes.size())
        .text("MaxKeys", maxKeys).text("Delimiter", encode(delimiter, urlEncoding)).text("IsTruncated", truncated);
    if (urlEncoding) {
      xml.text("EncodingType", "url");
    }
    xml.text("ContinuationToken", token).text("StartAfter", encode(startAfter, urlEncoding));
    if (truncated) {
      xml.text("NextContinuationToken", encodeToken(lastReturned));
    }
    for (Bucket.S3Object object : contents) {
      xml.start("Contents")
          .text("Key", encode(object.key, urlEncoding))
          .text("LastModified", XML_DATE.format(object.lastModified))
          .text("ETag", etag(object))
          .text("Size", object.body.length)
          .text("StorageClass", "STANDARD")
          .end();
    }
    for (String commonPrefix : commonPrefixes) {
      xml.start("CommonPrefixes").text("Prefix", encode(commonPrefix, urlEncoding)).end();
    }
    return withRequestId(SandboxResponse.xml(200, xml.finish()), context.requestId());
  }

  /** Returns the common prefix that groups {@code key}, or null when it has no delimiter after the prefix. */
  private static String commonPrefix(String key, String prefix, String delimiter) {
    if (delimiter == null || delimiter.isEmpty()) {
      return null;
    }
    int at = key.indexOf(delimiter, prefix.length());
    return at < 0 ? null : key.substring(0, at + delimiter.length());
  }

  /** HeadBucket: the bucket exists, as the lookup above found it. */
  private static SandboxResponse headBucket(RequestContext context) {
    return new SandboxResponse(200, null, new byte[0], Map.of("x-amz-request-id", context.requestId()));
  }

  private static SandboxResponse getObject(Bucket bucket, String key, RequestContext context, boolean withBody) {
    Bucket.S3Object object = bucket.objects.stream()
        .filter(o -> o.key.equals(key))
        .findFirst()
        .orElseThrow(() -> new AwsError(404, "NoSuchKey", "The specified key does not exist."));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ETag", etag(object));
    if (object.checksumSha256 != null) {
      headers.put("x-amz-checksum-sha256", object.checksumSha256);
    }
    headers.put("Last-Modified", HTTP_DATE.format(object.lastModified));
    headers.put("Accept-Ranges", "bytes");
    headers.put("x-amz-request-id", context.requestId());
    if (object.contentEncoding != null) {
      headers.put("Content-Encoding", object.contentEncoding);
    }
    if (!withBody) {
      headers.put("Content-Length", String.valueOf(object.body.length));
    }
    return new SandboxResponse(200, object.contentType, withBody ? object.body : new byte[0], headers);
  }

  private static SandboxResponse putObject(Bucket bucket, String key, SandboxRequest request, RequestContext context) {
    if (key == null) {
      throw new AwsError(501, "NotImplemented", "The sandbox does not create buckets; declare them in the scenario.");
    }
    boolean chunked = isAwsChunked(request);
    byte[] body = chunked ? AwsChunked.decode(request.body()) : request.body();
    log.debug("PutObject {}/{}: {} bytes, aws-chunked {}, x-amz-content-sha256 {}",
        bucket.name, key, body.length, chunked, request.header("x-amz-content-sha256"));
    String declared = request.header("x-amz-decoded-content-length");
    if (declared != null && !declared.equals(String.valueOf(body.length))) {
      throw AwsError.badRequest(
          "IncompleteBody", "The request body has " + body.length + " bytes but x-amz-decoded-content-length is " + declared + ".");
    }

    Bucket.S3Object object = bucket.objects.stream().filter(o -> o.key.equals(key)).findFirst().orElse(null);
    if (object == null) {
      object = new Bucket.S3Object();
      object.key = key;
      bucket.objects.add(object);
    }
    object.body = body;
    object.multipartEtag = null;
    object.checksumSha256 = null;
    String contentType = request.header("Content-Type");
    object.contentType = contentType == null ? "binary/octet-stream" : contentType;
    object.contentEncoding = remainingEncoding(request.header("Content-Encoding"));
    object.lastModified = context.state().clockNow();

    Map<String, String> headers = Map.of("ETag", etag(body), "x-amz-request-id", context.requestId());
    return new SandboxResponse(200, null, new byte[0], headers);
  }

  private static boolean isAwsChunked(SandboxRequest request) {
    String sha = request.header("x-amz-content-sha256");
    String encoding = request.header("Content-Encoding");
    return (sha != null && sha.startsWith("STREAMING-")) || (encoding != null && encoding.contains("aws-chunked"));
  }

  /** Returns the Content-Encoding without {@code aws-chunked}, which S3 does not store, or null. */
  private static String remainingEncoding(String header) {
    if (header == null) {
      return null;
    }
    List<String> kept = new ArrayList<>();
    for (String part : header.split(",")) {
      if (!part.isBlank() && !part.trim().equals("aws-chunked")) {
        kept.add(part.trim());
      }
    }
    return kept.isEmpty() ? null : String.join(",", kept);
  }

  private static List<Bucket.S3Object> sorted(Bucket bucket) {
    List<Bucket.S3Object> objects = new ArrayList<>(bucket.objects);
    objects.sort((a, b) -> a.key.compareTo(b.key));
    return objects;
  }

  private static String etag(Bucket.S3Object object) {
    return object.multipartEtag != null ? object.multipartEtag : etag(object.body);
  }

  /** Returns the quoted MD5 hex of the body, the ETag S3 gives a single-part unencrypted upload. */
  static String etag(byte[] body) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no MD5 digest", e);
    }
  }

  private static String encodeToken(String lastKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + lastKey).getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(TOKEN_PREFIX)) {
        return text.substring(TOKEN_PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the error below.
    }
    throw AwsError.badRequest("InvalidArgument", "The continuation token provided is incorrect");
  }

  /** URL-encodes a value for {@code encoding-type=url}, keeping unreserved characters and '/'. */
  private static String encode(String value, boolean urlEncoding) {
    if (value == null || !urlEncoding) {
      return value;
    }
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~/".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** Decodes %XX escapes of a path segment; unlike form decoding, '+' stays '+'. */
  static String percentDecode(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        bytes.write(hexByte(text, i));
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hexByte(String text, int percentAt) {
    if (percentAt + 2 < text.length()) {
      String hex = text.substring(percentAt + 1, percentAt + 3);
      if (hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
        return Integer.parseInt(hex, 16);
      }
    }
    throw AwsError.badRequest("InvalidURI", "Couldn't parse the specified URI: invalid percent-encoding in '" + text + "'.");
  }

  @Override
  public SandboxResponse error(AwsError error, String requestId) {
    Xml xml = new Xml("Error", null);
    xml.text("Code", error.code).text("Message", error.getMessage()).text("RequestId", requestId);
    return withRequestId(SandboxResponse.xml(error.status, xml.finish()), requestId);
  }

  private static SandboxResponse withRequestId(SandboxResponse response, String requestId) {
    Map<String, String> headers = new LinkedHashMap<>(response.headers());
    headers.put("x-amz-request-id", requestId);
    return new SandboxResponse(response.status(), response.contentType(), response.body(), headers);
  }
}
