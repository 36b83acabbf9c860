package dev.cordon.core.demo;

import static dev.cordon.core.demo.DemoDataset.ACCOUNT_ID;
import static dev.cordon.core.demo.DemoDataset.REGION;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes the demo's CloudTrail: one {@code {"Records":[...]}} file per region and 5 minutes in the
 * S3 delivery layout, plus one digest file that readers must skip. Events are built by {@link
 * DemoEvents}; this class schedules them and writes the files.
 */
final class DemoCloudTrail {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String TRAIL_NAME = "management-trail";
  static final String TRAIL_BUCKET = "acme-cloudtrail-logs";
  private static final int FILE_SECONDS = 300;

  /** An event waiting to be written, keyed by time and region. */
  record Scheduled(Instant time, String region, ObjectNode event) {}

  private final SplittableRandom random;
  private final DemoDataset.Options options;
  private final DemoEvents events;
  private final List<Scheduled> scheduled = new ArrayList<>();

  DemoCloudTrail(SplittableRandom random, DemoDataset.Options options) {
    this.random = random;
    this.options = options;
    this.events = new DemoEvents(random.split(), scheduled::add);
  }

  /** Writes every file under {@code root} and returns the number of events written. */
  long write(Path root) throws IOException {
    instanceActivity(DemoFlowLogs.SUSPECT.instanceId(), DemoDataset.PUBLIC_ADDRESS, DemoDataset.FIRST_KEY_ISSUED, true);
    instanceActivity(DemoDataset.SIBLING_INSTANCE_ID, DemoDataset.SIBLING_PUBLIC_ADDRESS,
        DemoDataset.FIRST_KEY_ISSUED.plusSeconds(146), false);
    events.attack();
    events.responders();

    scheduled.sort(Comparator.comparing(Scheduled::time));
    Map<String, List<Scheduled>> files = new TreeMap<>();
    for (Scheduled s : scheduled) {
      long bucket = s.time().getEpochSecond() / FILE_SECONDS * FILE_SECONDS;
      files.computeIfAbsent(s.region() + "/" + bucket, k -> new ArrayList<>()).add(s);
    }
    List<DemoDigest.LogFile> digested = new ArrayList<>();
    for (List<Scheduled> file : files.values()) {
      DemoDigest.LogFile written = writeFile(root, file);
      if (written != null) {
        digested.add(written);
      }
    }
    DemoDigest.write(root, digested, random, options.gzip());
    return scheduled.size();
  }

  /**
   * Adds EC2's credential hand-outs for one instance every KEY_ROTATION_HOURS, and the application's
   * calls with each key: the database password at start-up, then KMS, SSM and SQS calls.
   */
  private void instanceActivity(String instanceId, String sourceIp, Instant firstIssue, boolean suspect) {
    Instant end = DemoDataset.END;
    Duration rotation = Duration.ofHours(DemoDataset.KEY_ROTATION_HOURS);
    for (Instant issued = firstIssue; issued.isBefore(end); issued = issued.plus(rotation)) {
      boolean stolen = suspect && issued.equals(DemoDataset.STOLEN_KEY_ISSUED);
      String key = stolen ? DemoDataset.STOLEN_ACCESS_KEY_ID : "ASIA" + DemoFiles.keyCharacters(random, 16);
      events.credentialHandOut(issued, instanceId, key);

      ObjectNode identity = events.instanceIdentity(instanceId, key, issued);
      Instant until = issued.plus(rotation).isBefore(end) ? issued.plus(rotation) : end;
      events.application(identity, sourceIp, issued.plusSeconds(38), until);
    }
  }

  private DemoDigest.LogFile writeFile(Path root, List<Scheduled> file) throws IOException {
    Scheduled first = file.get(0);
    Instant bucket = Instant.ofEpochSecond(first.time().getEpochSecond() / FILE_SECONDS * FILE_SECONDS);
    Instant delivered = bucket.plusSeconds(FILE_SECONDS);
    String name = ACCOUNT_ID + "_CloudTrail_" + first.region() + "_" + DemoFiles.fileTime(delivered) + "_"
        + DemoFiles.alphanumeric(random, 16) + (options.gzip() ? ".json.gz" : ".json");
    String key = "AWSLogs/" + ACCOUNT_ID + "/CloudTrail/" + first.region() + "/"
        + DemoFiles.datePath(delivered) + "/" + name;

    ObjectNode document = JsonNodeFactory.instance.objectNode();
    ArrayNode records = document.putArray("Records");
    file.forEach(s -> records.add(DemoEvents.ordered(s.event())));
    byte[] content = MAPPER.writeValueAsBytes(document);
    Path path = root.resolve(key);
    DemoFiles.write(path, content, options.gzip());

    boolean inDigest = first.region().equals(REGION) && !delivered.isBefore(DemoDigest.START)
        && delivered.isBefore(DemoDigest.END);
    return inDigest ? new DemoDigest.LogFile(path, key, first.time(), file.get(file.size() - 1).time()) : null;
  }
}
