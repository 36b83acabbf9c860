package dev.cordon.sandbox;

import java.util.Locale;

/** IP protocol names and numbers as EC2 writes them in security group and network ACL rules. */
final class Protocols {
  private Protocols() {}

  /**
   * Normalizes a security group protocol as EC2 stores it: {@code tcp}, {@code udp} and
   * {@code icmp} by name, {@code -1} for all, any other protocol by number.
   *
   * @throws AwsError InvalidParameterValue for an unknown name or a number outside 0-255
   */
  static String securityGroupProtocol(String value) {
    String lower = value.trim().toLowerCase(Locale.ROOT);
    switch (lower) {
      case "tcp":
      case "6":
        return "tcp";
      case "udp":
      case "17":
        return "udp";
      case "icmp":
      case "1":
        return "icmp";
      case "-1":
      case "all":
        return "-1";
      default:
        requireProtocolNumber(value, lower);
        return lower;
    }
  }

  /** Normalizes a network ACL protocol as EC2 stores it: an IANA number, or {@code -1} for all. */
  static String networkAclProtocol(String value) {
    String lower = value.trim().toLowerCase(Locale.ROOT);
    if (lower.equals("all")) {
      return "-1";
    }
    String number = number(lower);
    requireProtocolNumber(value, number);
    return number;
  }

  /** Returns the IANA number of {@code tcp}, {@code udp} or {@code icmp}; other text unchanged. */
  static String number(String protocol) {
    switch (protocol) {
      case "tcp":
        return "6";
      case "udp":
        return "17";
      case "icmp":
        return "1";
      default:
        return protocol;
    }
  }

  private static void requireProtocolNumber(String original, String number) {
    if (number.equals("-1")) {
      return;
    }
    try {
      int parsed = Integer.parseInt(number);
      if (parsed >= 0 && parsed <= 255) {
        return;
      }
    } catch (NumberFormatException e) {
      // Falls through to the error below.
    }
    throw AwsError.invalidValue(
        "protocol", original, "Expected tcp, udp, icmp, -1 or a protocol number from 0 to 255.");
  }
}
