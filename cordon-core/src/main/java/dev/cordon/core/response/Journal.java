package dev.cordon.core.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import dev.cordon.core.input.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The append-only record of one incident, as JSON Lines. Each line carries the SHA-256 of the
 * previous line's bytes, so editing, removing or reordering a line breaks the chain at the next
 * one. Each append is written and forced to disk before it returns, so the next AWS call starts
 * only once its predecessor is on record. Appends from steps running in parallel take one lock, so
 * they are written one at a time and the chain stays linear.
 *
 * <p>The journal, not memory, is the incident's state: {@code contain}, {@code release} and
 * {@code status} read it back to know what was done.
 */
public final class Journal {
  /** Hash that the first entry names as its predecessor. */
  public static final String GENESIS_HASH = "0".repeat(64);

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final Clock clock;
  private final List<JournalEntry> entries;
  private String lastHash;
  /** Length of the file as this journal last wrote or read it, to notice another writer. */
  private long size;
  private volatile Runnable afterAppend = () -> { };

  private Journal(Path file, Clock clock, List<JournalEntry> entries, String lastHash) {
    this.file = file;
    this.clock = clock;
    this.entries = entries;
    this.lastHash = lastHash;
    try {
      this.size = Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read journal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the journal at {@code file}, reading the entries it already has.
   *
   * @throws InputException when a line is not a journal entry or the chain is broken, because
   *     appending to a journal that cannot be trusted would hide the damage
   */
  public static Journal open(Path file, Clock clock) {
    ChainCheck check = verify(file);
    if (!check.intact()) {
      throw new InputException(
          "Journal " + file + " failed its hash-chain check: " + check.problem()
              + ". Keep the file as evidence and start a new incident with --incident.");
    }
    List<JournalEntry> entries = new ArrayList<>(read(file));
    String last = entries.isEmpty() ? GENESIS_HASH : check.lastHash();
    return new Journal(file, clock, entries, last);
  }

  /** Returns the entries so far, oldest first. */
  public synchronized List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  public Path file() {
    return file;
  }

  /** Appends an entry and forces it to disk before returning. */
  public synchronized JournalEntry append(
      JournalEntry.Event event,
      String step,
      String resource,
      String requestId,
      String errorCode,
      String detail,
      Map<String, String> data) {
    JournalEntry entry = next(event, step, resource, requestId, errorCode, detail, data);
    byte[] line = serialize(entry);
    writeDurably(List.of(line));
    entries.add(entry);
    lastHash = sha256(line);
    afterAppend.run();
    return entry;
  }

  /**
   * Sets what runs after each append, once the line is on disk: the journal mirror queues an
   * upload there. It must return at once and not throw, because the append path waits for it.
   */
  void afterAppend(Runnable listener) {
    afterAppend = listener;
  }

  /** One PLANNED entry for {@link #appendPlanned}. */
  record PlannedStep(String step, String resource, String description) {}

  /**
   * Appends a PLANNED entry per step, each written before the next, and forces them to disk once
   * at the end, because forcing each would delay the first AWS call by one disk flush per step. A
   * PLANNED entry that a power loss drops is written again by the next run, which plans every step
   * the journal does not name.
   */
  synchronized void appendPlanned(List<PlannedStep> steps) {
    if (steps.isEmpty()) {
      return;
    }
    List<byte[]> lines = new ArrayList<>();
    List<JournalEntry> planned = new ArrayList<>();
    String hash = lastHash;
    for (PlannedStep step : steps) {
      JournalEntry entry = new JournalEntry(entries.size() + planned.size() + 1L, clock.instant().toString(),
          JournalEntry.Event.PLANNED, step.step(), step.resource(), null, null, step.description(), null, hash);
      byte[] line = serialize(entry);
      lines.add(line);
      planned.add(entry);
      hash = sha256(line);
    }
    writeDurably(lines);
    entries.addAll(planned);
    lastHash = hash;
    afterAppend.run();
  }

  private JournalEntry next(JournalEntry.Event event, String step, String resource, String requestId,
      String errorCode, String detail, Map<String, String> data) {
    return new JournalEntry(entries.size() + 1L, clock.instant().toString(), event, step, resource, requestId,
        errorCode, detail, data == null || data.isEmpty() ? null : Map.copyOf(data), lastHash);
  }

  /** Writes each line with its own write call, in order, then forces the file to disk once. */
  private void writeDurably(List<byte[]> lines) {
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        if (channel.size() != size) {
          throw new InputException("Journal " + file + " changed while this run was using it (" + size
              + " bytes expected, " + channel.size() + " found), most likely by a second cordon run on the"
              + " same incident; this run stopped before its next change. Wait for the other run to end, then"
              + " run 'cordon status' and the same command again.");
        }
        for (byte[] line : lines) {
          ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        }
        channel.force(true);
        size = channel.size();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to append to journal " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] serialize(JournalEntry entry) {
    try {
      return MAPPER.writeValueAsBytes(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Journal entry cannot be serialised: " + entry, e);
    }
  }

  static String sha256(byte[] bytes) {
    return Hashing.sha256().hashBytes(bytes).toString();
  }

  /** Reads every entry of {@code file}; an absent file has none. */
  static List<JournalEntry> read(Path file) {
    return read(lines(file), file.toString());
  }

  /**
   * Parses journal lines read from {@code source}, a file or a mirror URI named in errors.
   *
   * @throws InputException naming the line that is not a journal entry
   */
  static List<JournalEntry> read(List<String> lines, String source) {
    List<JournalEntry> entries = new ArrayList<>();
    for (String line : lines) {
      try {
        entries.add(MAPPER.readValue(line, JournalEntry.class));
      } catch (JsonProcessingException e) {
        throw new InputException(
            "Journal " + source + " line " + (entries.size() + 1) + " is not a journal entry: "
                + e.getOriginalMessage(), e);
      }
    }
    return entries;
  }

  /**
   * Reads the lines of {@code file}.
   *
   * @throws InputException naming the line that is not UTF-8 text, as in a binary file
   */
  private static List<String> lines(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return lines(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read journal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Splits journal {@code content} read from {@code source} into lines.
   *
   * @throws InputException naming the line that is not UTF-8 text, as in a binary file
   */
  static List<String> lines(byte[] content, String source) {
    List<String> lines = new ArrayList<>();
    java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
    try {
      int start = 0;
      while (start < content.length) {
        int end = start;
        while (end < content.length && content[end] != '\n') {
          end++;
        }
        int stop = end > start && content[end - 1] == '\r' ? end - 1 : end;
        lines.add(decoder.decode(java.nio.ByteBuffer.wrap(content, start, stop - start)).toString());
        start = end + 1;
      }
      return lines;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InputException("Journal " + source + " line " + (lines.size() + 1) + " is not UTF-8 text, so the"
          + " file is not a Cordon journal or was damaged. Restore it from its mirror or a backup.", e);
    }
  }

  /**
   * Checks the hash chain, the sequence numbers and the JSON of every line.
   *
   * <p>NOTE: a chain only proves the order and content of lines up to the last one; anyone who
   * can write the file can also truncate it or rewrite its tail. {@link JournalMirror} keeps a copy
   * in S3 that {@code cordon status} compares with; without one, compare {@link ChainCheck#lastHash()}
   * with a copy kept elsewhere, such as a ticket.
   */
  public static ChainCheck verify(Path file) {
    return verify(lines(file));
  }

  /** Checks the hash chain of journal lines as {@link #verify(Path)} does. */
  static ChainCheck verify(List<String> lines) {
    String expectedPrevious = GENESIS_HASH;
    long lineNumber = 0;
    for (String line : lines) {
      lineNumber++;
      JournalEntry entry;
      try {
        entry = MAPPER.readValue(line, JournalEntry.class);
      } catch (JsonProcessingException e) {
        return ChainCheck.broken(lineNumber - 1, "line " + lineNumber + " is not a journal entry");
      }
      if (!expectedPrevious.equals(entry.previousHash())) {
        return ChainCheck.broken(
            lineNumber - 1,
            "line " + lineNumber + " names previous hash " + entry.previousHash()
                + " but line " + (lineNumber - 1) + " hashes to " + expectedPrevious
                + "; line " + (lineNumber - 1) + " or " + lineNumber + " was changed, removed or reordered");
      }
      if (entry.sequence() != lineNumber) {
        return ChainCheck.broken(
            lineNumber - 1, "line " + lineNumber + " has sequence " + entry.sequence());
      }
      expectedPrevious = sha256(line.getBytes(StandardCharsets.UTF_8));
    }
    return new ChainCheck(true, lineNumber, expectedPrevious, null);
  }

  /**
   * Result of {@link #verify}.
   *
   * @param intact whether every line chains to the one before it
   * @param validEntries lines that passed before the first problem
   * @param lastHash SHA-256 of the last valid line, or {@link #GENESIS_HASH} for an empty journal
   * @param problem what broke, naming the line, or null when intact
   */
  public record ChainCheck(boolean intact, long validEntries, String lastHash, String problem) {
    static ChainCheck broken(long validEntries, String problem) {
      return new ChainCheck(false, validEntries, null, problem);
    }
  }
}
