package dev.cordon.core.cloudtrail;

import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.OrderedWorkers;
import dev.cordon.core.input.RecordSource;
import dev.cordon.core.input.ScanProgress;
import dev.cordon.core.input.StatsLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudTrail files that can be scanned more than once. The first scan counts files, records and
 * skips in the given {@link InputStats}; later scans read the same files again into a throw-away
 * one, so the summary counts each record once.
 *
 * <p>Files are read on {@link OrderedWorkers#defaultThreads()} worker threads, and events reach the
 * consumer on the calling thread in file order, as a sequential read would deliver them.
 */
public final class CloudTrailSource implements RecordSource<CloudTrailEvent> {
  /** The {@link InputStats} kind of CloudTrail log files, whose records are events. */
  public static final String KIND = CloudTrailFileReader.KIND_LOG;

  /** Every kind a file given as CloudTrail is recorded as in {@link InputStats}, read or skipped. */
  public static final Set<String> FILE_KINDS = Set.of(CloudTrailFileReader.KIND_LOG,
      CloudTrailFileReader.KIND_DIGEST, CloudTrailFileReader.KIND_INSIGHTS,
      CloudTrailFileReader.KIND_OTHER);

  /**
   * Text that each of the three signs of a CloudTrail Insights record contains: the {@code
   * insightDetails} field, the {@code eventCategory} value {@code Insight} and the {@code
   * eventType} value {@code AwsCloudTrailInsight}. Records with it are parsed, because the reader
   * skips Insights records and files and needs the parsed record to tell them apart. Its first and
   * last bytes are an unusual pair in CloudTrail text, which keeps the needle search fast.
   */
  static final String INSIGHTS_MARK = "nsig";

  private final List<Path> paths;
  private final InputStats stats;
  private final int threads;
  private boolean scanned;

  /**
   * @throws InputException when a path does not exist, so a typo fails before any reading
   */
  public CloudTrailSource(List<Path> paths, InputStats stats) {
    this(paths, stats, OrderedWorkers.defaultThreads());
  }

  /** Reads with {@code threads} workers; 1 reads every file on the calling thread. */
  public CloudTrailSource(List<Path> paths, InputStats stats, int threads) {
    this.paths = List.copyOf(paths);
    this.stats = stats;
    this.threads = threads;
    for (Path path : this.paths) {
      if (!Files.exists(path)) {
        throw new InputException("CloudTrail path not found: " + path
            + ". Expected a CloudTrail log file (.json or .json.gz) or a folder of them.");
      }
    }
  }

  @Override
  public void scan(Consumer<? super CloudTrailEvent> sink) {
    scan(Set.of(), sink);
  }

  /**
   * Reads every event, or with needles only the events of S3 log files whose text contains one, and
   * the events of files in other shapes. Records skipped by the needle test are counted in the
   * stats as read, without validation, so a record that is not valid JSON or has no eventTime is
   * only reported when it contains a needle. Records that may be CloudTrail Insights events are
   * always parsed, so Insights files and events are counted as a full read counts them.
   *
   * <p>A path without a CloudTrail log file (a flow log, an empty file, digests) is not an error,
   * so the other inputs still make a report. The first scan records it as a blind spot and logs one
   * warning, and its files stay listed with the kind they were read as.
   *
   * @throws InputException when a directory contains no file at all
   */
  @Override
  public void scan(Set<String> needles, Consumer<? super CloudTrailEvent> sink) {
    InputStats target;
    synchronized (this) {
      target = scanned ? new InputStats() : stats;
      scanned = true;
    }
    NeedleSearch search = needleSearch(needles);
    for (Path path : paths) {
      scanPath(path, search, target, sink);
    }
  }

  /**
   * Returns the search for the non-empty needles in UTF-8 and {@link #INSIGHTS_MARK}, or null when
   * there are no needles.
   */
  private static NeedleSearch needleSearch(Set<String> needles) {
    Set<String> all = new LinkedHashSet<>();
    for (String needle : needles) {
      if (!needle.isEmpty()) {
        all.add(needle);
      }
    }
    if (all.isEmpty()) {
      return null;
    }
    all.add(INSIGHTS_MARK);
    return new NeedleSearch(all.stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new));
  }

  private void scanPath(Path path, NeedleSearch needles, InputStats target, Consumer<? super CloudTrailEvent> sink) {
    List<Path> files = filesUnder(path, target, target == stats);
    CloudTrailFileReader.Outcome[] outcomes = new CloudTrailFileReader.Outcome[files.size()];
    try (ScanProgress progress = ScanProgress.start("CloudTrail", files.size(), totalSize(files))) {
      List<OrderedWorkers.Task> tasks = new ArrayList<>(files.size());
      for (int i = 0; i < files.size(); i++) {
        int index = i;
        tasks.add(out -> {
          outcomes[index] = new CloudTrailFileReader(files.get(index), new StatsLog(target, out),
              event -> out.execute(() -> sink.accept(event)), needles, target == stats).read();
          progress.fileDone(sizeOf(files.get(index)));
        });
      }
      OrderedWorkers.run(tasks, threads);
    }

    Map<CloudTrailFileReader.Outcome, Integer> counts = new EnumMap<>(CloudTrailFileReader.Outcome.class);
    for (CloudTrailFileReader.Outcome outcome : outcomes) {
      counts.merge(outcome, 1, Integer::sum);
    }
    if (!counts.containsKey(CloudTrailFileReader.Outcome.LOG) && target == stats) {
      String message = CloudTrailReader.noLogFilesMessage(path, counts);
      Log.LOG.warn("{}", message);
      stats.blindSpot(new InputStats.BlindSpot(path.toString(), message, null, null));
    }
  }

  /** Lists the files under {@code path}, rejecting a directory without any. */
  private static List<Path> filesUnder(Path path, InputStats target, boolean warns) {
    List<Path> files = CloudTrailReader.filesUnder(path, target, warns);
    if (files.isEmpty()) {
      throw new InputException(CloudTrailReader.noLogFilesMessage(path, Map.of()));
    }
    return files;
  }

  private static long totalSize(List<Path> files) {
    long total = 0;
    for (Path file : files) {
      total += sizeOf(file);
    }
    return total;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      // The reader reports a file it cannot open; its size only feeds the progress line.
      return 0;
    }
  }

  /** The logger, created on first use so that a scan that logs nothing does not set up logging. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(CloudTrailSource.class);
  }
}
