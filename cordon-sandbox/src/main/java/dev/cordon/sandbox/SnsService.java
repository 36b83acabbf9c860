package dev.cordon.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Amazon SNS over the query protocol: Publish to a topic of the scenario. Each message is
 * recorded on its topic in the state and delivered nowhere.
 */
final class SnsService extends QueryProtocolService {
  private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

  /** SNS accepts messages up to 256 KiB, counted in UTF-8 bytes. */
  private static final int MAX_MESSAGE_BYTES = 256 * 1024;

  /** SNS names a denied call {@code AuthorizationError}. */
  @Override
  public AwsError accessDenied(String message) {
    return new AwsError(403, "AuthorizationError", message);
  }

  SnsService() {
    super("sns", NAMESPACE, "2010-03-31");
    register("Publish", SnsService::publish);
  }

  private static String publish(QueryCall call) {
    String topicArn = call.params.get("TopicArn") != null ? call.params.get("TopicArn") : call.params.get("TargetArn");
    if (topicArn == null) {
      throw AwsError.badRequest("InvalidParameter", "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
    }
    String message = call.params.get("Message");
    if (message == null || message.isEmpty()) {
      throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Message Reason: cannot be empty");
    }
    if (message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
      throw AwsError.badRequest("InvalidParameter", "Invalid parameter: Message too long");
    }
    SnsTopic topic = call.state.snsTopics.stream()
        .filter(t -> t.topicArn.equals(topicArn))
        .findFirst()
        .orElseThrow(() -> new AwsError(404, "NotFound", "Topic does not exist: " + topicArn));

    SnsTopic.Message published = new SnsTopic.Message();
    published.messageId = UUID.randomUUID().toString();
    published.subject = call.params.get("Subject");
    published.message = message;
    published.publishedAt = call.state.clockNow();
    topic.messages.add(published);

    Xml xml = call.result();
    xml.text("MessageId", published.messageId);
    return call.finish(xml);
  }
}
