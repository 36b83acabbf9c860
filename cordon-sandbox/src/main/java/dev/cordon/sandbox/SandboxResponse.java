package dev.cordon.sandbox;

import java.nio.charset.StandardCharsets;

/** A response body with its HTTP status and content type. */
record SandboxResponse(int status, String contentType, byte[] body) {

  static SandboxResponse xml(int status, String document) {
    return new SandboxResponse(status, "text/xml;charset=UTF-8", document.getBytes(StandardCharsets.UTF_8));
  }
}
