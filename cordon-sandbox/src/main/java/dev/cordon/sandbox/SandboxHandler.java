package dev.cordon.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

  private final AccountState state;
  private final Map<String, AwsService> services;
  private final Ec2Service ec2;

  SandboxHandler(AccountState state, Map<String, AwsService> services) {
    this.state = state;
    this.services = services;
    this.ec2 = (Ec2Service) services.get("ec2");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString();
    try (exchange) {
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        send(exchange, 413, "text/plain", "Request body exceeds " + MAX_BODY_BYTES + " bytes");
        return;
      }
      QueryParams params;
      try {
        params =
            QueryParams.parse(
                exchange.getRequestURI().getRawQuery(), new String(body, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        log.debug("Request {} has a malformed query string: {}", requestId, e.getMessage());
        AwsError error = AwsError.badRequest("MalformedQueryString", "Invalid percent-encoding: " + e.getMessage());
        sendError(exchange, null, new QueryParams(Map.of()), error, requestId);
        return;
      }
      respond(exchange, params, requestId);
    }
  }

  private void respond(HttpExchange exchange, QueryParams params, String requestId)
      throws IOException {
    AwsService service = null;
    String action = params.get("Action");
    try {
      var headers = exchange.getRequestHeaders();
      boolean hasDate = headers.containsKey("X-Amz-Date") || headers.containsKey("Date");
      SignatureScope scope =
          SignatureScope.of(headers.getFirst("Authorization"), hasDate, params);
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
      if (action == null || action.isEmpty()) {
        throw AwsError.missingParameter("Action");
      }
      RequestContext context = new RequestContext(requestId, scope, state);
      AwsService target = service;
      String responseBody = state.withLock(() -> target.handle(action, params, context));
      log.debug("Request {} {} {} succeeded", requestId, scope.service(), action);
      send(exchange, 200, "text/xml", responseBody);
    } catch (AwsError error) {
      log.debug("Request {} {} returned error {} {}", requestId, action, error.status, error.code);
      sendError(exchange, service, params, error, requestId);
    } catch (RuntimeException e) {
      log.warn("Request {} {} failed inside the sandbox", requestId, action, e);
      AwsError error = new AwsError(500, "InternalError", "The sandbox failed: " + e);
      sendError(exchange, service, params, error, requestId);
    }
  }

  private void sendError(
      HttpExchange exchange, AwsService service, QueryParams params, AwsError error, String requestId)
      throws IOException {
    AwsService shape = service != null ? service : guessShape(params);
    send(exchange, error.status, "text/xml", shape.errorBody(error, requestId));
  }

  /** Picks the error shape for a request whose service is unknown, as an unsigned one. */
  private AwsService guessShape(QueryParams params) {
    if (EC2_VERSION.equals(params.get("Version"))) {
      return ec2;
    }
    return services.get("sts");
  }

  /** Returns the body, or null when it exceeds {@link #MAX_BODY_BYTES}. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType + ";charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
