package dev.cordon.core.finding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable finding ids: the kind, then the first 12 hex digits of the SHA-256 of kind and key. */
final class FindingIds {
  private FindingIds() {}

  static String of(String kind, String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest((kind + "\n" + key).getBytes(StandardCharsets.UTF_8));
      return kind + "-" + HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
