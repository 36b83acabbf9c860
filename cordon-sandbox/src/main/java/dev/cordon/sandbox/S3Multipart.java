package dev.cordon.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * S3 multipart uploads: CreateMultipartUpload ({@code POST ?uploads}), UploadPart ({@code PUT
 * ?partNumber&uploadId}), ListParts ({@code GET ?uploadId}), CompleteMultipartUpload
 * ({@code POST ?uploadId}) and AbortMultipartUpload ({@code DELETE ?uploadId}).
 *
 * <p>An upload created with {@code x-amz-checksum-algorithm: SHA256} needs an
 * {@code x-amz-checksum-sha256} header on every part sent without aws-chunked trailers, and the
 * sandbox rejects a part whose bytes do not match it with BadDigest, as S3 does. The completed
 * object's checksum is S3's composite one: the SHA-256 of the parts' digests, then {@code -} and
 * the part count.
 */
final class S3Multipart {
  private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final DateTimeFormatter XML_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** S3 limits: part numbers, and the minimum size of every part but the last. */
  static final int MAX_PART_NUMBER = 10_000;

  static final int MIN_PART_BYTES = 5 << 20;
  private static final int MAX_LISTED_PARTS = 1000;

  private S3Multipart() {}

  /** Returns whether the request is one of the multipart operations. */
  static boolean handles(SandboxRequest request) {
    QueryParams query = request.params();
    return query.has("uploads") || query.has("uploadId");
  }

  static SandboxResponse handle(Bucket bucket, String key, SandboxRequest request, RequestContext context) {
    if (key == null) {
      throw new AwsError(501, "NotImplemented", "The sandbox does not list multipart uploads of a bucket.");
    }
    if (request.params().has("uploads")) {
      if (!request.method().equals("POST")) {
        throw new AwsError(405, "MethodNotAllowed", "Use POST ?uploads to create a multipart upload.");
      }
      return create(bucket, key, request, context);
    }
    Bucket.MultipartUpload upload = bucket.uploads.stream()
        .filter(u -> u.uploadId.equals(request.params().get("uploadId")) && u.key.equals(key))
        .findFirst()
        .orElseThrow(() -> new AwsError(404, "NoSuchUpload", "The specified upload does not exist. The upload ID"
            + " may be invalid, or the upload may have been aborted or completed."));
    switch (request.method()) {
      case "PUT":
        return uploadPart(upload, request, context);
      case "GET":
        return listParts(bucket, upload, request, context);
      case "POST":
        return complete(bucket, upload, request, context);
      case "DELETE":
        bucket.uploads.remove(upload);
        return new SandboxResponse(204, null, new byte[0], Map.of("x-amz-request-id", context.requestId()));
      default:
        throw new AwsError(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
  }

  private static SandboxResponse create(Bucket bucket, String key, SandboxRequest request, RequestContext context) {
    String algorithm = request.header("x-amz-checksum-algorithm");
    if (algorithm != null && !algorithm.equalsIgnoreCase("SHA256")) {
      throw new AwsError(501, "NotImplemented", "The sandbox supports checksum algorithm SHA256 only, not " + algorithm + ".");
    }
    Bucket.MultipartUpload upload = new Bucket.MultipartUpload();
    upload.uploadId = UUID.randomUUID().toString().replace("-", "");
    upload.key = key;
    upload.checksumAlgorithm = algorithm == null ? null : "SHA256";
    upload.initiated = context.state().clockNow();
    bucket.uploads.add(upload);

    Xml xml = new Xml("InitiateMultipartUploadResult", NAMESPACE);
    xml.text("Bucket", bucket.name).text("Key", key).text("UploadId", upload.uploadId);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amz-request-id", context.requestId());
    if (upload.checksumAlgorithm != null) {
      headers.put("x-amz-checksum-algorithm", upload.checksumAlgorithm);
    }
    return new SandboxResponse(200, "application/xml", xml.finish().getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
  }

  private static SandboxResponse uploadPart(Bucket.MultipartUpload upload, SandboxRequest request, RequestContext context) {
    Integer number = request.params().integer("partNumber");
    if (number == null || number < 1 || number > MAX_PART_NUMBER) {
      throw AwsError.badRequest("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive.");
    }
    String sha = request.header("x-amz-content-sha256");
    String encoding = request.header("Content-Encoding");
    boolean chunked = (sha != null && sha.startsWith("STREAMING-")) || (encoding != null && encoding.contains("aws-chunked"));
    byte[] body = chunked ? AwsChunked.decode(request.body()) : request.body();
    String declared = request.header("x-amz-checksum-sha256");
    String computed = base64Sha256(body);
    if (declared != null && !declared.equals(computed)) {
      throw AwsError.badRequest("BadDigest", "The SHA256 you specified did not match the calculated checksum.");
    }
    if (declared == null && upload.checksumAlgorithm != null && request.header("x-amz-trailer") == null) {
      throw AwsError.badRequest("InvalidRequest", "The upload was created with checksum algorithm SHA256, so each"
          + " part needs an x-amz-checksum-sha256 header.");
    }

    upload.parts.removeIf(part -> part.partNumber == number);
    Bucket.UploadedPart part = new Bucket.UploadedPart();
    part.partNumber = number;
    part.body = body;
    part.etag = S3Service.etag(body);
    part.checksumSha256 = upload.checksumAlgorithm == null ? null : computed;
    part.lastModified = context.state().clockNow();
    upload.parts.add(part);
    upload.parts.sort(Comparator.comparingInt(p -> p.partNumber));

    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ETag", part.etag);
    headers.put("x-amz-request-id", context.requestId());
    if (part.checksumSha256 != null) {
      headers.put("x-amz-checksum-sha256", part.checksumSha256);
    }
    return new SandboxResponse(200, null, new byte[0], headers);
  }

  private static SandboxResponse listParts(Bucket bucket, Bucket.MultipartUpload upload, SandboxRequest request,
      RequestContext context) {
    Integer markerParam = request.params().integer("part-number-marker");
    int marker = markerParam == null ? 0 : markerParam;
    Integer maxParam = request.params().integer("max-parts");
    int maxParts = maxParam == null ? MAX_LISTED_PARTS : Math.max(0, Math.min(MAX_LISTED_PARTS, maxParam));
    List<Bucket.UploadedPart> after = upload.parts.stream().filter(p -> p.partNumber > marker).toList();
    List<Bucket.UploadedPart> page = after.subList(0, Math.min(maxParts, after.size()));
    boolean truncated = page.size() < after.size();

    Xml xml = new Xml("ListPartsResult", NAMESPACE);
    xml.text("Bucket", bucket.name).text("Key", upload.key).text("UploadId", upload.uploadId)
        .text("PartNumberMarker", marker)
        .text("NextPartNumberMarker", page.isEmpty() ? marker : page.get(page.size() - 1).partNumber)
        .text("MaxParts", maxParts).text("IsTruncated", truncated)
        .text("ChecksumAlgorithm", upload.checksumAlgorithm);
    for (Bucket.UploadedPart part : page) {
      xml.start("Part").text("PartNumber", part.partNumber).text("LastModified", XML_DATE.format(part.lastModified))
          .text("ETag", part.etag).text("Size", part.body.length).text("ChecksumSHA256", part.checksumSha256).end();
    }
    return new SandboxResponse(200, "application/xml", xml.finish().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("x-amz-request-id", context.requestId()));
  }

  /** A part as CompleteMultipartUpload lists it. */
  private record Listed(int partNumber, String etag, String checksumSha256) {}

  private static SandboxResponse complete(Bucket bucket, Bucket.MultipartUpload upload, SandboxRequest request,
      RequestContext context) {
    List<Listed> listed = parseParts(request.body());
    if (listed.isEmpty()) {
      throw AwsError.badRequest("MalformedXML", "The XML you provided was not well-formed or did not validate"
          + " against our published schema: CompleteMultipartUpload needs at least one Part.");
    }
    ByteArrayOutputStream object = new ByteArrayOutputStream();
    ByteArrayOutputStream md5s = new ByteArrayOutputStream();
    ByteArrayOutputStream sha256s = new ByteArrayOutputStream();
    int previous = 0;
    for (int i = 0; i < listed.size(); i++) {
      Listed entry = listed.get(i);
      if (entry.partNumber() <= previous) {
        throw AwsError.badRequest("InvalidPartOrder", "The list of parts was not in ascending order.");
      }
      previous = entry.partNumber();
      Bucket.UploadedPart part = upload.parts.stream().filter(p -> p.partNumber == entry.partNumber()).findFirst()
          .orElseThrow(() -> invalidPart(entry.partNumber()));
      if (!unquoted(part.etag).equals(unquoted(entry.etag()))) {
        throw invalidPart(entry.partNumber());
      }
      if (part.checksumSha256 != null && entry.checksumSha256() != null && !part.checksumSha256.equals(entry.checksumSha256())) {
        throw AwsError.badRequest("InvalidPart", "The checksum of part " + entry.partNumber()
            + " does not match the one S3 computed for it.");
      }
      if (i < listed.size() - 1 && part.body.length < MIN_PART_BYTES) {
        throw AwsError.badRequest("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed"
            + " size: part " + part.partNumber + " has " + part.body.length + " bytes, and every part but the last needs 5 MiB.");
      }
      object.writeBytes(part.body);
      md5s.writeBytes(HexFormat.of().parseHex(unquoted(part.etag)));
      if (part.checksumSha256 != null) {
        sha256s.writeBytes(Base64.getDecoder().decode(part.checksumSha256));
      }
    }

    Bucket.S3Object stored = bucket.objects.stream().filter(o -> o.key.equals(upload.key)).findFirst().orElse(null);
    if (stored == null) {
      stored = new Bucket.S3Object();
      stored.key = upload.key;
      bucket.objects.add(stored);
    }
    stored.body = object.toByteArray();
    stored.contentType = "binary/octet-stream";
    stored.contentEncoding = null;
    stored.lastModified = context.state().clockNow();
    stored.multipartEtag = "\"" + HexFormat.of().formatHex(digest("MD5", md5s.toByteArray())) + "-" + listed.size() + "\"";
    stored.checksumSha256 = upload.checksumAlgorithm == null ? null
        : Base64.getEncoder().encodeToString(digest("SHA-256", sha256s.toByteArray())) + "-" + listed.size();
    bucket.uploads.remove(upload);

    Xml xml = new Xml("CompleteMultipartUploadResult", NAMESPACE);
    xml.text("Location", "/" + bucket.name + "/" + upload.key).text("Bucket", bucket.name).text("Key", upload.key)
        .text("ETag", stored.multipartEtag).text("ChecksumSHA256", stored.checksumSha256);
    if (stored.checksumSha256 != null) {
      xml.text("ChecksumType", "COMPOSITE");
    }
    return new SandboxResponse(200, "application/xml", xml.finish().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("x-amz-request-id", context.requestId()));
  }

  private static AwsError invalidPart(int number) {
    return AwsError.badRequest("InvalidPart", "One or more of the specified parts could not be found. The part may"
        + " not have been uploaded, or the specified entity tag may not match the part's entity tag: part " + number + ".");
  }

  /** Reads the parts of a CompleteMultipartUpload body with a parser that refuses DTDs and entities. */
  private static List<Listed> parseParts(byte[] body) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      factory.setNamespaceAware(false);
      NodeList parts = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getElementsByTagName("Part");
      List<Listed> listed = new ArrayList<>();
      for (int i = 0; i < parts.getLength(); i++) {
        Element part = (Element) parts.item(i);
        String number = child(part, "PartNumber");
        if (number == null || !number.matches("\\d{1,5}")) {
          throw AwsError.badRequest("MalformedXML", "A Part has no valid PartNumber.");
        }
        listed.add(new Listed(Integer.parseInt(number), child(part, "ETag"), child(part, "ChecksumSHA256")));
      }
      return listed;
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw AwsError.badRequest("MalformedXML", "The XML you provided was not well-formed or did not validate"
          + " against our published schema: " + e.getMessage());
    }
  }

  private static String child(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagName(name);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }

  private static String unquoted(String etag) {
    return etag == null ? "" : etag.replace("\"", "").toLowerCase(Locale.ROOT);
  }

  static String base64Sha256(byte[] body) {
    return Base64.getEncoder().encodeToString(digest("SHA-256", body));
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no " + algorithm + " digest", e);
    }
  }
}
