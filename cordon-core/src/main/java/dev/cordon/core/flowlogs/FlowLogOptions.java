package dev.cordon.core.flowlogs;

import java.util.List;
import org.slf4j.LoggerFactory;

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
      warnAboutUnknownFields(FlowLayout.parseFormat(headerlessFormat));
    }
  }

  /**
   * Warns once about names that no flow-log version documents, which in a typed format are most
   * often typos ({@code srcadr}); they are still carried through, since AWS adds fields.
   */
  private static void warnAboutUnknownFields(List<String> names) {
    List<String> unknown = names.stream().filter(name -> !FlowFields.isKnown(name)).toList();
    if (!unknown.isEmpty()) {
      LoggerFactory.getLogger(FlowLogOptions.class).warn("--flow-format names fields that no flow-log"
          + " version documents: {}; check the spelling against the flow log's LogFormat (they are"
          + " carried through as other fields)", String.join(", ", unknown));
    }
  }

  /** Returns options that read headerless records in the default version-2 format. */
  public static FlowLogOptions defaults() {
    return new FlowLogOptions(null);
  }
}
