package dev.cordon.core.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cordon.core.input.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exclusive lock of one incident for the length of a contain or release run, so two runs cannot
 * append to the journal at once. It is an OS file lock ({@link FileChannel#tryLock}) on
 * {@code journal.lock} beside the journal. The OS drops the lock when the process ends, even by a
 * crash, so a lock file left behind without a holder blocks nothing. The file contains the
 * holder's process ID, command and start time, which a rejected run prints.
 *
 * <p>On Linux, closing any file descriptor of the lock file releases every lock this process holds
 * on it, even one taken through another channel. So runs in one JVM are excluded through
 * {@link #HELD} first, and this JVM never opens a lock file that it holds.
 *
 * <p>NOTE: the OS lock is advisory on Linux and macOS, so it excludes other Cordon runs only; it
 * does not stop another program from writing the journal. The journal's size check still catches
 * that writer at the next append.
 */
final class RunLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunLock.class);

  /** Lock files this JVM holds, by real path, with the holder's description. */
  private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks the incident in {@code directory} for {@code command}, without waiting.
   *
   * @throws UsageException naming the lock file and the other run when another run holds the lock
   */
  static RunLock acquire(String incidentId, Path directory, String command, Clock clock) {
    Path file = realLockFile(directory);
    String description = describe(ProcessHandle.current().pid(), command, clock);
    String inThisProcess = HELD.putIfAbsent(file, description);
    if (inThisProcess != null) {
      throw inUse(incidentId, file, inThisProcess);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        throw inUse(incidentId, file, holder(file));
      }
      RunLock acquired = new RunLock(file, channel, lock);
      acquired.write(description);
      return acquired;
    } catch (IOException e) {
      forget(file, channel);
      throw new UncheckedIOException("Failed to lock " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      forget(file, channel);
      throw e;
    }
  }

  /** Returns the lock file by its real path, so two spellings of one directory share a {@link #HELD} entry. */
  private static Path realLockFile(Path directory) {
    try {
      Files.createDirectories(directory);
      return IncidentFiles.lock(directory.toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to create incident directory " + directory + ": " + e.getMessage(), e);
    }
  }

  private static UsageException inUse(String incidentId, Path file, String holder) {
    return new UsageException("Incident " + incidentId + " is in use by another cordon run: " + holder
        + " holds the lock on " + file + "; nothing was changed. Wait for that run to end, then run"
        + " 'cordon status " + incidentId + "' and this command again.");
  }

  /**
   * Returns the lock, or null when another process holds it. A lock this JVM already holds, as
   * another run in the same process would, also returns null, because {@link FileChannel#tryLock}
   * throws for it instead.
   */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /** Writes the holder's description into the lock file, for a run it rejects. */
  private void write(String description) throws IOException {
    Map<String, String> holder = Map.of("holder", description);
    ByteBuffer content = ByteBuffer.wrap(Journal.MAPPER.writeValueAsBytes(holder));
    channel.truncate(0);
    while (content.hasRemaining()) {
      channel.write(content, content.position());
    }
    channel.force(true);
  }

  /**
   * Returns the run that holds the lock as its lock file describes it. The holder may not have
   * written the file yet, and Windows locks the file against reads, so the description may be
   * missing.
   */
  static String holder(Path file) {
    try {
      byte[] content = Files.readAllBytes(file);
      if (content.length == 0) {
        return "a run that has not recorded its process ID yet";
      }
      Object holder = Journal.MAPPER.readValue(content, Map.class).get("holder");
      return holder == null ? "a run whose lock file names no holder" : holder.toString();
    } catch (JsonProcessingException e) {
      return "a run whose lock file is not readable JSON";
    } catch (IOException e) {
      return "a run whose lock file cannot be read (" + e.getMessage() + ")";
    }
  }

  /** Returns how a rejected run names this one: process ID, command and start time. */
  private static String describe(long pid, String command, Clock clock) {
    return "process " + pid + " (cordon " + command + ", started " + clock.instant() + ")";
  }

  /**
   * Empties the lock file, so it describes no run, and releases the lock. A failure is logged, not
   * thrown, because closing the channel releases the lock anyway and a throw would hide the run's
   * own result.
   */
  @Override public void close() {
    try {
      channel.truncate(0);
      lock.release();
    } catch (IOException e) {
      log.warn("Failed to empty and unlock {}: {}", file, e.getMessage());
    } finally {
      forget(file, channel);
    }
  }

  /** Closes {@code channel}, which releases its lock, and removes {@code file} from {@link #HELD}. */
  private static void forget(Path file, FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      log.warn("Failed to close lock file {}: {}", file, e.getMessage());
    } finally {
      HELD.remove(file);
    }
  }
}
