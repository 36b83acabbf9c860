package dev.cordon.sandbox;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as a service reads it. Query-protocol services use {@link #params()}, which
 * merges the URL query with a form-encoded body; JSON and REST services read the body, the path
 * and the headers themselves.
 *
 * @param headers first value of each header, keyed by lower-case name
 */
record SandboxRequest(
    String method, String path, Map<String, String> headers, byte[] body, QueryParams params) {

  /** Returns the first value of the header {@code name} (any case), or null. */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Returns the operation name for logs: the query {@code Action}, the operation part of a JSON
   * protocol's {@code X-Amz-Target}, or the method and path.
   */
  String operationName() {
    String action = params.get("Action");
    if (action != null) {
      return action;
    }
    String target = header("X-Amz-Target");
    if (target != null) {
      return target.substring(target.lastIndexOf('.') + 1);
    }
    return method + " " + path;
  }
}
