package dev.cordon.core.input;

import java.util.concurrent.Executor;

/**
 * Records what one file reader reports in {@link InputStats} through an executor: directly when the
 * file is read on the caller's thread, or queued with the file's records when it is read on a
 * worker, so the stats list files and skips in the same order as a sequential scan.
 */
public final class StatsLog {
  private final InputStats stats;
  private final Executor out;
  private final boolean warns;

  public StatsLog(InputStats stats, Executor out) {
    this(stats, out, true);
  }

  /**
   * Records through {@code out}. {@code warns} is false on a later scan of files that an earlier
   * scan already reported, so a damaged file is warned about once.
   */
  public StatsLog(InputStats stats, Executor out, boolean warns) {
    this.stats = stats;
    this.out = out;
    this.warns = warns;
  }

  /** Records to {@code stats} at once, on the calling thread. */
  public static StatsLog direct(InputStats stats) {
    return new StatsLog(stats, Runnable::run);
  }

  /** Returns whether read failures of this scan are logged as warnings. */
  public boolean warns() {
    return warns;
  }

  public void file(String path, String kind, long records, long skipped, String error) {
    out.execute(() -> stats.file(path, kind, records, skipped, error));
  }

  public void skip(String file, long line, String reasonKey, String detail) {
    out.execute(() -> stats.skip(file, line, reasonKey, detail));
  }

  public void blindSpot(InputStats.BlindSpot spot) {
    out.execute(() -> stats.blindSpot(spot));
  }
}
