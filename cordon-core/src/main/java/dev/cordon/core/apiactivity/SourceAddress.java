package dev.cordon.core.apiactivity;

import dev.cordon.core.net.IpAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/** Parsing of CloudTrail's {@code sourceIPAddress}, which also contains service names and markers. */
final class SourceAddress {
  /** Dotted quads whose octets may carry leading zeros, as anonymised datasets write them. */
  private static final Pattern PADDED_IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private SourceAddress() {}

  /**
   * Returns the canonical address literal, or null for service names, {@code AWS Internal} and
   * other text. Octets with leading zeros are read as decimal, because no parser agrees on them
   * and anonymised records use them for plain decimal addresses.
   */
  static String canonicalIp(String source) {
    if (source == null) {
      return null;
    }
    String canonical = IpAddresses.canonical(source);
    if (canonical != null || !PADDED_IPV4.matcher(source).matches()) {
      return canonical;
    }
    StringBuilder stripped = new StringBuilder();
    for (String octet : source.split("\\.")) {
      if (stripped.length() > 0) {
        stripped.append('.');
      }
      stripped.append(Integer.parseInt(octet));
    }
    return IpAddresses.canonical(stripped.toString());
  }

  /** Returns whether a canonical literal is private, loopback, link-local or unique-local. */
  static boolean isPrivate(String canonicalIp) {
    InetAddress address = IpAddresses.parse(canonicalIp);
    if (address.isSiteLocalAddress() || address.isLoopbackAddress()
        || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    // fc00::/7, which Java does not call site-local.
    return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
  }
}
