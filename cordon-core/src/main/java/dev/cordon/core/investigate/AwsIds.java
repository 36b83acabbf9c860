package dev.cordon.core.investigate;

import dev.cordon.core.input.UsageException;
import java.util.regex.Pattern;

/**
 * Checks of AWS resource ids by prefix and hex digits, not by exact length: AWS ids have 8 or 17
 * hex digits, and documentation-style ids such as {@code i-0abc123def456} have other lengths.
 */
public final class AwsIds {
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{6,32}");

  private AwsIds() {}

  public static boolean isInstanceId(String text) {
    return text != null && INSTANCE_ID.matcher(text).matches();
  }

  /** Returns {@code text} when it is an instance id, else throws a usage error naming the value. */
  public static String requireInstanceId(String text) {
    if (!isInstanceId(text)) {
      throw new UsageException("invalid instance id '" + text
          + "': expected i- followed by lower-case hex digits, such as i-0abc123def456");
    }
    return text;
  }
}
