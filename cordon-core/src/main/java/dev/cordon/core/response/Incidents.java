package dev.cordon.core.response;

import dev.cordon.core.input.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Incident directory and incident IDs. An incident ID is given or derived from the finding ID (or
 * from the instance ID and the UTC date), so running the same command again finds the same
 * incident and resumes it.
 */
public final class Incidents {
  /** Environment variable naming the incident directory when {@code --incident-dir} is absent. */
  public static final String DIRECTORY_VARIABLE = "CORDON_INCIDENT_DIR";

  /** Directory used when neither the option nor the variable is set, relative to the working directory. */
  public static final Path DEFAULT_DIRECTORY = Path.of("incidents");

  /** Incident IDs name directories, so they are limited to characters safe in any file system. */
  private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private Incidents() {}

  /** Returns {@code option} when set, else {@code CORDON_INCIDENT_DIR}, else {@code ./incidents}. */
  public static Path directory(Path option, Map<String, String> environment) {
    String variable = environment.get(DIRECTORY_VARIABLE);
    Path directory = option != null ? option
        : variable != null && !variable.isBlank() ? Path.of(variable) : DEFAULT_DIRECTORY;
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new UsageException("invalid incident directory '" + directory + "': it is a file;"
          + " give a directory with --incident-dir or " + DIRECTORY_VARIABLE);
    }
    return directory;
  }

  /**
   * Returns the incident ID: {@code given} when set, else {@code gd-<finding ID>}, else
   * {@code <instance ID>-<yyyyMMdd>} for the UTC day of {@code now}.
   *
   * @throws UsageException when {@code given} contains characters unsafe in a directory name
   */
  public static String incidentId(String given, String findingId, String instanceId, Instant now) {
    if (given != null) {
      return requireValid(given);
    }
    if (findingId != null && !findingId.isBlank()) {
      return requireValid("gd-" + findingId.replaceAll("[^A-Za-z0-9-]", "_"));
    }
    return requireValid(instanceId + "-" + DAY.format(now));
  }

  /**
   * Returns {@code id} when it is a valid incident ID.
   *
   * @throws UsageException otherwise
   */
  public static String requireValid(String id) {
    if (!isValid(id)) {
      throw new UsageException(
          "Invalid incident ID '" + id + "': use 1 to 80 letters, digits, dots, dashes or"
              + " underscores, starting with a letter or digit.");
    }
    return id;
  }

  /** Returns whether {@code id} is a valid incident ID, which is safe as a directory name. */
  static boolean isValid(String id) {
    return id != null && VALID_ID.matcher(id).matches() && !id.contains("..");
  }

  /** Returns whether incident {@code id} under {@code root} has a journal, without reading it. */
  public static boolean hasJournal(Path root, String id) {
    return Files.exists(IncidentFiles.journal(root.resolve(requireValid(id))));
  }

  /**
   * Returns the directory of an existing incident.
   *
   * @throws UsageException when it has no journal
   */
  public static Path existing(Path root, String id) {
    return existing(root, id, "");
  }

  /**
   * Returns the directory of an existing incident, as {@link #existing(Path, String)} does.
   *
   * @param notFoundAdvice sentences the not-found message adds, with a leading space, or empty
   * @throws UsageException when it has no journal
   */
  public static Path existing(Path root, String id, String notFoundAdvice) {
    Path directory = root.resolve(requireValid(id));
    if (Files.isDirectory(IncidentFiles.journal(directory))) {
      throw new UsageException("Incident " + id + " has no readable journal: " + IncidentFiles.journal(directory)
          + " is a directory, not a file. Move it aside and restore the journal file.");
    }
    if (!Files.isRegularFile(IncidentFiles.journal(directory))) {
      throw new UsageException(
          "Incident " + id + " not found: " + IncidentFiles.journal(directory)
              + " does not exist. Check the ID and --incident-dir (or " + DIRECTORY_VARIABLE + ")." + notFoundAdvice);
    }
    return directory;
  }
}
