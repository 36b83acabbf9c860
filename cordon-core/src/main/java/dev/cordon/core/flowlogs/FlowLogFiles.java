package dev.cordon.core.flowlogs;

import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
   * one path is listed once. A subdirectory that cannot be listed, or a link that loops back to a
   * directory above it, is recorded in {@code stats} and skipped.
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
    int[] ignored = {0};
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile() && isFlowLogName(file)) {
            files.add(file);
          } else {
            ignored[0]++;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          if (e instanceof FileSystemLoopException) {
            skipLoop(file, stats, warns);
            return FileVisitResult.CONTINUE;
          }
          String error = file + ": cannot be listed or read (" + e.getMessage() + "); flow logs in it are missing."
              + " Check its permissions";
          if (warns) {
            Log.LOG.warn("{}", error);
          }
          stats.file(file.toString(), FlowFileReader.KIND, 0, 0, error);
          stats.blindSpot(new InputStats.BlindSpot(file.toString(), error, null, null));
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new InputException("cannot list " + root + ": " + e.getMessage(), e);
    }

    if (ignored[0] > 0) {
      Log.LOG.info("{}: ignored {} files whose names do not end in a flow-log extension", root, ignored[0]);
    }
    if (files.isEmpty()) {
      throw new InputException("no flow log files found under " + root + "; " + EXPECTED);
    }
    files.sort(null);
    return distinct(files, warns);
  }

  /**
   * Returns the files less each one whose real path an earlier one already has, so that a file
   * reached through a symbolic link and by its own path is read once.
   */
  static List<Path> distinct(List<Path> files, boolean warns) {
    Set<Path> seen = new HashSet<>();
    List<Path> unique = new ArrayList<>(files.size());
    List<Path> repeats = new ArrayList<>();
    for (Path file : files) {
      if (seen.add(realPath(file))) {
        unique.add(file);
      } else {
        repeats.add(file);
      }
    }
    if (warns && !repeats.isEmpty()) {
      Log.LOG.info("{} flow-log paths lead to a file listed before them, so each file is read once;"
          + " the first is {}", repeats.size(), repeats.get(0));
    }
    return unique;
  }

  private static Path realPath(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      // The reader reports a file it cannot open, so here it only stays apart from the others.
      return file.toAbsolutePath().normalize();
    }
  }

  /** Records a symbolic link that points back to a directory above it as a skipped input. */
  private static void skipLoop(Path link, InputStats stats, boolean warns) {
    String error = link + ": skipped, because this symbolic link loops back to a directory above it,"
        + " whose files are read once";
    if (warns) {
      Log.LOG.warn("{}", error);
    }
    stats.file(link.toString(), FlowFileReader.KIND, 0, 0, error);
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
