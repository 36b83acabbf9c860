package dev.cordon.core.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cordon.core.input.UsageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exclusive lock of one incident, or of one instance, during a contain or release run. The
 * incident lock keeps two runs from appending to one journal at once. The instance lock keeps two
 * incidents from containing or releasing one instance at once. The instance's
 * {@code cordon:incident} tag cannot do that, because both runs may read the tag before either
 * writes it.
 *
 * <p>Each is an OS file lock ({@link FileChannel#tryLock}): {@code journal.lock} beside the
 * journal, and {@code .instance-locks/<instance ID>.lock} under the incidents root. The OS drops
 * the lock when the process ends, even by a crash, so a lock file left behind without a holder
 * blocks nothing. The file contains the holder's process ID, command, incident and start time,
 * which a rejected run prints. Lock files are never deleted, because a run that opened the file
 * just before the deletion could lock the old file while a third run locks a new one. So a
 * contain rejected during planning leaves its incident directory behind with only
 * {@code journal.lock}.
 *
 * <p>On Linux, closing any file descriptor of the lock file releases every lock this process holds
 * on it, even one taken through another channel. So runs in one JVM are excluded through
 * {@link #HELD} first, and this JVM never opens a lock file that it holds.
 *
 * <p>NOTE: the OS lock is advisory on Linux and macOS, so it excludes other Cordon runs only; it
 * does not stop another program from writing the journal. The journal's size check still catches
 * that writer at the next append.
 *
 * <p>NOTE: the instance lock excludes only runs that share an incidents root. Two operators with
 * different {@code --incident-dir} (or {@code CORDON_INCIDENT_DIR}) values can still contain one
 * instance at once. The later run is rejected by its {@code cordon:incident} tag check only when
 * it plans after the earlier run tagged the instance.
 */
final class RunLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunLock.class);

  /** Lock files this JVM holds, by real path, with their holders. */
  private static final Map<Path, Holder> HELD = new ConcurrentHashMap<>();

  private static final String HOLDER_FIELD = "holder";
  private static final String INCIDENT_FIELD = "incident";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * The run that holds a lock.
   *
   * @param description process ID, command, incident and start time, as a rejected run prints them
   * @param incidentId the holder's incident, or null when its lock file does not name one
   */
  record Holder(String description, String incidentId) {}

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
    Path file = realPath(IncidentFiles.lock(directory));
    return acquire(file, holder(incidentId, command, clock), other -> new UsageException("Incident " + incidentId
        + " is in use by another cordon run: " + other.description() + " holds the lock on " + file
        + "; nothing was changed. Wait for that run to end, then run 'cordon status " + incidentId
        + "' and this command again."));
  }

  /**
   * Locks {@code instanceId} under {@code incidentRoot} for {@code command} of {@code incidentId},
   * without waiting.
   *
   * @throws UsageException naming the lock file, the other run and its incident when another run
   *     holds the lock
   */
  static RunLock acquireInstance(String instanceId, Path incidentRoot, String incidentId, String command,
      Clock clock) {
    if (!Target.INSTANCE_ID.matcher(instanceId).matches()) {
      throw new IllegalArgumentException("Invalid instance ID for a lock file name: " + instanceId);
    }
    Path file = realPath(IncidentFiles.instanceLock(incidentRoot, instanceId));
    return acquire(file, holder(incidentId, command, clock), other -> new UsageException("Instance " + instanceId
        + " is in use by another cordon run: " + other.description() + " holds the lock on " + file
        + "; nothing was changed. Wait for that run to end, then run "
        + (other.incidentId() == null ? "" : "'cordon status " + other.incidentId() + "' to see what it did and ")
        + "this command again."));
  }

  private static RunLock acquire(Path file, Holder holder, Function<Holder, UsageException> inUse) {
    Holder inThisProcess = HELD.putIfAbsent(file, holder);
    if (inThisProcess != null) {
      throw inUse.apply(inThisProcess);
    }
    FileChannel channel = null;
    try {
      // A lock file that is a link could make the run write whatever file it points to.
      if (Files.isSymbolicLink(file) || (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
          && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
        throw new UsageException("Lock file " + file + " is a symbolic link or not a regular file; nothing was"
            + " changed. Cordon writes its lock files itself: remove it and run the command again.");
      }
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        throw inUse.apply(holder(file));
      }
      RunLock acquired = new RunLock(file, channel, lock);
      acquired.write(holder);
      return acquired;
    } catch (IOException e) {
      forget(file, channel);
      throw new UsageException("Failed to lock " + file + " (" + e.getMessage() + "); nothing was changed. Check"
          + " that the incident directory is writable, or pass another --incident-dir.");
    } catch (RuntimeException e) {
      forget(file, channel);
      throw e;
    }
  }

  /**
   * Returns {@code file} with its directory created and resolved to its real path, so two
   * spellings of one directory share a {@link #HELD} entry.
   */
  private static Path realPath(Path file) {
    Path directory = file.getParent();
    try {
      Files.createDirectories(directory);
      return directory.toRealPath().resolve(file.getFileName());
    } catch (IOException e) {
      throw new UsageException("Failed to create the lock directory " + directory + " (" + e.getClass().getSimpleName()
          + "); nothing was changed. It must be a directory Cordon can write: move what is there away, or pass"
          + " another --incident-dir.");
    }
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

  /** Writes the holder into the lock file, for a run it rejects. */
  private void write(Holder holder) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(HOLDER_FIELD, holder.description());
    fields.put(INCIDENT_FIELD, holder.incidentId());
    ByteBuffer content = ByteBuffer.wrap(Journal.MAPPER.writeValueAsBytes(fields));
    channel.truncate(0);
    while (content.hasRemaining()) {
      channel.write(content, content.position());
    }
    channel.force(true);
  }

  /**
   * Returns the run that holds the lock as its lock file describes it. The holder may not have
   * written the file yet, and Windows locks the file against reads, so the description may be
   * missing. Lock files of earlier versions name no incident.
   */
  static Holder holder(Path file) {
    try {
      byte[] content = Files.readAllBytes(file);
      if (content.length == 0) {
        return new Holder("a run that has not recorded its process ID yet", null);
      }
      Map<?, ?> fields = Journal.MAPPER.readValue(content, Map.class);
      Object description = fields.get(HOLDER_FIELD);
      Object incidentId = fields.get(INCIDENT_FIELD);
      // The incident ID goes into a suggested command, so a value that is no valid ID is dropped.
      boolean validId = incidentId != null && Incidents.isValid(incidentId.toString());
      return new Holder(description == null ? "a run whose lock file names no holder" : description.toString(),
          validId ? incidentId.toString() : null);
    } catch (JsonProcessingException e) {
      return new Holder("a run whose lock file is not readable JSON", null);
    } catch (IOException e) {
      return new Holder("a run whose lock file cannot be read (" + e.getMessage() + ")", null);
    }
  }

  /** Returns this process as the holder: process ID, command, incident and start time. */
  private static Holder holder(String incidentId, String command, Clock clock) {
    long pid = ProcessHandle.current().pid();
    return new Holder("process " + pid + " (cordon " + command + " of incident " + incidentId + ", started "
        + clock.instant() + ")", incidentId);
  }

  /**
   * Empties the lock file, so it describes no run, and releases the lock. A failure is logged, not
   * thrown, because closing the channel releases the lock anyway and a throw would hide the run's
   * own result. Closing twice does nothing the second time.
   */
  @Override public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
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
