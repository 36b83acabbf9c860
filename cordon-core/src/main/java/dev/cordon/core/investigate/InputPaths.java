package dev.cordon.core.investigate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Input paths cleaned of repeats, so no file is read twice and no traffic counted twice. */
final class InputPaths {
  private static final Logger log = LoggerFactory.getLogger(InputPaths.class);

  private InputPaths() {}

  /**
   * Returns the paths in their order, less each one that repeats another or lies inside a directory
   * given too (compared by real path, so links and relative forms count as the same).
   */
  static List<Path> withoutOverlaps(List<Path> paths) {
    List<Path> real = new ArrayList<>();
    for (Path path : paths) {
      real.add(realPath(path));
    }
    List<Path> kept = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      if (coveredByAnother(real, i)) {
        log.warn("Input {} is also covered by another input path, so it is read once", paths.get(i));
      } else {
        kept.add(paths.get(i));
      }
    }
    return kept;
  }

  private static boolean coveredByAnother(List<Path> real, int index) {
    Path candidate = real.get(index);
    for (int other = 0; other < real.size(); other++) {
      if (other == index) {
        continue;
      }
      Path container = real.get(other);
      boolean same = container.equals(candidate);
      if (same && other < index) {
        return true;
      }
      if (!same && Files.isDirectory(container) && candidate.startsWith(container)) {
        return true;
      }
    }
    return false;
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve input path " + path, e);
    }
  }
}
