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

class RunLockTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T03:25:00Z"), ZoneOffset.UTC);
  private static final long CHILD_TIMEOUT_SECONDS = 30;

  @TempDir Path directory;

  @Test
  void lock_secondRunSameProcess_rejected() {
    try (RunLock first = RunLock.acquire("INC-1", directory, "contain", CLOCK)) {
      assertThat(first).isNotNull();
      assertThatThrownBy(() -> RunLock.acquire("INC-1", directory, "release", CLOCK))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("Incident INC-1 is in use by another cordon run")
          .hasMessageContaining("process " + ProcessHandle.current().pid() + " (cordon contain, started 2024-01-15T03:25:00Z)")
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

  /** Starts a JVM that takes the lock in {@link #directory} and waits to be killed. */
  private Process startHolder() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Holder.class.getName(), directory.toString())
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

  /** Main class of the holder process: locks the directory in its argument, then waits for stdin to close. */
  static final class Holder {
    private Holder() {}

    public static void main(String[] args) throws IOException {
      RunLock lock = RunLock.acquire("INC-1", Path.of(args[0]), "contain", Clock.systemUTC());
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
