package dev.cordon.sandbox;

/** Error bodies of the AWS query protocol used by STS, IAM, Auto Scaling and ELBv2. */
final class QueryErrors {
  private QueryErrors() {}

  /**
   * Renders {@code <ErrorResponse><Error><Type>…</Type><Code>…</Code><Message>…</Message>} with
   * the request id; the type is Sender for 4xx statuses and Receiver otherwise.
   */
  static String body(AwsError error, String namespace, String requestId) {
    Xml xml = new Xml("ErrorResponse", namespace);
    xml.start("Error")
        .text("Type", error.status < 500 ? "Sender" : "Receiver")
        .text("Code", error.code)
        .text("Message", error.getMessage())
        .end();
    xml.text("RequestId", requestId);
    return xml.finish();
  }
}
