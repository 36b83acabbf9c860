package dev.cordon.core.flowlogs;

import dev.cordon.core.input.UsageException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The column order of the records in one file: field names and the {@link FlowRecord} slot of
 * each, and the source of that order (default, --flow-format or a header line) for field-count
 * messages.
 */
final class FlowLayout {
  /** Source of a layout's field order. */
  enum Origin {
    DEFAULT,
    OPTION,
    HEADER
  }

  private static final FlowLayout DEFAULT = new FlowLayout(FlowFields.DEFAULT_FORMAT, Origin.DEFAULT, 0);

  final String[] names;
  final int[] slots;
  final Origin origin;
  /** Line of the header this layout was read from, or 0. */
  final long headerLine;

  private FlowLayout(List<String> names, Origin origin, long headerLine) {
    this.names = names.toArray(new String[0]);
    this.slots = new int[this.names.length];
    for (int i = 0; i < this.names.length; i++) {
      slots[i] = FlowFields.slotOf(this.names[i]);
    }
    this.origin = origin;
    this.headerLine = headerLine;
  }

  static FlowLayout defaultFormat() {
    return DEFAULT;
  }

  /** Builds the layout of a header line; {@code tokens} may use underscores. */
  static FlowLayout fromHeader(List<String> tokens, long line) {
    List<String> names = new ArrayList<>(tokens.size());
    for (String token : tokens) {
      names.add(FlowFields.normalize(token));
    }
    return new FlowLayout(names, Origin.HEADER, line);
  }

  /** Returns the layout for records without a header: the option's format, else the default. */
  static FlowLayout forHeaderless(FlowLogOptions options) {
    if (options.headerlessFormat() == null) {
      return DEFAULT;
    }
    return new FlowLayout(parseFormat(options.headerlessFormat()), Origin.OPTION, 0);
  }

  int fieldCount() {
    return names.length;
  }

  /**
   * Parses a flow log's {@code LogFormat}: field names separated by spaces, each written
   * {@code ${name}} as EC2 stores it or bare as in an S3 header line. Underscores become hyphens.
   *
   * @throws UsageException when the format is blank, a token is malformed, or a name repeats
   */
  static List<String> parseFormat(String format) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String token : format.trim().split("[ \t]+")) {
      if (token.isEmpty()) {
        continue;
      }
      String name = token.startsWith("${") && token.endsWith("}") ? token.substring(2, token.length() - 1) : token;
      if (!FlowFields.isPlausibleName(name)) {
        throw new UsageException("invalid flow-log format token '" + token + "' in --flow-format: write each field as ${name}"
            + " separated by spaces, for example '${version} ${account-id} ${interface-id} ${srcaddr}'");
      }
      String normalized = FlowFields.normalize(name);
      if (!seen.add(normalized)) {
        throw new UsageException("field '" + normalized + "' appears twice in --flow-format '" + format
            + "'; list each field once, in the order of the flow log's LogFormat");
      }
      names.add(normalized);
    }
    if (names.isEmpty()) {
      throw new UsageException("--flow-format is empty; give the flow log's LogFormat, for example"
          + " '${version} ${account-id} ${interface-id} ${srcaddr} ...' (aws ec2 describe-flow-logs shows it)");
    }
    return names;
  }
}
