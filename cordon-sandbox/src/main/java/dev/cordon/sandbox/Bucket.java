package dev.cordon.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An S3 bucket with its objects, kept in key order. */
final class Bucket {
  String name;
  Instant creationDate;
  List<S3Object> objects = new ArrayList<>();

  /** An object. In a scenario, the body is base64, as Jackson writes a byte array. */
  static final class S3Object {
    String key;
    byte[] body = new byte[0];
    String contentType = "binary/octet-stream";
    String contentEncoding;
    Instant lastModified;
  }
}
