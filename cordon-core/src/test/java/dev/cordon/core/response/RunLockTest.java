package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunLockTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T03:25:00Z"), ZoneOffset.UTC);
  private static final long CHILD_TIMEOUT_SECONDS = 30;
  private static final String INSTANCE = "i-0abc123def456";

  @TempDir Path directory;

  @Test
  void lock_secondRunSameProcess_rejected() {
    try (RunLock first = RunLock.acquire("INC-1", directory, "contain", CLOCK)) {
      assertThat(first).isNotNull();
      assertThatThrownBy(() -> RunLock.acquire("INC-1", directory, "release", CLOCK))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("Incident INC-1 is in use by another cordon run")
          .hasMessageContaining("process " + ProcessHandle.current().pid()
              + " (cordon contain of incident INC-1, started 2024-01-15T03:25:00Z)")
          .hasMessageContaining(directory.resolve("journal.lock").toString());
    }
  }

  @Test
  void lock_released_canBeTakenAgain() throws IOException {
    RunLock.acquire("INC-1", directory, "contain", CLOCK).close();

    try (RunLock again = RunLock.acquire("INC-1", directory, "release", CLOCK)) {
      assertThat(again).isNotNull();
      assertThat(Files.size(directory.resolve("journal.lock"))).as("describes the holder").isPositive();
    }
    assertThat(Files.size(directory.resolve("journal.lock"))).as("emptied on release").isZero();
  }

  @Test
  void lock_staleFileWithoutHolder_doesNotBlock() throws IOException {
    Files.writeString(directory.resolve("journal.lock"),
        "{\"holder\":\"process 999999 (cordon contain, started 2024-01-14T00:00:00Z)\"}");

    try (RunLock lock = RunLock.acquire("INC-1", directory, "contain", CLOCK)) {
      assertThat(lock).isNotNull();
    }
  }

  @Test
  void lock_heldByOtherProcess_namesIt() throws Exception {
    Process child = startHolder();
    try {
      assertThatThrownBy(() -> RunLock.acquire("INC-1", directory, "contain", CLOCK))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("process " + child.pid() + " (cordon contain")
          .hasMessageContaining(directory.resolve("journal.lock").toString());
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    try (RunLock lock = RunLock.acquire("INC-1", directory, "contain", CLOCK)) {
      assertThat(lock).as("the OS dropped the killed holder's lock").isNotNull();
    }
  }

  @Test
  void instanceLock_symlink_rejected() throws IOException {
    Path victim = Files.writeString(directory.resolve("victim.txt"), "keep me");
    Path locks = Files.createDirectories(IncidentFiles.instanceLock(directory, INSTANCE).getParent());
    Files.createSymbolicLink(locks.resolve(INSTANCE + ".lock"), victim);

    assertThatThrownBy(() -> RunLock.acquireInstance(INSTANCE, directory, "INC-1", "contain", CLOCK))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("symbolic link");
    assertThat(Files.readString(victim)).isEqualTo("keep me");
  }

  @Test
  void instanceLock_lockDirectoryIsFile_usageError() throws IOException {
    Files.writeString(IncidentFiles.instanceLock(directory, INSTANCE).getParent(), "not a directory");

    assertThatThrownBy(() -> RunLock.acquireInstance(INSTANCE, directory, "INC-1", "contain", CLOCK))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Failed to create the lock directory");
  }

  @Test
  void instanceLock_otherIncidentSameProcess_rejected() {
    try (RunLock first = RunLock.acquireInstance(INSTANCE, directory, "INC-1", "contain", CLOCK)) {
      assertThat(first).isNotNull();
      assertThatThrownBy(() -> RunLock.acquireInstance(INSTANCE, directory, "INC-2", "contain", CLOCK))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("Instance " + INSTANCE + " is in use by another cordon run")
          .hasMessageContaining("process " + ProcessHandle.current().pid() + " (cordon contain of incident INC-1")
          .hasMessageContaining(directory.resolve(".instance-locks").resolve(INSTANCE + ".lock").toString())
          .hasMessageContaining("run 'cordon status INC-1' to see what it did");
    }
  }

  @Test
  void instanceLock_otherInstance_notBlocked() {
    try (RunLock first = RunLock.acquireInstance(INSTANCE, directory, "INC-1", "contain", CLOCK);
        RunLock other = RunLock.acquireInstance("i-0fedcba987654321", directory, "INC-2", "contain", CLOCK)) {
      assertThat(first).isNotNull();
      assertThat(other).isNotNull();
    }
  }

  @Test
  void instanceLock_otherProcess_namesIncident() throws Exception {
    Process child = startHolder("instance");
    try {
      assertThatThrownBy(() -> RunLock.acquireInstance(INSTANCE, directory, "INC-2", "release", CLOCK))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("process " + child.pid() + " (cordon contain of incident INC-1")
          .hasMessageContaining("'cordon status INC-1'");
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // lock file content,                                                                          description read
      "{\"holder\":\"process 7 (cordon contain)\",\"incident\":\"../x; rm -rf /\"}                        | process 7 (cordon contain)",
      "{\"holder\":\"process 7 (cordon contain, started 2024-01-14T00:00:00Z)\"}                       | process 7 (cordon contain, started 2024-01-14T00:00:00Z)",
  })
  void holder_noValidIncident_readsDescriptionOnly(String content, String description) throws IOException {
    Path file = Files.writeString(directory.resolve("other.lock"), content);

    RunLock.Holder holder = RunLock.holder(file);

    assertThat(holder.description()).isEqualTo(description);
    assertThat(holder.incidentId()).isNull();
  }

  /** Starts a JVM that takes the incident lock in {@link #directory} and waits to be killed. */
  private Process startHolder() throws IOException {
    return startHolder("incident");
  }

  /**
   * Starts a JVM that takes the {@code kind} lock, {@code incident} or {@code instance}, in
   * {@link #directory} and waits to be killed.
   */
  private Process startHolder(String kind) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Holder.class.getName(), directory.toString(), kind)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = output.readLine();
    if (!"locked".equals(line)) {
      child.destroyForcibly();
      throw new IllegalStateException("Lock holder process printed " + line + " instead of 'locked'");
    }
    return child;
  }

  /**
   * Main class of the holder process: takes the lock its arguments name (directory, then
   * {@code incident} or {@code instance}) for incident INC-1, then waits for stdin to close.
   */
  static final class Holder {
    private Holder() {}

    public static void main(String[] args) throws IOException {
      Path directory = Path.of(args[0]);
      RunLock lock = args[1].equals("instance")
          ? RunLock.acquireInstance(INSTANCE, directory, "INC-1", "contain", Clock.systemUTC())
          : RunLock.acquire("INC-1", directory, "contain", Clock.systemUTC());
      try {
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() >= 0) {
          // Waits until the parent closes stdin or kills this process.
        }
      } finally {
        lock.close();
      }
    }
  }
}
