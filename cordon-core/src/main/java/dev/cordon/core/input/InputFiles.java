package dev.cordon.core.input;

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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the files under an input directory the same way for every log type. The walk follows
 * symbolic links, so logs gathered into one folder through links are read. What it cannot read is
 * recorded in the stats, never dropped in silence. A subdirectory that cannot be listed and a link
 * whose target is gone are inputs with a blind spot. A link that loops back to a directory above
 * it is a skipped input, as its files are read once through the other path.
 */
public final class InputFiles {
  private InputFiles() {}

  /**
   * Returns the regular files under the directory {@code root} in sorted path order, each real file
   * once. {@code kind} names the log type in the stats, and {@code records} the records that a
   * missing path takes away ("flow logs", "CloudTrail records"). {@code warns} is false on a later
   * scan of the same paths, whose problems were warned about already.
   *
   * @throws InputException when the directory itself cannot be listed
   */
  public static List<Path> walk(Path root, String kind, String records, InputStats stats, boolean warns) {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile()) {
            files.add(file);
          } else if (attributes.isSymbolicLink()) {
            // The walk follows links, so a link reaches here only when its target is missing.
            unreadable(file, "is a symbolic link whose target does not exist", records, "Restore the target or"
                + " remove the link", kind, stats, warns);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          if (e instanceof FileSystemLoopException) {
            String error = file + ": skipped, because this symbolic link loops back to a directory above it,"
                + " whose files are read once";
            if (warns) {
              Log.LOG.warn("{}", error);
            }
            stats.file(file.toString(), kind, 0, 0, error);
          } else {
            unreadable(file, "cannot be listed or read (" + e.getMessage() + ")", records, "Check its permissions",
                kind, stats, warns);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new InputException("cannot list " + root + ": " + e.getMessage() + ". Check that it is readable", e);
    }
    files.sort(null);
    return distinct(files, warns);
  }

  /**
   * Returns the files less each one whose real path an earlier one already has, so that a file
   * reached through a symbolic link and by its own path is read once.
   */
  public static List<Path> distinct(List<Path> files, boolean warns) {
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
      Log.LOG.info("{} paths lead to a file listed before them, so each file is read once; the first is {}",
          repeats.size(), repeats.get(0));
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

  /** Records a path under the root that could not be read as an input with a blind spot. */
  private static void unreadable(Path file, String problem, String records, String advice, String kind,
      InputStats stats, boolean warns) {
    String error = file + ": " + problem + "; " + records + " in it are missing. " + advice;
    if (warns) {
      Log.LOG.warn("{}", error);
    }
    stats.file(file.toString(), kind, 0, 0, error);
    stats.blindSpot(new InputStats.BlindSpot(file.toString(), error, null, null));
  }

  /** The logger, created on first use so that a walk that logs nothing does not set up logging. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(InputFiles.class);
  }
}
