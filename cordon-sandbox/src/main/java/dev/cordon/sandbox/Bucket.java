package dev.cordon.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An S3 bucket with its objects, kept in key order. */
final class Bucket {
  String name;
  Instant creationDate;
  List<S3Object> objects = new ArrayList<>();
  List<MultipartUpload> uploads = new ArrayList<>();

  /** An object. In a scenario, the body is base64, as Jackson writes a byte array. */
  static final class S3Object {
    String key;
    byte[] body = new byte[0];
    String contentType = "binary/octet-stream";
    String contentEncoding;
    Instant lastModified;
    /** ETag of a multipart object (MD5 of the parts' MD5s, then the part count); null for others. */
    String multipartEtag;
    /** Checksum S3 returns for the object, such as a multipart object's composite SHA-256. */
    String checksumSha256;
  }

  /** A multipart upload in progress; CompleteMultipartUpload turns it into an object. */
  static final class MultipartUpload {
    String uploadId;
    String key;
    /** SHA256 when the upload was created with that checksum algorithm, else null. */
    String checksumAlgorithm;
    Instant initiated;
    List<UploadedPart> parts = new ArrayList<>();
  }

  /** One part of a multipart upload; uploading the same number again replaces it. */
  static final class UploadedPart {
    int partNumber;
    byte[] body = new byte[0];
    String etag;
    String checksumSha256;
    Instant lastModified;
  }
}
