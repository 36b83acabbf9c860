package dev.cordon.core.aws;

import com.google.common.net.InetAddresses;
import dev.cordon.core.input.UsageException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Checks that an endpoint names this machine without resolving any name. Only an IP literal in
 * 127.0.0.0/8 or ::1, or the name {@code localhost}, passes; a DNS look-up could send a request
 * elsewhere, so other names are rejected even when they would resolve to loopback.
 */
final class LoopbackEndpoints {
  private LoopbackEndpoints() {}

  /**
   * Returns {@code endpoint} when it is an http or https URL whose host is loopback.
   *
   * @throws UsageException when the endpoint is missing, malformed or not loopback
   */
  static URI requireLoopback(URI endpoint) {
    if (endpoint == null) {
      throw new UsageException(
          "Missing endpoint: loopback-only AWS clients need an explicit endpoint such as"
              + " http://127.0.0.1:4566; pass the sandbox's endpoint URL.");
    }
    String scheme = endpoint.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new UsageException(
          "Invalid endpoint '" + endpoint + "': expected an http:// or https:// URL on 127.0.0.1.");
    }
    String host = endpoint.getHost();
    if (host == null || !isLoopbackHost(host)) {
      throw new UsageException(
          "Rejected endpoint '"
              + endpoint
              + "': loopback-only AWS clients may reach only 127.0.0.0/8, ::1 or localhost."
              + " Use the sandbox's endpoint URL.");
    }
    return endpoint;
  }

  /** Returns whether {@code host} (as {@link URI#getHost()} gives it) is a loopback literal. */
  static boolean isLoopbackHost(String host) {
    String bare = host;
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    if (bare.toLowerCase(Locale.ROOT).equals("localhost")) {
      return true;
    }
    if (!InetAddresses.isInetAddress(bare)) {
      return false;
    }
    InetAddress address = InetAddresses.forString(bare);
    return address.isLoopbackAddress();
  }
}
