package dev.cordon.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A CloudWatch Logs log group with its streams and their events. */
final class LogGroup {
  String logGroupName;
  Instant creationTime;
  List<Stream> streams = new ArrayList<>();

  /** A log stream; events are kept in timestamp order. */
  static final class Stream {
    String logStreamName;
    List<Event> events = new ArrayList<>();
  }

  /** One log event. */
  static final class Event {
    /** Event time in milliseconds since the epoch, as CloudWatch Logs counts it. */
    long timestamp;
    String message;
  }
}
