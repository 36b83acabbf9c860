package dev.cordon.core.intel;

import com.google.common.net.InetAddresses;
import dev.cordon.core.net.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Known-bad addresses and networks. Exact addresses are kept in a hash map. A network is found by
 * masking the address to each prefix length in use, longest first, so a lookup costs one hash probe
 * per distinct prefix length. IPv4-mapped IPv6 addresses ({@code ::ffff:198.51.100.7}) are treated as
 * the IPv4 address, both in indicators and in lookups. Nothing here resolves a name.
 */
public final class ThreatIntelSet implements ThreatIntel {
  /** Bits of the IPv4-mapped prefix {@code ::ffff:0:0/96} that precede the IPv4 address. */
  private static final int MAPPED_PREFIX_BITS = 96;

  /**
   * Shortest IPv4 and IPv6 prefixes accepted as indicators. A /8 is 1/256 of the IPv4 space and a
   * /16 is 1/65,536 of the IPv6 space. A shorter entry is almost always a mistake, such as
   * {@code 0.0.0.0/0} copied from a firewall rule, and would turn most traffic into critical
   * threat-intel findings.
   * NOTE: the bounds are a judgment, not a published limit; a feed that truly lists a wider network
   * has its entry skipped with this reason.
   */
  static final int MIN_IPV4_PREFIX = 8;
  static final int MIN_IPV6_PREFIX = 16;

  private final Map<String, Match> addresses;
  private final Map<String, Match> networks;
  private final int[] ipv4PrefixesLongestFirst;
  private final int[] ipv6PrefixesLongestFirst;

  private ThreatIntelSet(Builder builder) {
    this.addresses = Map.copyOf(builder.addresses);
    this.networks = Map.copyOf(builder.networks);
    this.ipv4PrefixesLongestFirst = builder.ipv4Prefixes.descendingSet().stream().mapToInt(Integer::intValue).toArray();
    this.ipv6PrefixesLongestFirst = builder.ipv6Prefixes.descendingSet().stream().mapToInt(Integer::intValue).toArray();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the indicator that contains {@code canonicalIp}: the exact address first, then the most
   * specific network. Returns empty for text that is not an address literal.
   */
  @Override
  public Optional<Match> match(String canonicalIp) {
    if (!IpAddresses.isIp(canonicalIp)) {
      return Optional.empty();
    }
    InetAddress address = IpAddresses.parse(canonicalIp);
    Match exact = addresses.get(InetAddresses.toAddrString(address));
    if (exact != null) {
      return Optional.of(exact);
    }
    byte[] bytes = address.getAddress();
    int[] prefixes = address instanceof Inet4Address ? ipv4PrefixesLongestFirst : ipv6PrefixesLongestFirst;
    for (int prefix : prefixes) {
      Match network = networks.get(networkKey(bytes, prefix));
      if (network != null) {
        return Optional.of(network);
      }
    }
    return Optional.empty();
  }

  @Override
  public int size() {
    return addresses.size() + networks.size();
  }

  /** Key of the network of {@code prefix} bits that contains {@code address}. */
  static String networkKey(byte[] address, int prefix) {
    return HexFormat.of().formatHex(mask(address, prefix)) + "/" + prefix;
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] masked = address.clone();
    for (int i = 0; i < masked.length; i++) {
      int bitsInByte = Math.max(0, Math.min(8, prefix - i * 8));
      masked[i] &= (byte) (0xff << (8 - bitsInByte));
    }
    return masked;
  }

  /** Collects indicators; the first one added for an address or network wins. */
  public static final class Builder {
    private final Map<String, Match> addresses = new HashMap<>();
    private final Map<String, Match> networks = new HashMap<>();
    private final TreeSet<Integer> ipv4Prefixes = new TreeSet<>();
    private final TreeSet<Integer> ipv6Prefixes = new TreeSet<>();

    private Builder() {}

    /**
     * Adds an address ({@code 203.0.113.7}, {@code 2001:db8::7}) or a CIDR network
     * ({@code 198.51.100.0/24}, {@code 2001:db8::/32}). Host bits set in a CIDR are cleared, and a
     * /32 or /128 is stored as an address.
     *
     * @param source where the indicator came from, such as the file path
     * @param label what the source calls it, such as a STIX indicator name or the list file name
     * @throws IllegalArgumentException when the text is not an address or CIDR; the message names
     *     the value and reports a host name as such, because names are never resolved
     * @throws NetworkTooBroadException when the CIDR is shorter than {@value #MIN_IPV4_PREFIX} bits
     *     (IPv4) or {@value #MIN_IPV6_PREFIX} bits (IPv6)
     */
    public Builder add(String ipOrCidr, String source, String label) {
      String text = ipOrCidr.strip();
      int slash = text.indexOf('/');
      if (slash < 0) {
        String canonical = InetAddresses.toAddrString(literal(text, text));
        addresses.putIfAbsent(canonical, new Match(canonical, source, label));
        return this;
      }

      String addressText = text.substring(0, slash);
      InetAddress address = literal(addressText, text);
      int prefix = prefixLength(text, text.substring(slash + 1));
      boolean mappedIpv4 = address instanceof Inet4Address && addressText.contains(":");
      if (mappedIpv4) {
        if (prefix < MAPPED_PREFIX_BITS) {
          throw new IllegalArgumentException("'" + text + "' is wider than the IPv4-mapped range ::ffff:0:0/96;"
              + " write it as IPv6 without the mapped form, or as an IPv4 CIDR");
        }
        prefix -= MAPPED_PREFIX_BITS;
      }
      byte[] bytes = address.getAddress();
      if (prefix > bytes.length * 8) {
        throw new IllegalArgumentException("invalid prefix length in '" + text + "': expected 0 to " + bytes.length * 8);
      }
      int minPrefix = bytes.length == 4 ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX;
      if (prefix < minPrefix) {
        throw new NetworkTooBroadException("'" + text + "' is a network broader than /" + minPrefix
            + ", so it would match most traffic; list the addresses or narrower networks it means");
      }
      if (prefix == bytes.length * 8) {
        String canonical = InetAddresses.toAddrString(address);
        addresses.putIfAbsent(canonical, new Match(canonical, source, label));
        return this;
      }

      String network = InetAddresses.toAddrString(fromBytes(mask(bytes, prefix)));
      networks.putIfAbsent(networkKey(bytes, prefix), new Match(network + "/" + prefix, source, label));
      (bytes.length == 4 ? ipv4Prefixes : ipv6Prefixes).add(prefix);
      return this;
    }

    public ThreatIntelSet build() {
      return new ThreatIntelSet(this);
    }

    private static InetAddress literal(String addressText, String entry) {
      if (IpAddresses.isIp(addressText)) {
        return IpAddresses.parse(addressText);
      }
      if (HostNames.isHostName(addressText)) {
        throw new IllegalArgumentException("'" + entry + "' is a host name; threat intel is matched by address"
            + " and names are never resolved, so list its IP addresses instead");
      }
      throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR (expected for example"
          + " 203.0.113.7, 198.51.100.0/24 or 2001:db8::/32)");
    }

    private static int prefixLength(String entry, String text) {
      try {
        int prefix = Integer.parseInt(text);
        if (prefix >= 0) {
          return prefix;
        }
      } catch (NumberFormatException e) {
        // reported below with the whole entry
      }
      throw new IllegalArgumentException("invalid prefix length in '" + entry + "': expected a number such as 24");
    }

    /** Builds an address from its bytes; {@link InetAddress#getByAddress(byte[])} does no look-up. */
    private static InetAddress fromBytes(byte[] bytes) {
      try {
        return InetAddress.getByAddress(bytes);
      } catch (UnknownHostException e) {
        throw new IllegalStateException("address of " + bytes.length + " bytes", e);
      }
    }
  }

  /** Rejection of a CIDR indicator shorter than {@link #MIN_IPV4_PREFIX} or {@link #MIN_IPV6_PREFIX}. */
  public static final class NetworkTooBroadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NetworkTooBroadException(String message) {
      super(message);
    }
  }
}
