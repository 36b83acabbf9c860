package dev.cordon.core.report;

import java.time.Instant;

/** Wording of the --since/--until window, shared by the report headers and the missed-window blind spot. */
public final class WindowText {
  private WindowText() {}

  /**
   * Describes the window from {@code since} (inclusive) to {@code until} (exclusive), either of
   * which may be null. An open bound reads "first record" or "last record" only when {@code
   * holdsRecords}, because with no record inside those words would suggest records that are not there.
   */
  public static String describe(Instant since, Instant until, boolean holdsRecords) {
    if (since == null && until == null) {
      return "all records (no --since or --until)";
    }
    if (since != null && until != null) {
      return since + " to " + until;
    }
    if (holdsRecords) {
      return since == null ? "first record to " + until : since + " to last record";
    }
    return since == null ? "before " + until + ", with no start" : "from " + since + ", open-ended";
  }
}
