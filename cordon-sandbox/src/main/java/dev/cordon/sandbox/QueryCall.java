package dev.cordon.sandbox;

/**
 * One request to a service on the AWS query protocol that STS, IAM, Auto Scaling and ELBv2 share:
 * its parameters, the state and the response envelope
 * {@code <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>}.
 */
final class QueryCall {
  final String action;
  final QueryParams params;
  final AccountState state;
  final String requestId;
  final SignatureScope scope;
  private final String namespace;

  QueryCall(String action, QueryParams params, RequestContext context, String namespace) {
    this.action = action;
    this.params = params;
    this.state = context.state();
    this.requestId = context.requestId();
    this.scope = context.scope();
    this.namespace = namespace;
  }

  /** Starts the response and opens its {@code <ActionResult>} element. */
  Xml result() {
    Xml xml = new Xml(action + "Response", namespace);
    xml.start(action + "Result");
    return xml;
  }

  /** Closes the result opened by {@link #result()} and adds the response metadata. */
  String finish(Xml xml) {
    xml.end();
    return metadata(xml);
  }

  /** Returns the response of an operation that has no output, such as PutRolePolicy. */
  String empty() {
    return metadata(new Xml(action + "Response", namespace));
  }

  private String metadata(Xml xml) {
    xml.start("ResponseMetadata").text("RequestId", requestId).end();
    return xml.finish();
  }
}
