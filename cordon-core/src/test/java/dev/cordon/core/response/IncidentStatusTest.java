package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentStatusTest {
  private static final Journal.ChainCheck INTACT = new Journal.ChainCheck(true, 9, "ab".repeat(32), null);

  private static IncidentStatus.StepState step(String name, JournalEntry.Event event, String requestId) {
    return new IncidentStatus.StepState(name, "i-0abc123def456", event, "2024-01-15T03:25:00Z", requestId, null);
  }

  @Test
  void render_recordState_notCounted() {
    IncidentStatus status = new IncidentStatus("INC-1", List.of(
        step("record-state", JournalEntry.Event.DONE, null),
        step("protect-termination", JournalEntry.Event.DONE, "req-1"),
        step("tag-instance", JournalEntry.Event.PLANNED, null)), INTACT);

    assertThat(status.render()).contains("1 of 2 steps done");
    assertThat(status.render()).contains("  done     record-state\n");
  }

  @Test
  void render_unknownRequestId_omitted() {
    IncidentStatus status = new IncidentStatus("INC-1", List.of(
        step("protect-termination", JournalEntry.Event.DONE, "UNKNOWN"),
        step("tag-instance", JournalEntry.Event.DONE, "UNKNOWN,req-2")), INTACT);

    String text = status.render();

    assertThat(text).doesNotContain("UNKNOWN");
    assertThat(text).contains("  done     protect-termination\n");
    assertThat(text).containsPattern("  done     tag-instance +request req-2\n");
  }
}
