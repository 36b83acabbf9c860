package dev.cordon.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response body with its HTTP status, content type and any further headers (request ids, S3
 * object metadata). A null content type sends none, as S3 does for an empty body.
 */
record SandboxResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

  SandboxResponse(int status, String contentType, byte[] body) {
    this(status, contentType, body, Map.of());
  }

  static SandboxResponse xml(int status, String document) {
    return new SandboxResponse(status, "text/xml;charset=UTF-8", document.getBytes(StandardCharsets.UTF_8));
  }
}
