package dev.cordon.sandbox;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;

/** CIDR block checks on address literals; nothing here resolves a name. */
final class Cidrs {
  private Cidrs() {}

  /** Returns whether {@code cidr} is a valid IPv4 or IPv6 block such as {@code 10.0.0.0/16}. */
  static boolean isValid(String cidr) {
    if (cidr == null) {
      return false;
    }
    int slash = cidr.indexOf('/');
    if (slash < 0 || !InetAddresses.isInetAddress(cidr.substring(0, slash))) {
      return false;
    }
    String bits = cidr.substring(slash + 1);
    if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int maxBits = InetAddresses.forString(cidr.substring(0, slash)).getAddress().length * 8;
    return Integer.parseInt(bits) <= maxBits;
  }

  /** Returns whether {@code address} lies in {@code cidr}; false when either is invalid or the families differ. */
  static boolean contains(String cidr, String address) {
    if (!isValid(cidr) || address == null || !InetAddresses.isInetAddress(address)) {
      return false;
    }
    int slash = cidr.indexOf('/');
    byte[] network = InetAddresses.forString(cidr.substring(0, slash)).getAddress();
    InetAddress parsed = InetAddresses.forString(address);
    byte[] host = parsed.getAddress();
    if (network.length != host.length) {
      return false;
    }
    int bits = Integer.parseInt(cidr.substring(slash + 1));
    for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((network[i] & mask) != (host[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether {@code cidr} covers every address of its family. */
  static boolean isAnywhere(String cidr) {
    return "0.0.0.0/0".equals(cidr) || "::/0".equals(cidr);
  }
}
