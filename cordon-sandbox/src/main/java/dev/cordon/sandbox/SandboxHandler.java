package dev.cordon.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of every HTTP request: checks the SigV4 scope, routes on its service and writes the
 * service's response or error with the status AWS uses.
 */
final class SandboxHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(SandboxHandler.class);

  /** Largest request body read; query-protocol requests from Cordon are a few kilobytes. */
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private static final String EC2_VERSION = "2016-11-15";
  private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

  private final AccountState state;
  private final Map<String, AwsService> services;

  SandboxHandler(AccountState state, Map<String, AwsService> services) {
    this.state = state;
    this.services = services;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString();
    try (exchange) {
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        AwsError error =
            new AwsError(413, "RequestEntityTooLarge", "Request body exceeds " + MAX_BODY_BYTES + " bytes.");
        send(exchange, services.get("sts").error(error, requestId));
        return;
      }
      SandboxRequest request;
      try {
        request = parse(exchange, body);
      } catch (IllegalArgumentException e) {
        log.debug("Request {} has a malformed query string: {}", requestId, e.getMessage());
        AwsError error = AwsError.badRequest("MalformedQueryString", "Invalid percent-encoding: " + e.getMessage());
        send(exchange, services.get("sts").error(error, requestId));
        return;
      }
      respond(exchange, request, requestId);
    }
  }

  /** Reads headers and parameters; a form-encoded body adds to the URL query parameters. */
  private static SandboxRequest parse(HttpExchange exchange, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      if (!header.getValue().isEmpty()) {
        headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().get(0));
      }
    }
    String contentType = headers.getOrDefault("content-type", "");
    String form =
        contentType.toLowerCase(Locale.ROOT).startsWith(FORM_CONTENT_TYPE)
            ? new String(body, StandardCharsets.UTF_8)
            : null;
    QueryParams params = QueryParams.parse(exchange.getRequestURI().getRawQuery(), form);
    return new SandboxRequest(
        exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body, params);
  }

  private void respond(HttpExchange exchange, SandboxRequest request, String requestId)
      throws IOException {
    AwsService service = null;
    String operation = request.operationName();
    try {
      boolean hasDate = request.header("X-Amz-Date") != null || request.header("Date") != null;
      SignatureScope scope = SignatureScope.of(request.header("Authorization"), hasDate, request.params());
      service = services.get(scope.service());
      if (service == null) {
        throw AwsError.badRequest(
            "UnknownService",
            "The sandbox does not serve the service '"
                + scope.service()
                + "' named in the credential scope; it serves "
                + services.keySet()
                + ".");
      }
      if (!scope.region().equals(state.region)) {
        throw AwsError.badRequest(
            "InvalidRegion",
            "The sandbox models only region "
                + state.region
                + " but the request was signed for "
                + scope.region()
                + ". Pass --region "
                + state.region
                + ".");
      }
      inject(state.faults.next(scope.service(), operation));
      RequestContext context = new RequestContext(requestId, scope, state);
      AwsService target = service;
      SandboxResponse response = state.withLock(() -> target.handle(request, context));
      log.debug("Request {} {} {} succeeded", requestId, scope.service(), operation);
      send(exchange, response);
    } catch (AwsError error) {
      log.debug("Request {} {} returned error {} {}", requestId, operation, error.status, error.code);
      send(exchange, errorShape(service, request).error(error, requestId));
    } catch (RuntimeException e) {
      log.warn("Request {} {} failed inside the sandbox", requestId, operation, e);
      AwsError error = new AwsError(500, "InternalError", "The sandbox failed: " + e);
      send(exchange, errorShape(service, request).error(error, requestId));
    }
  }

  /** Waits the injected delay outside the state lock, then throws the injected error, if any. */
  private static void inject(Faults.Injection injection) {
    if (injection.delayMs() > 0) {
      try {
        Thread.sleep(injection.delayMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AwsError(503, "ServiceUnavailable", "The sandbox is shutting down.");
      }
    }
    if (injection.error() != null) {
      throw injection.error();
    }
  }

  /**
   * Returns the service whose error shape to use: the routed one, or for a request that could not
   * be routed (unsigned, for one) EC2 when it carries EC2's API version and the query shape
   * otherwise.
   */
  private AwsService errorShape(AwsService routed, SandboxRequest request) {
    if (routed != null) {
      return routed;
    }
    if (EC2_VERSION.equals(request.params().get("Version"))) {
      return services.get("ec2");
    }
    return services.get("sts");
  }

  /** Returns the body, or null when it exceeds {@link #MAX_BODY_BYTES}. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private static void send(HttpExchange exchange, SandboxResponse response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.sendResponseHeaders(response.status(), response.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response.body());
    }
  }
}
