package dev.cordon.core.response;

import com.google.common.hash.Hashing;
import dev.cordon.core.aws.AwsClientSettings;
import dev.cordon.core.aws.AwsException;
import dev.cordon.core.input.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A copy of the incident journal in S3, so truncating or editing the local journal's last lines
 * can be detected: the hash chain proves the order of the lines it has, not that none were cut
 * from the end.
 *
 * <p>After each journal append the whole journal is uploaded with PutObject and a SHA-256
 * checksum that S3 verifies. Uploads run on one background thread and coalesce, so no step waits
 * for S3 and a failed upload only leaves the mirror behind. Only the end of a run waits, at most
 * {@link #FINAL_UPLOAD_TIMEOUT}, for the last upload. Give
 * the bucket S3 Object Lock or versioning to keep earlier copies from being overwritten by
 * anyone who controls these credentials.
 */
public final class JournalMirror {
  private static final Logger log = LoggerFactory.getLogger(JournalMirror.class);

  /** File in the incident directory that records where contain mirrored the journal. */
  static final String LOCATION_FILE = "journal-mirror.json";

  /** Maximum wait for the last upload once a run has finished. */
  static final Duration FINAL_UPLOAD_TIMEOUT = Duration.ofSeconds(20);

  /** S3 bucket naming rules for general purpose buckets: 3 to 63 lowercase letters, digits, dots and hyphens. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /**
   * Location of mirrored journals: {@code s3://bucket/prefix/<incident>/journal.jsonl}.
   *
   * @param prefix key prefix without leading or trailing slash, or empty
   */
  public record Location(String bucket, String prefix) {
    /**
     * Parses {@code NAME[/prefix]}.
     *
     * @throws UsageException when the bucket name breaks the S3 naming rules
     */
    public static Location parse(String value) {
      String trimmed = value.startsWith("s3://") ? value.substring("s3://".length()) : value;
      int slash = trimmed.indexOf('/');
      String bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
      String prefix = slash < 0 ? "" : trimmed.substring(slash + 1).replaceAll("^/+|/+$", "");
      if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
        throw new UsageException("Invalid --journal-bucket '" + value + "': expected a bucket name (3 to 63"
            + " lowercase letters, digits, dots and hyphens), optionally followed by /prefix.");
      }
      return new Location(bucket, prefix);
    }

    /** Returns the object key of {@code incidentId}'s journal. */
    public String key(String incidentId) {
      return (prefix.isEmpty() ? "" : prefix + "/") + incidentId + "/" + "journal.jsonl";
    }

    public String uri(String incidentId) {
      return "s3://" + bucket + "/" + key(incidentId);
    }
  }

  /** Result of comparing the local journal with its mirror. */
  public enum State {
    /** Same lines. */
    MATCHES,
    /** The local journal has lines the mirror has not received yet, or an upload failed. */
    BEHIND,
    /** The mirror has lines after the local journal's last one: the local file was cut. */
    TRUNCATED,
    /** A line differs between the two: one of them was edited. */
    EDITED,
    /** No copy in the bucket yet. */
    MISSING
  }

  /**
   * Result of {@link #compare}.
   *
   * @param uri the mirror object
   * @param localEntries lines in the local journal
   * @param mirrorEntries lines in the mirror, 0 when it is missing
   * @param message one sentence for the operator
   */
  public record Check(State state, String uri, int localEntries, int mirrorEntries, String message) {
    /** Returns whether the local journal lost or changed lines the mirror has. */
    public boolean tampered() {
      return state == State.TRUNCATED || state == State.EDITED;
    }
  }

  private final S3Client s3;
  private final Location location;
  private final String incidentId;
  private final Path journalFile;
  private final ExecutorService uploader;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile String lastError;

  private JournalMirror(S3Client s3, Location location, String incidentId, Path journalFile) {
    this.s3 = s3;
    this.location = location;
    this.incidentId = incidentId;
    this.journalFile = journalFile;
    this.uploader = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "cordon-journal-mirror");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Starts mirroring {@code journal} and records the location in the incident directory, so
   * release and status find it. Uploads the journal once at the start.
   *
   * @param command {@code contain} or {@code release}, the run that mirrors
   */
  static JournalMirror start(S3Client s3, Location location, String incidentId, Journal journal, Path directory,
      String region, String endpoint, String command) {
    requireNothingLost(s3, location, incidentId, journal.file(), command);
    Map<String, String> recorded = new java.util.LinkedHashMap<>();
    recorded.put("bucket", location.bucket());
    recorded.put("prefix", location.prefix());
    recorded.put("region", region);
    if (endpoint != null) {
      recorded.put("endpoint", endpoint);
    }
    IncidentIo.writeAtomically(directory.resolve(LOCATION_FILE), IncidentIo.json(recorded));
    JournalMirror mirror = new JournalMirror(s3, location, incidentId, journal.file());
    journal.afterAppend(mirror::requestUpload);
    mirror.requestUpload();
    return mirror;
  }

  /** Returns the mirror location contain recorded for the incident in {@code directory}, or null. */
  public static Location recorded(Path directory) {
    Path file = directory.resolve(LOCATION_FILE);
    if (!Files.exists(file)) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, String> recorded = IncidentIo.read(file, Map.class);
    return new Location(recorded.get("bucket"), recorded.getOrDefault("prefix", ""));
  }

  /**
   * Rejects an S3 client that calls another region or endpoint than the one contain recorded with
   * the mirror of the incident in {@code directory}, before any call. Without this check, status
   * without the sandbox's --endpoint-url would read the bucket of that name in AWS. A record
   * without a region, which no current contain writes, is not checked.
   *
   * @throws UsageException naming the recorded region and endpoint to pass
   */
  static void requireRecordedEndpoint(S3Client s3, String incidentId, Path directory) {
    Path file = directory.resolve(LOCATION_FILE);
    if (!Files.exists(file)) {
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, String> recorded = IncidentIo.read(file, Map.class);
    String region = recorded.get("region");
    String endpoint = recorded.get("endpoint");
    String clientRegion = s3.serviceClientConfiguration().region().id();
    String clientEndpoint = s3.serviceClientConfiguration().endpointOverride().map(Object::toString).orElse(null);
    List<String> fixes = new ArrayList<>();
    if (region != null && !region.equals(clientRegion)) {
      fixes.add("--region " + region);
    }
    if (region != null && !AwsClientSettings.sameEndpoint(endpoint, clientEndpoint)) {
      fixes.add(endpoint == null ? "no --endpoint-url" : "--endpoint-url " + endpoint);
    }
    if (!fixes.isEmpty()) {
      throw new UsageException("The journal mirror of incident " + incidentId + " was written in region " + region
          + " through " + (endpoint == null ? "the default AWS endpoint" : "endpoint " + endpoint) + ", but this run"
          + " calls " + clientRegion + " through " + (clientEndpoint == null ? "the default AWS endpoint"
          : "endpoint " + clientEndpoint) + "; nothing was read. Run the command again with "
          + String.join(" and ", fixes) + ".");
    }
  }

  /** Queues an upload unless one is already queued; the queued upload reads the file when it runs. */
  void requestUpload() {
    if (queued.compareAndSet(false, true)) {
      uploader.execute(this::upload);
    }
  }

  private void upload() {
    queued.set(false);
    if (!Files.exists(journalFile)) {
      // A new incident's journal is created by its first entry, which requests the next upload.
      return;
    }
    try {
      byte[] content = completeLines(Files.readAllBytes(journalFile));
      String checksum = Base64.getEncoder().encodeToString(Hashing.sha256().hashBytes(content).asBytes());
      s3.putObject(request -> request.bucket(location.bucket()).key(location.key(incidentId))
              .contentType("application/x-ndjson")
              .checksumAlgorithm(ChecksumAlgorithm.SHA256)
              .checksumSHA256(checksum),
          RequestBody.fromBytes(content));
      lastError = null;
    } catch (IOException | SdkException e) {
      lastError = reason(e);
      int count = failures.incrementAndGet();
      if (count == 1 || Integer.bitCount(count) == 1) {
        log.warn("Journal mirror upload to {} failed ({} failures so far): {}", location.uri(incidentId), count,
            lastError);
      }
    }
  }

  /**
   * Returns why an upload failed: the S3 error code and message, or the exception's type and
   * message, as a file exception's message is only the path.
   */
  static String reason(Exception e) {
    if (e instanceof S3Exception s3Error && s3Error.awsErrorDetails() != null
        && s3Error.awsErrorDetails().errorCode() != null) {
      return "PutObject returned " + s3Error.awsErrorDetails().errorCode() + " (HTTP " + s3Error.statusCode() + "): "
          + s3Error.awsErrorDetails().errorMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Returns the number of failed uploads so far. */
  int failures() {
    return failures.get();
  }

  /** Drops a last line still being written, so the mirror only ever contains whole entries. */
  private static byte[] completeLines(byte[] content) {
    int end = content.length;
    while (end > 0 && content[end - 1] != '\n') {
      end--;
    }
    return end == content.length ? content : java.util.Arrays.copyOf(content, end);
  }

  /**
   * Detaches from {@code journal}, uploads the final journal and waits for it up to
   * {@link #FINAL_UPLOAD_TIMEOUT}.
   *
   * @return null when the mirror is current, else a sentence saying it is behind and why
   */
  String finish(Journal journal) {
    journal.afterAppend(() -> { });
    requestUpload();
    uploader.shutdown();
    try {
      if (!uploader.awaitTermination(FINAL_UPLOAD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        return "Journal mirror " + location.uri(incidentId) + " is behind: the last upload did not finish within "
            + FINAL_UPLOAD_TIMEOUT.toSeconds() + " s. The local journal is complete; 'cordon status' compares them.";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String error = lastError;
    return error == null ? null : "Journal mirror " + location.uri(incidentId) + " is behind: " + error
        + ". The local journal is complete; 'cordon status' compares them.";
  }

  /**
   * Rejects a run whose first upload would overwrite mirror entries that the local journal lacks,
   * as after the local journal was deleted, cut short or edited. Such an upload would replace the
   * evidence of the tampering with a new chain.
   *
   * @param command {@code contain} or {@code release}. Only contain can go on as a new incident.
   * @throws UsageException naming the mirror, the restore command and, for contain, a new incident ID
   * @throws AwsException when the mirror cannot be read
   */
  static void requireNothingLost(S3Client s3, Location location, String incidentId, Path journalFile,
      String command) {
    Check check;
    try {
      check = compare(s3, location, incidentId, journalFile);
    } catch (SdkException e) {
      throw AwsException.of("preflight", "GetObject", location.uri(incidentId), e);
    }
    if (!check.tampered()) {
      return;
    }
    // The message of a missing or empty local journal already names the restore command.
    String restore = check.localEntries() == 0
        ? " Once the journal is restored, run the command again"
        : " Move the local journal aside, restore the journal from the mirror with '"
            + restoreCommand(s3, location, incidentId, journalFile) + "' and run the command again";
    String newIncident = command.equals("contain")
        ? ", or contain the instance as a new incident with --incident " + incidentId + "-2."
        : ".";
    throw new UsageException(check.message() + " Nothing was changed and the mirror was not overwritten."
        + restore + newIncident);
  }

  /** Returns the AWS CLI command that copies the mirror of {@code incidentId} to {@code journalFile}. */
  static String restoreCommand(S3Client s3, Location location, String incidentId, Path journalFile) {
    return "aws s3 cp " + location.uri(incidentId) + " " + journalFile + s3.serviceClientConfiguration()
        .endpointOverride().map(endpoint -> " --endpoint-url " + endpoint).orElse("");
  }

  /** Returns the mirror of {@code incidentId}, or null when the bucket has no copy. */
  static byte[] download(S3Client s3, Location location, String incidentId) {
    try {
      return s3.getObjectAsBytes(request -> request.bucket(location.bucket()).key(location.key(incidentId)))
          .asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  /**
   * Compares the local journal of {@code incidentId} with its mirror, line by line. A missing local
   * journal counts as one without entries.
   */
  public static Check compare(S3Client s3, Location location, String incidentId, Path journalFile) {
    String uri = location.uri(incidentId);
    List<String> local = lines(readLocal(journalFile));
    byte[] remote = download(s3, location, incidentId);
    if (remote == null) {
      return new Check(State.MISSING, uri, local.size(), 0, "Journal mirror " + uri + " does not exist yet.");
    }
    List<String> mirror = lines(remote);
    if (local.isEmpty() && !mirror.isEmpty()) {
      return new Check(State.TRUNCATED, uri, 0, mirror.size(), "Local journal " + journalFile + " is "
          + (Files.exists(journalFile) ? "empty" : "missing") + ", but its mirror " + uri + " has " + mirror.size()
          + " entries. Keep the mirror as evidence and restore the journal from it with '"
          + restoreCommand(s3, location, incidentId, journalFile) + "'.");
    }
    for (int i = 0; i < Math.min(local.size(), mirror.size()); i++) {
      if (local.get(i).equals(mirror.get(i))) {
        continue;
      }
      if (i == local.size() - 1 && mirror.get(i).startsWith(local.get(i))) {
        return new Check(State.TRUNCATED, uri, local.size(), mirror.size(), "Local journal is TRUNCATED: its line "
            + (i + 1) + " is cut short of the mirror's " + uri + ". Keep both as evidence.");
      }
      return new Check(State.EDITED, uri, local.size(), mirror.size(), "Journal line " + (i + 1)
          + " differs from the mirror " + uri + ": one of them was EDITED. Keep both as evidence.");
    }
    if (local.size() < mirror.size()) {
      return new Check(State.TRUNCATED, uri, local.size(), mirror.size(), "Local journal is TRUNCATED: the mirror "
          + uri + " has " + mirror.size() + " entries, the local file " + local.size() + ". Keep both as evidence.");
    }
    if (local.size() > mirror.size()) {
      return new Check(State.BEHIND, uri, local.size(), mirror.size(), "Journal mirror " + uri + " is behind: "
          + mirror.size() + " of " + local.size() + " entries uploaded. Run contain or release again to upload.");
    }
    return new Check(State.MATCHES, uri, local.size(), mirror.size(),
        "Journal matches its mirror " + uri + " (" + local.size() + " entries).");
  }

  private static byte[] readLocal(Path file) {
    if (!Files.exists(file)) {
      return new byte[0];
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read journal " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<String> lines(byte[] content) {
    List<String> lines = new ArrayList<>();
    for (String line : new String(content, StandardCharsets.UTF_8).split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return lines;
  }
}
