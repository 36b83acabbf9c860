package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One policy evaluation of a request signed with role-session or instance credentials, kept in
 * the state dump so tests can assert what was denied and why.
 */
final class PolicyDecision {
  /** {@code ExplicitDeny}, or {@code NotDenied} when no Deny statement applied. */
  static final String EXPLICIT_DENY = "ExplicitDeny";
  static final String NOT_DENIED = "NotDenied";

  String time;
  String accessKeyId;
  /** ARN of the assumed-role session that made the call. */
  String principal;
  /** IAM action, such as {@code ec2:StopInstances}. */
  String action;
  /** Resource ARNs the request names, or {@code *} when the sandbox models none for the action. */
  List<String> resources = new ArrayList<>();
  String decision;
  /** Name of the inline policy or ARN of the managed policy that denied; null when not denied. */
  String policy;
  /** The denying statement as written in the policy; null when not denied. */
  JsonNode statement;
}
