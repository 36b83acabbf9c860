package dev.cordon.core.apiactivity;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A user, access key or role session the attacker created or assumed, with the calls made as it.
 * Events match it by access key id, by ARN, or by user name (a console user matches only its
 * console sign-ins and console sessions, so the old activity of an existing user is not taken
 * for the attacker's).
 */
final class FollowOnPrincipal {
  enum Kind { USER, CONSOLE_USER, ACCESS_KEY, ROLE_SESSION }

  private final Kind kind;
  private final String userName;
  private final String arn;
  private final Set<String> accessKeyIds = new LinkedHashSet<>();
  private final CloudTrailEvent origin;
  private final String creator;
  private final List<CloudTrailEvent> calls = new ArrayList<>();

  FollowOnPrincipal(Kind kind, String userName, String arn, CloudTrailEvent origin, String creator) {
    this.kind = kind;
    this.userName = userName;
    this.arn = arn;
    this.origin = origin;
    this.creator = creator;
  }

  boolean matches(CloudTrailEvent event) {
    if (event.accessKeyId() != null && accessKeyIds.contains(event.accessKeyId())) {
      return true;
    }
    if (arn != null && arn.equals(event.principalArn())) {
      return true;
    }
    boolean sameUser = userName != null && "IAMUser".equals(event.identityType())
        && userName.equals(event.userName());
    return switch (kind) {
      case USER -> sameUser;
      case CONSOLE_USER -> sameUser && (isConsoleLogin(event) || fromConsole(event));
      default -> false;
    };
  }

  /** Returns the ARN, {@code user/NAME} or the key id, whichever names this principal best. */
  String label() {
    if (arn != null) {
      return arn;
    }
    if (userName != null) {
      return "user/" + userName;
    }
    return accessKeyIds.isEmpty() ? "unknown" : accessKeyIds.iterator().next();
  }

  /** Returns how it came to be, such as "IAM user created". */
  String description() {
    return switch (kind) {
      case USER -> "IAM user created";
      case CONSOLE_USER -> "console password set for IAM user";
      case ACCESS_KEY -> "access key created";
      case ROLE_SESSION -> "role session assumed";
    };
  }

  Kind kind() { return kind; }
  String userName() { return userName; }
  String arn() { return arn; }
  Set<String> accessKeyIds() { return accessKeyIds; }
  CloudTrailEvent origin() { return origin; }
  String creator() { return creator; }
  List<CloudTrailEvent> calls() { return calls; }

  private static boolean isConsoleLogin(CloudTrailEvent event) {
    return "ConsoleLogin".equals(event.eventName());
  }

  private static boolean fromConsole(CloudTrailEvent event) {
    return event.raw() != null && event.raw().path("sessionCredentialFromConsole").asText().equals("true");
  }
}
