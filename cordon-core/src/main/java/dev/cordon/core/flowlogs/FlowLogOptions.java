package dev.cordon.core.flowlogs;

/**
 * Options of the flow-log reader.
 *
 * @param headerlessFormat the flow log's {@code LogFormat} ({@code ${version} ${srcaddr} ...}),
 *     used for records that come without a header line: CloudWatch Logs exports and headerless
 *     text files. {@code null} means the default version-2 format. Field names not known to
 *     Cordon are allowed and carried through in {@link FlowRecord#otherFields()}.
 */
public record FlowLogOptions(String headerlessFormat) {

  /**
   * Validates the format.
   *
   * @throws dev.cordon.core.input.UsageException when the format is blank or malformed
   */
  public FlowLogOptions {
    if (headerlessFormat != null) {
      FlowLayout.parseFormat(headerlessFormat);
    }
  }

  /** Returns options that read headerless records in the default version-2 format. */
  public static FlowLogOptions defaults() {
    return new FlowLogOptions(null);
  }
}
