package dev.cordon.core.response;

import dev.cordon.core.input.UsageException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Options of a memory capture through SSM Run Command.
 *
 * @param bucket evidence bucket that receives the image through a multipart upload
 * @param prefix key prefix inside {@code bucket}, empty for none; the image key adds the incident
 *     and instance
 * @param tool where the host downloads the static capture binary (AVML on Linux, WinPMem on
 *     Windows): {@code s3://bucket/key}, which Cordon presigns, or an {@code https://} URL that is
 *     already presigned
 * @param toolSha256 lowercase hex SHA-256 of the binary; the host checks it before running it
 * @param timeout maximum run time of the command on the host, which also bounds the upload URLs'
 *     expiry
 * @param disableImds whether to turn the instance metadata endpoint off after the capture
 */
public record MemoryCapture(
    String bucket, String prefix, String tool, String toolSha256, Duration timeout, boolean disableImds) {
  /** Run time allowed by default: enough for about 64 GiB over a link of 20 MB/s, as an estimate. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

  /** SSM Run Command accepts execution timeouts up to 48 hours. */
  public static final Duration MAX_TIMEOUT = Duration.ofHours(48);

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /**
   * Validates the options.
   *
   * @throws UsageException naming the invalid value and the option to fix
   */
  public MemoryCapture {
    if (bucket == null) {
      throw new UsageException("Missing --evidence-bucket: memory capture needs the name of the S3 bucket"
          + " that receives the image.");
    }
    if (!BUCKET.matcher(bucket).matches()) {
      throw new UsageException("Invalid --evidence-bucket '" + bucket
          + "': expected the name of an S3 bucket (3 to 63 lowercase letters, digits, dots, hyphens).");
    }
    prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    if (tool == null) {
      throw new UsageException("Missing --memory-tool: give s3://BUCKET/KEY of a static AVML (Linux) or WinPMem"
          + " (Windows) binary, or a presigned https:// URL of it.");
    }
    if (!(tool.startsWith("s3://") || tool.startsWith("https://"))) {
      throw new UsageException("Invalid --memory-tool '" + tool + "': give s3://BUCKET/KEY of a"
          + " static AVML (Linux) or WinPMem (Windows) binary, or a presigned https:// URL of it.");
    }
    if (tool.startsWith("s3://") && (tool.length() <= 5 || tool.indexOf('/', 5) < 0 || tool.endsWith("/"))) {
      throw new UsageException("Invalid --memory-tool '" + tool + "': expected s3://BUCKET/KEY.");
    }
    toolSha256 = toolSha256 == null ? null : toolSha256.toLowerCase(Locale.ROOT);
    if (toolSha256 == null) {
      throw new UsageException("Missing --memory-tool-sha256: give the 64 hex digits of the tool binary's SHA-256"
          + " (sha256sum avml), which the host checks before running it.");
    }
    if (!SHA256.matcher(toolSha256).matches()) {
      throw new UsageException("Invalid --memory-tool-sha256 '" + toolSha256 + "': give the 64 hex"
          + " digits of the tool binary's SHA-256 (sha256sum avml), which the host checks before running it.");
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.compareTo(Duration.ofMinutes(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      String given = timeout.toSeconds() < 60 ? timeout.toSeconds() + " s" : timeout.toMinutes() + " min";
      throw new UsageException("Invalid --memory-timeout " + given + ": the minimum is 1 minute and the maximum "
          + MAX_TIMEOUT.toMinutes() + " minutes, the limit SSM Run Command sets.");
    }
  }

  /** Returns the bucket of an {@code s3://} tool, or null for an https URL. */
  String toolBucket() {
    return tool.startsWith("s3://") ? tool.substring(5, tool.indexOf('/', 5)) : null;
  }

  /** Returns the key of an {@code s3://} tool, or null for an https URL. */
  String toolKey() {
    return tool.startsWith("s3://") ? tool.substring(tool.indexOf('/', 5) + 1) : null;
  }

  /** Returns the key of the image of {@code instanceId} in incident {@code incidentId}. */
  String imageKey(String incidentId, String instanceId, String extension) {
    String name = incidentId + "/" + instanceId + "-memory." + extension;
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }
}
