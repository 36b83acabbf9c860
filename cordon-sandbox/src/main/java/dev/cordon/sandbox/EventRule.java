package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;

/** An EventBridge rule on the default event bus, with its targets. Rules never fire. */
final class EventRule {
  String name;
  String arn;
  String eventPattern;
  String scheduleExpression;
  /** ENABLED or DISABLED. */
  String state = "ENABLED";
  String description;
  String roleArn;
  List<Target> targets = new ArrayList<>();

  /** A rule target. */
  static final class Target {
    String id;
    String arn;
    String input;
    String roleArn;
  }
}
