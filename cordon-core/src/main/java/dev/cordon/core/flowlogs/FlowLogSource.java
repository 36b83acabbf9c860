package dev.cordon.core.flowlogs;

import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.RecordSource;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Flow-log files as a {@link RecordSource}: each scan reads them again from disk, so memory does
 * not grow with the input. Files, records, skips and blind spots are counted in the given stats on
 * the first scan only; later scans count into a discarded {@link InputStats}.
 */
public final class FlowLogSource implements RecordSource<FlowRecord> {
  /** The kind under which flow-log files are counted in {@link InputStats}. */
  public static final String KIND = FlowFileReader.KIND;

  private final List<Path> paths;
  private final FlowLogReader reader;
  private final InputStats stats;
  private final AtomicBoolean scanned = new AtomicBoolean();

  public FlowLogSource(List<Path> paths, FlowLogOptions options, InputStats stats) {
    this.paths = List.copyOf(paths);
    this.reader = new FlowLogReader(options);
    this.stats = stats;
  }

  /** Reads every path in order; see {@link FlowLogReader#read} for the errors it throws. */
  @Override
  public void scan(Consumer<? super FlowRecord> sink) {
    InputStats target = scanned.compareAndSet(false, true) ? stats : new InputStats();
    for (Path path : paths) {
      reader.read(path, target, sink);
    }
  }
}
