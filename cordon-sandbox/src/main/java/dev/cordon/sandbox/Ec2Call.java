package dev.cordon.sandbox;

/** One EC2 request being served: its parameters, the state and the response envelope. */
final class Ec2Call {
  static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

  final String action;
  final QueryParams params;
  final AccountState state;
  final String requestId;

  Ec2Call(String action, QueryParams params, AccountState state, String requestId) {
    this.action = action;
    this.params = params;
    this.state = state;
    this.requestId = requestId;
  }

  /** Starts {@code <ActionResponse>} with its {@code requestId}, as every EC2 response does. */
  Xml response() {
    Xml xml = new Xml(action + "Response", NAMESPACE);
    xml.text("requestId", requestId);
    return xml;
  }

  /** Returns {@code <ActionResponse><return>true</return>}, the body of a plain mutation. */
  String returnTrue() {
    return response().text("return", "true").finish();
  }

  /**
   * Fails with DryRunOperation when the request sets DryRun. Call it after validation and before
   * any change, because EC2 validates the request first.
   */
  void checkDryRun() {
    if (params.flag("DryRun")) {
      throw AwsError.dryRun();
    }
  }
}
