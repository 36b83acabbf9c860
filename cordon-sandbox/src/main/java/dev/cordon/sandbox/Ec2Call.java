package dev.cordon.sandbox;

import java.util.List;
import java.util.function.BiConsumer;

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

  /**
   * Returns the body of a Describe* call: checks DryRun, then writes one page of {@code items}
   * inside {@code element}, followed by the nextToken. {@code minResults} and {@code maxResults}
   * bound the request's MaxResults as that call's API model does.
   */
  <T> String describePage(
      List<T> items, String element, int minResults, int maxResults, BiConsumer<Xml, T> writeItem) {
    checkDryRun();
    Pages.Page<T> page = Pages.page(items, params, minResults, maxResults);

    Xml xml = response();
    xml.start(element);
    page.items().forEach(item -> writeItem.accept(xml, item));
    xml.end();
    xml.text("nextToken", page.nextToken());
    return xml.finish();
  }
}
