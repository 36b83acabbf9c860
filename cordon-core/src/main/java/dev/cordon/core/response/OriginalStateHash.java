package dev.cordon.core.response;

import com.google.common.hash.Hashing;
import dev.cordon.core.input.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SHA-256 of {@code original-state.json} that the record-state step journals. The journal's
 * hash chain then covers the file, so an edit to the groups or profile release would restore is
 * detected before release acts on it.
 */
final class OriginalStateHash {
  /** Key of the hash in the data of the record-state journal entry. */
  static final String DATA_KEY = "sha256";

  private OriginalStateHash() {}

  static String of(byte[] content) {
    return Hashing.sha256().hashBytes(content).toString();
  }

  static String of(Path file) {
    try {
      return of(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + file, e);
    }
  }

  /**
   * Rejects an original-state file whose SHA-256 differs from the one journaled. Incidents recorded
   * before the hash was journaled, and incidents without the file, pass unchecked.
   *
   * @throws InputException naming the file and both hashes
   */
  static void verify(Path directory, Journal journal) {
    verify(directory, Executor.latest(journal).get(ProtectSteps.RecordState.NAME));
  }

  static void verify(Path directory, JournalEntry recorded) {
    Path file = IncidentFiles.originalState(directory);
    if (recorded == null || recorded.data() == null || !recorded.data().containsKey(DATA_KEY) || !Files.exists(file)) {
      return;
    }
    String expected = recorded.data().get(DATA_KEY);
    String actual = of(file);
    if (!expected.equals(actual)) {
      throw new InputException("Invalid " + file + ": its SHA-256 is " + actual + ", but the journal recorded "
          + expected + " when contain wrote it, so the file was edited since; nothing was changed. Restore the"
          + " file as contain wrote it, from a backup, and run the command again.");
    }
  }
}
