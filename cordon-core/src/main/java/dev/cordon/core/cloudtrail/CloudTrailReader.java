package dev.cordon.core.cloudtrail;

import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputFiles;
import dev.cordon.core.input.InputStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads CloudTrail records from files in any of the shapes they are saved in: S3 log files
 * ({@code {"Records":[...]}}), {@code aws cloudtrail lookup-events} output, JSON Lines of records or
 * EventBridge events, and bare JSON arrays, each plain or gzip (recognised by its magic bytes, not
 * its name). Records are streamed one at a time, so memory does not grow with file size.
 *
 * <p>Digest files and Insights files are recognised by their content and recorded in {@link
 * InputStats} as skipped files, because they hold no API activity. Records are passed on in file
 * order, which CloudTrail does not sort by time and may repeat by {@code eventID}.
 */
public final class CloudTrailReader {
  public CloudTrailReader() {}

  /**
   * Reads a file, or a directory walked recursively in sorted order, plain or gzip.
   *
   * @throws InputException when the path does not exist or contains no CloudTrail log file; files
   *     already read have been passed to {@code sink} and recorded in {@code stats}
   */
  public void read(Path fileOrDirectory, InputStats stats, Consumer<? super CloudTrailEvent> sink) {
    if (!Files.exists(fileOrDirectory)) {
      throw new InputException(
          "CloudTrail path not found: " + fileOrDirectory
              + ". Expected a CloudTrail log file (.json or .json.gz) or a folder of them, such as"
              + " AWSLogs/<account>/CloudTrail/.");
    }
    Map<CloudTrailFileReader.Outcome, Integer> outcomes = new EnumMap<>(CloudTrailFileReader.Outcome.class);
    for (Path file : filesUnder(fileOrDirectory, stats, true)) {
      CloudTrailFileReader.Outcome outcome = new CloudTrailFileReader(file, stats, sink).read();
      outcomes.merge(outcome, 1, Integer::sum);
    }
    if (!outcomes.containsKey(CloudTrailFileReader.Outcome.LOG)) {
      throw new InputException(noLogFilesMessage(fileOrDirectory, outcomes));
    }
  }

  /**
   * Returns {@code path} itself when it is a file, or the files under it as {@link InputFiles#walk}
   * lists them. {@code warns} is false on a later scan, whose problems were warned about already.
   */
  static List<Path> filesUnder(Path path, InputStats stats, boolean warns) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    return InputFiles.walk(path, CloudTrailFileReader.KIND_LOG, "CloudTrail records", stats, warns);
  }

  static String noLogFilesMessage(Path path, Map<CloudTrailFileReader.Outcome, Integer> outcomes) {
    int digests = outcomes.getOrDefault(CloudTrailFileReader.Outcome.DIGEST, 0);
    int insights = outcomes.getOrDefault(CloudTrailFileReader.Outcome.INSIGHTS, 0);
    int others = outcomes.getOrDefault(CloudTrailFileReader.Outcome.NOT_CLOUDTRAIL, 0);
    return "No CloudTrail log file in " + path + " (" + digests + " digest, " + insights
        + " Insights and " + others + " other files skipped). Expected files of CloudTrail records:"
        + " S3 log files {\"Records\":[...]} such as those under AWSLogs/<account>/CloudTrail/ (not"
        + " CloudTrail-Digest/ or CloudTrail-Insight/), lookup-events output, JSON Lines or a JSON"
        + " array of records, plain or gzip.";
  }
}
