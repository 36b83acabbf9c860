package dev.cordon.core.network;

import dev.cordon.core.finding.ByteSizes;

import dev.cordon.core.net.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/** Address classes and the wording shared by the network findings. */
final class NetworkText {
  private NetworkText() {}

  /**
   * Returns whether an address is routable on the internet: not private (RFC 1918, IPv6 unique
   * local fc00::/7), shared (100.64.0.0/10), loopback, link-local, multicast or unspecified. A value
   * that is not an address literal is not public.
   */
  static boolean isPublic(String address) {
    if (!IpAddresses.isIp(address)) {
      return false;
    }
    InetAddress parsed = IpAddresses.parse(address);
    if (parsed.isLoopbackAddress() || parsed.isLinkLocalAddress() || parsed.isMulticastAddress()
        || parsed.isAnyLocalAddress()) {
      return false;
    }
    byte[] bytes = parsed.getAddress();
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    if (parsed instanceof Inet4Address) {
      return !(first == 10
          || first == 0
          || (first == 172 && second >= 16 && second <= 31)
          || (first == 192 && second == 168)
          || (first == 100 && second >= 64 && second <= 127)
          || first >= 240);
    }
    return (first & 0xfe) != 0xfc;
  }

  /** Returns the IANA protocol name for the common numbers, else the number. */
  static String protocolName(int protocol) {
    return switch (protocol) {
      case 1 -> "icmp";
      case 6 -> "tcp";
      case 17 -> "udp";
      case 58 -> "icmpv6";
      case 132 -> "sctp";
      default -> Integer.toString(protocol);
    };
  }

  /** Returns whether the protocol carries ports (TCP, UDP, SCTP). */
  static boolean hasPorts(int protocol) {
    return protocol == 6 || protocol == 17 || protocol == 132;
  }

  /** Formats a byte count as {@code 1.5 GB (1,500,000,000 bytes)}, the same way the report does. */
  static String bytes(long count) {
    return ByteSizes.full(count);
  }

  /** Formats a duration in seconds as hours, minutes and seconds, for example {@code 2h 05m 00s}. */
  static String duration(long seconds) {
    return String.format(
        Locale.ROOT, "%dh %02dm %02ds", seconds / 3600, seconds % 3600 / 60, seconds % 60);
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
