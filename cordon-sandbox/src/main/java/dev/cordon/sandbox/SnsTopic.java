package dev.cordon.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An SNS topic and the messages published to it. Nothing is delivered to any subscriber. */
final class SnsTopic {
  String topicArn;
  List<Message> messages = new ArrayList<>();

  /** One Publish call. */
  static final class Message {
    String messageId;
    String subject;
    String message;
    Instant publishedAt;
  }
}
