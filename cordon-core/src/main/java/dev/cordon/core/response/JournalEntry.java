package dev.cordon.core.response;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One line of an incident journal.
 *
 * @param sequence 1 for the first entry, then one more per line
 * @param time when the entry was written, ISO-8601 UTC from the injected clock
 * @param event what happened to the step
 * @param step step name such as {@code isolate-eni:eni-0a1b2c3d4e5f60001}
 * @param resource resource the step acts on
 * @param requestId AWS request ID of the call that made the change or failed, or null
 * @param errorCode AWS error code of a failure, or null
 * @param detail free text for the operator, or null
 * @param data step results that later steps or {@code release} read (rule numbers, snapshot IDs)
 * @param previousHash SHA-256 hex of the previous line's bytes, or 64 zeros for the first line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(
    long sequence,
    String time,
    Event event,
    String step,
    String resource,
    String requestId,
    String errorCode,
    String detail,
    Map<String, String> data,
    String previousHash) {

  /** Event in the life of a step. */
  public enum Event {
    /** The step is part of the plan. */
    PLANNED,
    /** The step is about to call AWS. */
    STARTED,
    /** The step's calls succeeded. */
    DONE,
    /** A call failed; the plan stopped here. */
    FAILED,
    /** AWS already showed the step's result, so no call was made. */
    SKIPPED
  }

  /** Returns whether this entry closes its step successfully. */
  public boolean completes() {
    return event == Event.DONE || event == Event.SKIPPED;
  }
}
