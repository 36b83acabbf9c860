package dev.cordon.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Base of the services on the shared AWS query protocol: operations are registered by action
 * name, and errors use the {@code <ErrorResponse>} shape of {@link QueryErrors}.
 */
abstract class QueryProtocolService extends QueryService {
  private final Map<String, Function<QueryCall, String>> operations = new LinkedHashMap<>();
  private final String signingName;
  private final String namespace;
  private final String version;

  QueryProtocolService(String signingName, String namespace, String version) {
    this.signingName = signingName;
    this.namespace = namespace;
    this.version = version;
  }

  final void register(String action, Function<QueryCall, String> operation) {
    operations.put(action, operation);
  }

  @Override
  public final String signingName() {
    return signingName;
  }

  @Override
  final String handle(String action, QueryParams params, RequestContext context) {
    Function<QueryCall, String> operation = operations.get(action);
    if (operation == null) {
      throw AwsError.badRequest(
          "InvalidAction", "Could not find operation " + action + " for version " + version);
    }
    return operation.apply(new QueryCall(action, params, context, namespace));
  }

  @Override
  final String errorBody(AwsError error, String requestId) {
    return QueryErrors.body(error, namespace, requestId);
  }
}
