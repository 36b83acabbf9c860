package dev.cordon.core.flowlogs;

import dev.cordon.core.input.InputStats;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads VPC Flow Logs: S3 text files (plain or gzip, with the header line AWS writes, in any custom
 * field order), headerless text, CloudWatch Logs exports (JSON and console CSV) and CSV with
 * Athena-style underscore column names. Streams records to a consumer, one file at a time.
 *
 * <p>A bad record is skipped and counted through {@link InputStats#skip}; a file that fails part
 * way keeps the records already delivered, is recorded with its error and a blind spot, and the
 * next file is read. Records without a header use {@link FlowLogOptions#headerlessFormat()}, else
 * the default version-2 format, never a layout guessed from the field count.
 */
public final class FlowLogReader {
  private final FlowLayout headerless;

  public FlowLogReader(FlowLogOptions options) {
    this.headerless = FlowLayout.forHeaderless(Objects.requireNonNull(options, "options"));
  }

  /**
   * Reads a file, or a directory walked recursively (sorted order), plain or .gz.
   *
   * @throws dev.cordon.core.input.InputException when the path does not exist or a directory contains
   *     no file with a flow-log extension
   */
  public void read(Path fileOrDirectory, InputStats stats, Consumer<? super FlowRecord> sink) {
    for (Path file : FlowLogFiles.list(fileOrDirectory, stats)) {
      new FlowFileReader(file, headerless, stats, sink).read();
    }
  }
}
