package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T03:25:00Z"), ZoneOffset.UTC);

  @TempDir Path directory;

  private Path writeThree() {
    Path file = directory.resolve("journal.jsonl");
    Journal journal = Journal.open(file, CLOCK);
    journal.append(JournalEntry.Event.PLANNED, "protect-termination", "i-0abc123def456", null, null, "plan", null);
    journal.append(JournalEntry.Event.STARTED, "protect-termination", "i-0abc123def456", null, null, null, null);
    journal.append(JournalEntry.Event.DONE, "protect-termination", "i-0abc123def456", "req-1", null, null,
        Map.of("ruleNumber", "1"));
    return file;
  }

  @Test
  void journal_appends_chainEachLineToThePrevious() throws IOException {
    Path file = writeThree();

    List<String> lines = Files.readAllLines(file);
    List<JournalEntry> entries = Journal.read(file);
    assertThat(entries).hasSize(3);
    assertThat(entries.get(0).previousHash()).isEqualTo(Journal.GENESIS_HASH);
    assertThat(entries.get(1).previousHash()).isEqualTo(Journal.sha256(lines.get(0).getBytes(StandardCharsets.UTF_8)));
    assertThat(entries.get(2).previousHash()).isEqualTo(Journal.sha256(lines.get(1).getBytes(StandardCharsets.UTF_8)));
    assertThat(entries.get(2).requestId()).isEqualTo("req-1");
    assertThat(entries.get(2).data()).containsEntry("ruleNumber", "1");
    assertThat(entries).extracting(JournalEntry::sequence).containsExactly(1L, 2L, 3L);
    assertThat(entries).extracting(JournalEntry::time).containsOnly("2024-01-15T03:25:00Z");
  }

  @Test
  void journal_reopened_continuesTheChain() {
    Path file = writeThree();

    Journal reopened = Journal.open(file, CLOCK);
    reopened.append(JournalEntry.Event.SKIPPED, "protect-shutdown", "i-0abc123def456", null, null, null, null);

    Journal.ChainCheck check = Journal.verify(file);
    assertThat(check.intact()).isTrue();
    assertThat(check.validEntries()).isEqualTo(4);
    assertThat(reopened.entries()).hasSize(4);
  }

  @Test
  void journal_secondWriter_rejectedWithoutBreakingChain() {
    Path file = writeThree();
    Journal first = Journal.open(file, CLOCK);
    Journal second = Journal.open(file, CLOCK);
    second.append(JournalEntry.Event.SKIPPED, "protect-shutdown", "i-0abc123def456", null, null, null, null);

    assertThatThrownBy(() -> first.append(JournalEntry.Event.STARTED, "protect-tags", "i-0abc123def456",
        null, null, null, null))
        .isInstanceOf(dev.cordon.core.input.InputException.class)
        .hasMessageContaining("second cordon run");
    Journal.ChainCheck check = Journal.verify(file);
    assertThat(check.intact()).isTrue();
    assertThat(check.validEntries()).isEqualTo(4);
  }

  @Test
  void verify_editedLine_reportsTheNextLine() throws IOException {
    Path file = writeThree();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(1, lines.get(1).replace("STARTED", "DONE"));
    Files.write(file, lines);

    Journal.ChainCheck check = Journal.verify(file);

    assertThat(check.intact()).isFalse();
    assertThat(check.validEntries()).isEqualTo(2);
    assertThat(check.problem()).contains("line 3").contains("line 2 or 3 was changed");
  }

  @Test
  void verify_removedLine_isReported() throws IOException {
    Path file = writeThree();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.remove(1);
    Files.write(file, lines);

    assertThat(Journal.verify(file).intact()).isFalse();
  }

  @Test
  void verify_garbageLine_isReported() throws IOException {
    Path file = writeThree();
    Files.writeString(file, "{not json\n", java.nio.file.StandardOpenOption.APPEND);

    Journal.ChainCheck check = Journal.verify(file);

    assertThat(check.intact()).isFalse();
    assertThat(check.problem()).contains("line 4 is not a journal entry");
  }

  @Test
  void open_brokenChain_isRejected() throws IOException {
    Path file = writeThree();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    Files.write(file, List.of(lines.get(1), lines.get(0), lines.get(2)));

    assertThatThrownBy(() -> Journal.open(file, CLOCK))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("hash-chain check");
  }

  @Test
  void verify_missingFile_isAnEmptyIntactChain() {
    Journal.ChainCheck check = Journal.verify(directory.resolve("absent.jsonl"));

    assertThat(check.intact()).isTrue();
    assertThat(check.validEntries()).isZero();
    assertThat(check.lastHash()).isEqualTo(Journal.GENESIS_HASH);
  }
}
