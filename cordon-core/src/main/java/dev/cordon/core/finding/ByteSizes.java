package dev.cordon.core.finding;

import java.util.Locale;

/** Byte counts for people: decimal units (1 KB = 1,000 bytes), as network tools count them. */
public final class ByteSizes {
  private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB", "EB"};

  private ByteSizes() {}

  /** Formats as {@code 2.1 GB}, or {@code 512 bytes} below one kilobyte. */
  public static String brief(long bytes) {
    if (bytes < 1000) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    double value = bytes;
    int unit = -1;
    while (value >= 999.95 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** Formats as {@code 2.1 GB (2,147,483,648 bytes)}, so the exact count stays visible. */
  public static String full(long bytes) {
    if (bytes < 1000) {
      return brief(bytes);
    }
    return brief(bytes) + String.format(Locale.ROOT, " (%,d bytes)", bytes);
  }

  /** Formats a count with thousands separators. */
  public static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
