package dev.cordon.core.flowlogs;

import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputFiles;
import dev.cordon.core.input.InputStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lists the flow-log files under a path. */
final class FlowLogFiles {

  /** Name endings of files taken from a directory; any of them may also end in {@code .gz}. */
  private static final List<String> EXTENSIONS = List.of(".log", ".txt", ".csv", ".json", ".gz", ".parquet");
  private static final String EXPECTED = "expected .log, .log.gz, .csv, .json, .txt or .gz files"
      + " (S3 text delivery, CloudWatch Logs exports or CSV)";

  private FlowLogFiles() {}

  /**
   * Returns {@code root} itself when it is a file, whatever its name, or the flow-log files under
   * it in sorted path order. The walk follows symbolic links, and a file reached through more than
   * one path is listed once. What the walk cannot read is recorded in {@code stats} as {@link
   * InputFiles#walk} describes.
   *
   * @throws InputException when the path does not exist or contains no flow-log file
   */
  static List<Path> list(Path root, InputStats stats) {
    return list(root, stats, true);
  }

  /** Lists as above; {@code warns} is false on a later scan, whose failures were warned about. */
  static List<Path> list(Path root, InputStats stats, boolean warns) {
    if (!Files.exists(root)) {
      throw new InputException("no flow log files found under " + root + ": the path does not exist; " + EXPECTED);
    }
    if (!Files.isDirectory(root)) {
      return List.of(root);
    }

    List<Path> files = new ArrayList<>();
    int ignored = 0;
    for (Path file : InputFiles.walk(root, FlowFileReader.KIND, "flow logs", stats, warns)) {
      if (isFlowLogName(file)) {
        files.add(file);
      } else {
        ignored++;
      }
    }
    if (ignored > 0) {
      Log.LOG.info("{}: ignored {} files whose names do not end in a flow-log extension", root, ignored);
    }
    if (files.isEmpty()) {
      throw new InputException("no flow log files found under " + root + "; " + EXPECTED);
    }
    return files;
  }

  private static boolean isFlowLogName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.startsWith(".")) {
      return false;
    }
    for (String extension : EXTENSIONS) {
      if (name.endsWith(extension)) {
        return true;
      }
    }
    return false;
  }

  /** The logger, created on first use so that a scan that logs nothing does not set up logging. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(FlowLogFiles.class);
  }
}
