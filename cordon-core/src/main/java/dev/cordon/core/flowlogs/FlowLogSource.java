package dev.cordon.core.flowlogs;

import dev.cordon.core.input.InputFiles;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.StatsLog;
import dev.cordon.core.input.OrderedWorkers;
import dev.cordon.core.input.RecordSource;
import dev.cordon.core.input.ScanProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flow-log files as a {@link RecordSource}: each scan reads them again from disk, so memory does
 * not grow with the input. Files, records, skips and blind spots are counted in the given stats on
 * the first scan only; later scans count into a discarded {@link InputStats}.
 *
 * <p>Files are read on {@link OrderedWorkers#defaultThreads()} worker threads (gzip files inflate
 * in parallel, and a filtered scan splits a large plain file into chunks at line boundaries), and
 * records reach the consumer on the calling thread in file and line order, as a sequential read
 * would deliver them. The consumer needs no locking. A filtered scan passes a record found twice
 * in the input on once ({@link DuplicateRecords}).
 */
public final class FlowLogSource implements RecordSource<FlowRecord> {
  /** The kind under which flow-log files are counted in {@link InputStats}. */
  public static final String KIND = FlowFileReader.KIND;

  private final List<Path> paths;
  private final FlowLayout headerless;
  private final InputStats stats;
  private final AtomicBoolean scanned = new AtomicBoolean();
  private final int threads;
  private final long chunkBytes;

  public FlowLogSource(List<Path> paths, FlowLogOptions options, InputStats stats) {
    this(paths, options, stats, OrderedWorkers.defaultThreads());
  }

  /** Reads with {@code threads} workers; 1 reads every file on the calling thread. */
  public FlowLogSource(List<Path> paths, FlowLogOptions options, InputStats stats, int threads) {
    this(paths, options, stats, threads, PlainFileChunks.CHUNK_BYTES);
  }

  /** Reads with {@code threads} workers, splitting large plain files into chunks of {@code chunkBytes}. */
  FlowLogSource(List<Path> paths, FlowLogOptions options, InputStats stats, int threads, long chunkBytes) {
    this.chunkBytes = chunkBytes;
    this.paths = List.copyOf(paths);
    this.headerless = FlowLayout.forHeaderless(Objects.requireNonNull(options, "options"));
    this.stats = stats;
    this.threads = threads;
  }

  /** Reads every record; see {@link #scan(FlowRecordFilter, Consumer)}. */
  @Override
  public void scan(Consumer<? super FlowRecord> sink) {
    scan(FlowRecordFilter.all(), sink);
  }

  /**
   * Reads every path in order and delivers the records {@code filter} keeps. Stats count every
   * record read, in scope or not.
   *
   * @throws dev.cordon.core.input.InputException when a path does not exist or a directory
   *     contains no file with a flow-log extension; nothing is read then
   */
  public void scan(FlowRecordFilter filter, Consumer<? super FlowRecord> sink) {
    boolean first = scanned.compareAndSet(false, true);
    InputStats target = first ? stats : new InputStats();
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      files.addAll(FlowLogFiles.list(path, target, first));
    }
    // A link under one path may lead to a file that another path names or contains.
    files = InputFiles.distinct(files, first);

    // A scan of every record would remember every record, so only a filtered scan drops repeats.
    DuplicateRecords unique = filter.keepsAll() ? null : new DuplicateRecords(sink, target);
    Consumer<? super FlowRecord> delivered = unique == null ? sink : unique;
    try (ScanProgress progress = ScanProgress.start("flow logs", files.size(), totalSize(files))) {
      List<OrderedWorkers.Task> tasks = new ArrayList<>(files.size());
      // With a file per worker and more, the workers keep every core busy, and a gzip file gains
      // nothing from inflating on a thread of its own.
      boolean manyFiles = threads > 1 && files.size() >= threads;
      for (Path file : files) {
        List<OrderedWorkers.Task> chunks = threads > 1
            ? PlainFileChunks.tasks(file, headerless, filter, new StatsLog(target, Runnable::run, first), delivered,
                progress, chunkBytes)
            : null;
        if (chunks != null) {
          tasks.addAll(chunks);
          continue;
        }
        tasks.add(out -> {
          FlowFileReader reader = new FlowFileReader(file, headerless, filter, new StatsLog(target, out, first),
              record -> out.execute(() -> delivered.accept(record))).countingInto(progress);
          if (manyFiles) {
            reader.inflatingOnReadingThread();
          }
          reader.read();
        });
      }
      OrderedWorkers.run(tasks, threads);
    }
    // NOTE: a later scan with another filter may drop repeats that the first scan did not see.
    // Like every count of a later scan, they are left out of the stats.
    if (first && unique != null && unique.dropped() > 0) {
      Log.LOG.warn("{} flow-log records were given more than once (a copy of a file, or two exports of one"
          + " flow log); each was read once. The skipped records list where the repeats are", unique.dropped());
    }
  }

  /** The logger, created on first use so that a scan that logs nothing does not set up logging. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(FlowLogSource.class);
  }

  private static long totalSize(List<Path> files) {
    long total = 0;
    for (Path file : files) {
      try {
        total += Files.size(file);
      } catch (IOException e) {
        // The reader reports the file when it fails to open it; its size only feeds the progress line.
      }
    }
    return total;
  }
}
