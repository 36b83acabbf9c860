package dev.cordon.core.flowlogs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flow-log field names Cordon recognises, and the {@link FlowRecord} component each one fills.
 * Names are the hyphenated AWS names ({@code account-id}); the underscore spelling of Parquet,
 * Athena and Glue columns ({@code account_id}) is converted by {@link #normalize}.
 */
final class FlowFields {
  /** Slot of a field that {@link FlowRecord} does not name; its value goes to {@code otherFields}. */
  static final int OTHER = -1;

  static final int VERSION = 0;
  static final int ACCOUNT_ID = 1;
  static final int INTERFACE_ID = 2;
  static final int SRCADDR = 3;
  static final int DSTADDR = 4;
  static final int SRCPORT = 5;
  static final int DSTPORT = 6;
  static final int PROTOCOL = 7;
  static final int PACKETS = 8;
  static final int BYTES = 9;
  static final int START = 10;
  static final int END = 11;
  static final int ACTION = 12;
  static final int LOG_STATUS = 13;
  static final int VPC_ID = 14;
  static final int SUBNET_ID = 15;
  static final int INSTANCE_ID = 16;
  static final int TCP_FLAGS = 17;
  static final int TYPE = 18;
  static final int PKT_SRCADDR = 19;
  static final int PKT_DSTADDR = 20;
  static final int REGION = 21;
  static final int AZ_ID = 22;
  static final int PKT_SRC_AWS_SERVICE = 23;
  static final int PKT_DST_AWS_SERVICE = 24;
  static final int FLOW_DIRECTION = 25;
  static final int TRAFFIC_PATH = 26;

  /** The default format: the 14 version-2 fields in the order AWS writes them. */
  static final List<String> DEFAULT_FORMAT = List.of(
      "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
      "protocol", "packets", "bytes", "start", "end", "action", "log-status");

  /** Names in slot order, so {@code SLOT_NAMES.get(SRCPORT)} is {@code srcport}. */
  private static final List<String> SLOT_NAMES = List.of(
      "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
      "protocol", "packets", "bytes", "start", "end", "action", "log-status",
      "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr",
      "region", "az-id", "pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction",
      "traffic-path");

  /**
   * Documented names that have no {@link FlowRecord} component: VPC fields of versions 4 and 7 to
   * 11 (the version-11 tag and next-hop names come from secondary sources) and the transit
   * gateway (version 6) fields. They only serve to recognise header lines; any other name is
   * carried through as well.
   */
  private static final Set<String> OTHER_KNOWN = Set.of(
      "sublocation-type", "sublocation-id",
      "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn",
      "ecs-container-instance-id", "ecs-container-id", "ecs-second-container-id",
      "ecs-service-name", "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id",
      "reject-reason", "resource-id", "encryption-status",
      "instance-tag", "instance-tag-2", "interface-tag", "interface-tag-2", "asg-tag", "asg-tag-2",
      "interface-type", "next-hop-interface-id", "next-hop-subnet-id", "next-hop-az-id",
      "next-hop-vpc-id", "next-hop-interface-type",
      "resource-type", "tgw-id", "tgw-attachment-id", "tgw-src-vpc-account-id",
      "tgw-dst-vpc-account-id", "tgw-src-vpc-id", "tgw-dst-vpc-id", "tgw-src-subnet-id",
      "tgw-dst-subnet-id", "tgw-src-eni", "tgw-dst-eni", "tgw-src-az-id", "tgw-dst-az-id",
      "tgw-pair-attachment-id", "packets-lost-no-route", "packets-lost-blackhole",
      "packets-lost-mtu-exceeded", "packets-lost-ttl-expired");

  private static final Map<String, Integer> SLOTS = new HashMap<>();

  static {
    for (int slot = 0; slot < SLOT_NAMES.size(); slot++) {
      SLOTS.put(SLOT_NAMES.get(slot), slot);
    }
  }

  private FlowFields() {}

  /** Returns the {@link FlowRecord} slot of a hyphenated field name, or {@link #OTHER}. */
  static int slotOf(String name) {
    Integer slot = SLOTS.get(name);
    return slot == null ? OTHER : slot;
  }

  static String nameOf(int slot) {
    return SLOT_NAMES.get(slot);
  }

  static boolean isKnown(String name) {
    return SLOTS.containsKey(name) || OTHER_KNOWN.contains(name);
  }

  /** Converts a Parquet or Athena column name ({@code log_status}) to the AWS name ({@code log-status}). */
  static String normalize(String name) {
    return name.indexOf('_') < 0 ? name : name.replace('_', '-');
  }

  /**
   * Returns whether {@code token} has the shape of a field name: lower-case words of letters and
   * digits joined by single hyphens or underscores, starting with a letter. Values such as
   * addresses, numbers, {@code -}, {@code ACCEPT} or {@code IPv4} never have it.
   */
  static boolean isPlausibleName(String token) {
    return isPlausibleName(token, 0, token.length());
  }

  /** Applies {@link #isPlausibleName(String)} to the chars from {@code start} to {@code end}. */
  static boolean isPlausibleName(String text, int start, int end) {
    if (start == end || !isLowerLetter(text.charAt(start))) {
      return false;
    }
    for (int i = start + 1; i < end; i++) {
      char c = text.charAt(i);
      if (isSeparator(c)) {
        boolean lastOrDoubled = i == end - 1 || isSeparator(text.charAt(i + 1));
        if (lastOrDoubled) {
          return false;
        }
      } else if (!isLowerLetter(c) && !(c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether a line split into {@code tokens} is a header naming fields rather than a
   * record: every token has the shape of a field name and at least one is a documented name.
   * The field count plays no part, so a header is recognised for any custom format.
   */
  static boolean isHeader(List<String> tokens) {
    boolean anyKnown = false;
    for (String token : tokens) {
      if (!isPlausibleName(token)) {
        return false;
      }
      anyKnown |= isKnown(normalize(token));
    }
    return anyKnown;
  }

  private static boolean isSeparator(char c) {
    return c == '-' || c == '_';
  }

  private static boolean isLowerLetter(char c) {
    return c >= 'a' && c <= 'z';
  }
}
