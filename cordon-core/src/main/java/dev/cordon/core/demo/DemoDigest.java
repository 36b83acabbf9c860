package dev.cordon.core.demo;

import static dev.cordon.core.demo.DemoDataset.ACCOUNT_ID;
import static dev.cordon.core.demo.DemoDataset.REGION;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes one CloudTrail digest file for the last hour of us-east-1 log files. Digests sit in the
 * same {@code AWSLogs} tree under {@code CloudTrail-Digest/} and contain no events, so a reader
 * that takes them for log files would report bad records. The hashes are real SHA-256 values of
 * the files as written; the signature is random hex, not a valid RSA signature.
 */
final class DemoDigest {
  static final Instant START = Instant.parse("2024-01-15T03:00:00Z");
  static final Instant END = Instant.parse("2024-01-15T04:00:00Z");

  /** A log file to list in the digest, with its S3 key and event time range. */
  record LogFile(Path path, String key, Instant oldest, Instant newest) {}

  private DemoDigest() {}

  static Path write(Path root, List<LogFile> files, SplittableRandom random, boolean gzip) throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    String prefix = "AWSLogs/" + ACCOUNT_ID + "/CloudTrail-Digest/" + REGION + "/" + DemoFiles.datePath(END) + "/";
    String name = ACCOUNT_ID + "_CloudTrail-Digest_" + REGION + "_" + DemoCloudTrail.TRAIL_NAME + "_" + REGION
        + "_" + DemoFiles.fileTime(END).replace("Z", "00Z") + (gzip ? ".json.gz" : ".json");
    String previousName = name.replace(DemoFiles.fileTime(END).replace("Z", "00Z"),
        DemoFiles.fileTime(START).replace("Z", "00Z"));

    ObjectNode digest = nodes.objectNode();
    digest.put("awsAccountId", ACCOUNT_ID);
    digest.put("digestStartTime", START.toString());
    digest.put("digestEndTime", END.toString());
    digest.put("digestS3Bucket", DemoCloudTrail.TRAIL_BUCKET);
    digest.put("digestS3Object", prefix + name);
    digest.put("digestPublicKeyFingerprint", DemoFiles.hex(random, 32));
    digest.put("digestSignatureAlgorithm", "SHA256withRSA");
    digest.put("newestEventTime", files.isEmpty() ? END.toString() : files.get(files.size() - 1).newest().toString());
    digest.put("oldestEventTime", files.isEmpty() ? START.toString() : files.get(0).oldest().toString());
    digest.put("previousDigestS3Bucket", DemoCloudTrail.TRAIL_BUCKET);
    digest.put("previousDigestS3Object", prefix + previousName);
    digest.put("previousDigestHashValue", DemoFiles.hex(random, 64));
    digest.put("previousDigestHashAlgorithm", "SHA-256");
    digest.put("previousDigestSignature", DemoFiles.hex(random, 512));
    ArrayNode logFiles = digest.putArray("logFiles");
    for (LogFile file : files) {
      ObjectNode entry = logFiles.addObject();
      entry.put("s3Bucket", DemoCloudTrail.TRAIL_BUCKET);
      entry.put("s3Object", file.key());
      entry.put("hashValue", sha256(Files.readAllBytes(file.path())));
      entry.put("hashAlgorithm", "SHA-256");
      entry.put("newestEventTime", file.newest().toString());
      entry.put("oldestEventTime", file.oldest().toString());
    }

    Path path = root.resolve(prefix + name);
    DemoFiles.write(path, DemoCloudTrail.MAPPER.writeValueAsBytes(digest), gzip);
    return path;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
