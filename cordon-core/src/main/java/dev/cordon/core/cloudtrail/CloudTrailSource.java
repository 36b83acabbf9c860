package dev.cordon.core.cloudtrail;

import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.RecordSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * CloudTrail files that can be scanned more than once. The first scan counts files, records and
 * skips in the given {@link InputStats}; later scans read the same files again into a throw-away
 * one, so the summary counts each record once.
 */
public final class CloudTrailSource implements RecordSource<CloudTrailEvent> {
  private final List<Path> paths;
  private final InputStats stats;
  private final CloudTrailReader reader = new CloudTrailReader();
  private boolean scanned;

  /**
   * @throws InputException when a path does not exist, so a typo fails before any reading
   */
  public CloudTrailSource(List<Path> paths, InputStats stats) {
    this.paths = List.copyOf(paths);
    this.stats = stats;
    for (Path path : this.paths) {
      if (!Files.exists(path)) {
        throw new InputException("CloudTrail path not found: " + path
            + ". Expected a CloudTrail log file (.json or .json.gz) or a folder of them.");
      }
    }
  }

  @Override
  public synchronized void scan(Consumer<? super CloudTrailEvent> sink) {
    InputStats target = scanned ? new InputStats() : stats;
    scanned = true;
    for (Path path : paths) {
      reader.read(path, target, sink);
    }
  }
}
