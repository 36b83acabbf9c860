package dev.cordon.core.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.EOFException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Turns a read failure into the words a user acts on: what is wrong with the file, without the
 * parser's class names, settings or source-location notes.
 */
public final class ReadErrors {
  /** Jackson's limit message: "String value length (X) exceeds the maximum allowed (Y, from ...)". */
  private static final Pattern LIMIT = Pattern.compile(
      "^(.*?) (length|depth) \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");
  /** Jackson's note on where the input came from, which it leaves out unless configured. */
  private static final Pattern SOURCE = Pattern.compile(
      "\\s*(?:at )?\\[Source: [^\\]]*\\]|\\s*\\(`StreamReadFeature[^)]*\\)|Source: REDACTED");

  private ReadErrors() {}

  /** Returns the cause of {@code error} as a short phrase, such as "the gzip data ends early". */
  public static String describe(Throwable error) {
    if (error instanceof EOFException && String.valueOf(error.getMessage()).contains("ZLIB")) {
      return "the gzip data ends early, so the file is truncated";
    }
    if (error instanceof ZipException) {
      return "the gzip data is corrupt (" + clean(error.getMessage()) + ")";
    }
    if (error instanceof StreamConstraintsException limit) {
      return limit(limit.getOriginalMessage());
    }
    if (error instanceof JsonProcessingException json) {
      return clean(json.getOriginalMessage());
    }
    return clean(error.getMessage());
  }

  /** Rewords a limit violation: which value, how long, and the limit Cordon reads up to. */
  private static String limit(String message) {
    Matcher matcher = LIMIT.matcher(String.valueOf(message));
    if (!matcher.find()) {
      return clean(message);
    }
    String unit = matcher.group(2).equals("length") ? " characters" : "";
    return String.format(Locale.ROOT, "a %s %s of %,d%s exceeds the limit of %,d that Cordon reads",
        matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2),
        Long.parseLong(matcher.group(3)), unit, Long.parseLong(matcher.group(4)));
  }

  private static String clean(String message) {
    if (message == null) {
      return "unknown error";
    }
    String cleaned = SOURCE.matcher(message).replaceAll("");
    return cleaned.replace('\n', ' ').replaceAll("\\s+", " ").trim();
  }
}
