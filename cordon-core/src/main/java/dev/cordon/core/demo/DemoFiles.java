package dev.cordon.core.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** File writing and seeded identifiers shared by the demo generators. */
final class DemoFiles {
  static final DateTimeFormatter DATE_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final String UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private DemoFiles() {}

  /**
   * Writes {@code content}, gzip-compressed when {@code gzip} is set. {@link GZIPOutputStream}
   * writes a zero modification time, so the bytes depend on the content only. The fastest
   * compression level keeps generation quick; the files are still valid gzip.
   */
  static void write(Path file, byte[] content, boolean gzip) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      if (!gzip) {
        out.write(content);
        return;
      }
      try (GZIPOutputStream zip = new FastGzipOutputStream(out)) {
        zip.write(content);
      }
    }
  }

  private static final class FastGzipOutputStream extends GZIPOutputStream {
    FastGzipOutputStream(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  /** Returns a version 4 UUID drawn from {@code random}. */
  static String uuid(SplittableRandom random) {
    long high = (random.nextLong() & ~0xf000L) | 0x4000L;
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  static String hex(SplittableRandom random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  /** Returns {@code length} characters of upper-case letters and digits 2 to 7, as in AWS key ids. */
  static String keyCharacters(SplittableRandom random, int length) {
    return pick(random, UPPER_ALPHANUMERIC, length);
  }

  static String alphanumeric(SplittableRandom random, int length) {
    return pick(random, ALPHANUMERIC, length);
  }

  private static String pick(SplittableRandom random, String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  static String datePath(Instant time) {
    return DATE_PATH.format(time);
  }

  static String fileTime(Instant time) {
    return FILE_TIME.format(time);
  }
}
