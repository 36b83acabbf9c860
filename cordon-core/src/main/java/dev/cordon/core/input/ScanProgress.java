package dev.cordon.core.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress line on stderr for one scan: files and bytes done, rate and time left. It appears
 * only when the scan lasts longer than {@link #DELAY_MILLIS}, progress is enabled and the process
 * has a console; otherwise nothing is printed. Bytes are counted as read from disk, so a gzip file
 * counts its compressed size. Thread-safe.
 */
public final class ScanProgress implements AutoCloseable {
  static final long DELAY_MILLIS = 2_000;
  private static final long PERIOD_MILLIS = 500;

  private static volatile boolean enabled = true;

  private final String label;
  private final int totalFiles;
  private final long totalBytes;
  private final long startNanos = System.nanoTime();
  private final AtomicInteger filesDone = new AtomicInteger();
  private final AtomicLong bytesDone = new AtomicLong();
  private final ScheduledExecutorService printer;
  private final PrintStream err = System.err;
  private volatile boolean printed;

  private ScanProgress(String label, int totalFiles, long totalBytes, boolean visible) {
    this.label = label;
    this.totalFiles = totalFiles;
    this.totalBytes = totalBytes;
    if (!visible) {
      this.printer = null;
      return;
    }
    this.printer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "cordon-progress");
      thread.setDaemon(true);
      return thread;
    });
    printer.scheduleAtFixedRate(this::print, DELAY_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Turns the progress line on or off for every later scan; the CLI turns it off for {@code
   * --quiet}. On by default.
   */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /**
   * Starts tracking a scan of {@code totalFiles} files of {@code totalBytes} bytes on disk.
   *
   * <p>NOTE: Java 17 cannot test stderr alone, so the line is shown when {@link System#console()}
   * exists, which needs stdin and stdout on a terminal.
   */
  public static ScanProgress start(String label, int totalFiles, long totalBytes) {
    return new ScanProgress(label, totalFiles, totalBytes, enabled && System.console() != null);
  }

  /** Returns a progress that never prints, for scans that must stay silent. */
  public static ScanProgress silent() {
    return new ScanProgress("", 0, 0, false);
  }

  /** Wraps a raw file stream so the bytes read from it count as done. */
  public InputStream counting(InputStream raw) {
    return new FilterInputStream(raw) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytesDone.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
          bytesDone.addAndGet(read);
        }
        return read;
      }
    };
  }

  /** Counts bytes scanned without a stream, such as those of a mapped range of a file. */
  public void bytesDone(long bytes) {
    bytesDone.addAndGet(bytes);
  }

  public void fileDone() {
    filesDone.incrementAndGet();
  }

  /** Counts a file whose bytes were not counted as read, with its size on disk. */
  public void fileDone(long bytes) {
    bytesDone.addAndGet(bytes);
    filesDone.incrementAndGet();
  }

  /** Stops the progress line and clears it. */
  @Override
  public void close() {
    if (printer == null) {
      return;
    }
    printer.shutdownNow();
    if (printed) {
      synchronized (err) {
        err.print("\r\u001b[K");
        err.flush();
      }
    }
  }

  private void print() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    long bytes = bytesDone.get();
    double rate = bytes / Math.max(seconds, 1e-3);
    String left = rate > 0 && totalBytes > bytes ? duration((totalBytes - bytes) / rate) : "?";
    String line = String.format(Locale.ROOT, "\r%s: %d/%d files, %s/%s, %s/s, %s left\u001b[K",
        label, filesDone.get(), totalFiles, size(bytes), size(totalBytes), size((long) rate), left);
    synchronized (err) {
      err.print(line);
      err.flush();
    }
    printed = true;
  }

  private static String size(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
  }

  private static String duration(double seconds) {
    long whole = (long) Math.ceil(seconds);
    return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
  }
}
