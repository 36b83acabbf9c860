package dev.cordon.core.net;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * IP address parsing that never resolves a name. {@link InetAddress#getByName} on a host name does
 * a DNS look-up, so every address read from a log goes through here instead.
 */
public final class IpAddresses {
  /** Length of the longest IPv4 address in dotted-decimal form, 255.255.255.255. */
  private static final int MAX_IPV4_CHARS = 15;

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
    // Flow logs write IPv4 addresses in this form, so most calls skip the parse and print.
    if (text != null && text.length() <= MAX_IPV4_CHARS) {
      byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      if (isCanonicalIpv4(bytes, 0, bytes.length)) {
        return text;
      }
    }
    if (!isIp(text)) {
      return null;
    }
    return InetAddresses.toAddrString(InetAddresses.forString(text));
  }

  /** Returns whether the bytes are an IPv4 address as {@link #canonical} prints it. */
  public static boolean isCanonicalIpv4(byte[] line, int from, int to) {
    int parts = 0;
    int i = from;
    while (i < to) {
      int partStart = i;
      int value = 0;
      while (i < to && line[i] >= '0' && line[i] <= '9') {
        value = value * 10 + (line[i] - '0');
        i++;
      }
      int digits = i - partStart;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && line[partStart] == '0')) {
        return false;
      }
      parts++;
      if (i == to) {
        break;
      }
      if (line[i] != '.' || parts == 4) {
        return false;
      }
      i++;
      if (i == to) {
        return false;
      }
    }
    return parts == 4;
  }
}

