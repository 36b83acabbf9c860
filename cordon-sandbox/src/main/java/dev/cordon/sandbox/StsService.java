package dev.cordon.sandbox;

/** AWS Security Token Service over the query protocol: GetCallerIdentity. */
final class StsService extends QueryService {
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

  @Override
  public String signingName() {
    return "sts";
  }

  @Override
  String handle(String action, QueryParams params, RequestContext context) {
    if (action.equals("GetCallerIdentity")) {
      return getCallerIdentity(context);
    }
    throw AwsError.badRequest(
        "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
  }

  private static String getCallerIdentity(RequestContext context) {
    AccountState state = context.state();
    Xml xml = new Xml("GetCallerIdentityResponse", NAMESPACE);
    xml.start("GetCallerIdentityResult")
        .text("Arn", state.caller.arn)
        .text("UserId", state.caller.userId)
        .text("Account", state.accountId)
        .end();
    xml.start("ResponseMetadata").text("RequestId", context.requestId()).end();
    return xml.finish();
  }

  @Override
  String errorBody(AwsError error, String requestId) {
    return QueryErrors.body(error, NAMESPACE, requestId);
  }
}
