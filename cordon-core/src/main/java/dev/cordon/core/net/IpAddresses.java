package dev.cordon.core.net;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;

/**
 * IP address parsing that never resolves a name. {@link InetAddress#getByName} on a host name does
 * a DNS look-up, so every address read from a log goes through here instead.
 */
public final class IpAddresses {
  private IpAddresses() {}

  /** Returns whether {@code text} is an IPv4 or IPv6 literal. */
  public static boolean isIp(String text) {
    return text != null && !text.isEmpty() && InetAddresses.isInetAddress(text);
  }

  /**
   * Parses an IPv4 or IPv6 literal without any look-up.
   *
   * @throws IllegalArgumentException when {@code text} is not an address literal
   */
  public static InetAddress parse(String text) {
    return InetAddresses.forString(text);
  }

  /**
   * Returns the canonical text of an address literal (IPv6 compressed and lower case, as RFC 5952
   * prints it), or null when {@code text} is not one, so the same address compares equal however a
   * log wrote it.
   */
  public static String canonical(String text) {
    if (!isIp(text)) {
      return null;
    }
    return InetAddresses.toAddrString(InetAddresses.forString(text));
  }
}
