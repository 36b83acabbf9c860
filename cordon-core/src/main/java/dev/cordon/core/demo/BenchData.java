package dev.cordon.core.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes large, seeded inputs for the benchmark in {@code bench/}: version-2 default-format flow
 * logs (one plain file with a header, the same as one gzip file and as 5-minute gzip objects) and
 * CloudTrail S3 log files in gzip. The traffic is background noise between {@value #ENIS}
 * interfaces, plus a beacon from {@value DemoDataset#PRIMARY_ADDRESS} to {@value
 * DemoDataset#C2_ADDRESS}:443 every 60 s. In CloudTrail, about 1 record in 200 is a call by the
 * role session of {@value DemoDataset#INSTANCE_ID}, and some other records name that instance in
 * their request parameters only, so a plain text search finds more records than a field filter.
 *
 * <p>Gzip uses the default compression level, as S3 delivery does. Same arguments, same bytes.
 */
public final class BenchData {
  static final int ENIS = 3_000;
  private static final long START = Instant.parse("2024-01-14T00:00:00Z").getEpochSecond();
  private static final long DAY_SECONDS = 86_400;
  private static final int OBJECT_SECONDS = 300;
  private static final String HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol"
      + " packets bytes start end action log-status\n";
  private static final String[] EVENT_NAMES = {"GetObject", "PutObject", "Decrypt", "GetParameter",
      "DescribeInstances", "AssumeRole", "SendMessage", "ReceiveMessage", "GetSecretValue", "ListBuckets",
      "DescribeVolumes", "GenerateDataKey"};
  private static final String[] EVENT_SOURCES = {"s3.amazonaws.com", "s3.amazonaws.com", "kms.amazonaws.com",
      "ssm.amazonaws.com", "ec2.amazonaws.com", "sts.amazonaws.com", "sqs.amazonaws.com", "sqs.amazonaws.com",
      "secretsmanager.amazonaws.com", "s3.amazonaws.com", "ec2.amazonaws.com", "kms.amazonaws.com"};

  private BenchData() {}

  /**
   * Writes {@code flow.log}, {@code flow.log.gz}, {@code flow-objects/} and {@code cloudtrail/}
   * under {@code directory}. Arguments: directory, flow-log MiB (0 writes none), CloudTrail MiB
   * (uncompressed).
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: BenchData DIRECTORY FLOW_MIB CLOUDTRAIL_MIB");
    }
    Path directory = Path.of(args[0]);
    Files.createDirectories(directory);
    long flowBytes = Long.parseLong(args[1]) << 20;
    if (flowBytes > 0) {
      writeFlowLogs(directory, flowBytes, new SplittableRandom(20240115L));
    }
    writeCloudTrail(directory.resolve("cloudtrail"), Long.parseLong(args[2]) << 20, new SplittableRandom(7L));
  }

  /** Writes about {@code targetBytes} of flow logs over one day, in minute windows. */
  static void writeFlowLogs(Path directory, long targetBytes, SplittableRandom random) throws IOException {
    // A background line is about 100 bytes; spread the target over the 1440 minutes of a day.
    long linesPerMinute = Math.max(1, targetBytes / 100 / 1440);
    Path objects = directory.resolve("flow-objects");
    Files.createDirectories(objects);
    byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
    try (OutputStream plain = new BufferedOutputStream(Files.newOutputStream(directory.resolve("flow.log")), 1 << 20);
        OutputStream single = gzip(directory.resolve("flow.log.gz"))) {
      plain.write(header);
      single.write(header);
      StringBuilder minute = new StringBuilder();
      OutputStream object = null;
      for (long t = START; t < START + DAY_SECONDS; t += 60) {
        if ((t - START) % OBJECT_SECONDS == 0) {
          if (object != null) {
            object.close();
          }
          object = gzip(objects.resolve(objectName(t)));
          object.write(header);
        }
        minute.setLength(0);
        writeMinute(minute, t, linesPerMinute, random);
        byte[] bytes = minute.toString().getBytes(StandardCharsets.US_ASCII);
        plain.write(bytes);
        single.write(bytes);
        object.write(bytes);
      }
      object.close();
    }
  }

  private static void writeMinute(StringBuilder out, long t, long lines, SplittableRandom random) {
    for (long i = 0; i < lines; i++) {
      int host = random.nextInt(ENIS);
      boolean suspect = host == 0;
      String local = suspect ? DemoDataset.PRIMARY_ADDRESS : "10.0." + (2 + host / 250) + "." + (host % 250 + 1);
      String remote = random.nextInt(4) == 0
          ? "10.0." + (2 + random.nextInt(12)) + "." + (random.nextInt(250) + 1)
          : (random.nextInt(200) + 20) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (random.nextInt(254) + 1);
      int remotePort = random.nextInt(3) == 0 ? 443 : random.nextInt(1024);
      int localPort = 32768 + random.nextInt(28000);
      boolean outbound = random.nextBoolean();
      long packets = 1 + random.nextInt(2000);
      long bytes = packets * (40 + random.nextInt(1400));
      String action = random.nextInt(20) == 0 ? "REJECT" : "ACCEPT";
      line(out, eni(host), outbound ? local : remote, outbound ? remote : local,
          outbound ? localPort : remotePort, outbound ? remotePort : localPort, packets, bytes, t, action);
    }
    int jitter = random.nextInt(5);
    line(out, eni(0), DemoDataset.PRIMARY_ADDRESS, DemoDataset.C2_ADDRESS, 40000 + random.nextInt(20000),
        DemoDataset.C2_PORT, 6, 1100 + jitter, t, "ACCEPT");
  }

  private static void line(StringBuilder out, String eni, String source, String destination, int sourcePort,
      int destinationPort, long packets, long bytes, long t, String action) {
    out.append("2 ").append(DemoDataset.ACCOUNT_ID).append(' ').append(eni).append(' ')
        .append(source).append(' ').append(destination).append(' ')
        .append(sourcePort).append(' ').append(destinationPort).append(" 6 ")
        .append(packets).append(' ').append(bytes).append(' ')
        .append(t).append(' ').append(t + 59).append(' ').append(action).append(" OK\n");
  }

  private static String eni(int host) {
    return host == 0 ? DemoDataset.PRIMARY_ENI : String.format("eni-%017x", 0x5000000L + host);
  }

  private static String objectName(long t) {
    return DemoDataset.ACCOUNT_ID + "_vpcflowlogs_us-east-1_" + DemoDataset.FLOW_LOG_ID + "_"
        + DemoFiles.fileTime(Instant.ofEpochSecond(t + OBJECT_SECONDS)) + "_" + Long.toHexString(t) + ".log.gz";
  }

  /** Writes about {@code targetBytes} of uncompressed CloudTrail, one file per 5 minutes and region. */
  static void writeCloudTrail(Path directory, long targetBytes, SplittableRandom random) throws IOException {
    Files.createDirectories(directory);
    int files = 288 * 6;
    long recordsPerFile = Math.max(1, targetBytes / 1_500 / files);
    StringBuilder document = new StringBuilder();
    for (int f = 0; f < files; f++) {
      long t = START + (long) (f / 6) * OBJECT_SECONDS;
      String region = new String[] {"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1"}[f % 6];
      document.setLength(0);
      document.append("{\"Records\":[");
      for (long r = 0; r < recordsPerFile; r++) {
        if (r > 0) {
          document.append(',');
        }
        record(document, t + random.nextInt(OBJECT_SECONDS), region, random);
      }
      document.append("]}");
      Path file = directory.resolve(DemoDataset.ACCOUNT_ID + "_CloudTrail_" + region + "_"
          + DemoFiles.fileTime(Instant.ofEpochSecond(t + OBJECT_SECONDS)) + "_" + String.format("%04d", f) + ".json.gz");
      try (OutputStream out = gzip(file)) {
        out.write(document.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void record(StringBuilder out, long t, String region, SplittableRandom random) {
    int kind = random.nextInt(EVENT_NAMES.length);
    boolean suspect = random.nextInt(200) == 0;
    boolean mentionsSuspect = !suspect && random.nextInt(150) == 0;
    String instance = suspect ? DemoDataset.INSTANCE_ID : String.format("i-%013x", 0x7000000L + random.nextInt(ENIS));
    String role = suspect ? DemoDataset.ROLE_NAME : "app-role-" + random.nextInt(40);
    // The instance's role session gets a new key every 6 hours, as EC2 rotates them; others vary.
    String key = suspect ? "ASIAY34FZKBOSESSION" + (t - START) / 21_600 : "ASIA" + DemoFiles.keyCharacters(random, 16);
    String targetInstance = mentionsSuspect ? DemoDataset.INSTANCE_ID : String.format("i-%013x", 0x7000000L + random.nextInt(ENIS));
    out.append("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE")
        .append(random.nextInt(40)).append(':').append(instance).append("\",\"arn\":\"arn:aws:sts::")
        .append(DemoDataset.ACCOUNT_ID).append(":assumed-role/").append(role).append('/').append(instance)
        .append("\",\"accountId\":\"").append(DemoDataset.ACCOUNT_ID).append("\",\"accessKeyId\":\"").append(key)
        .append("\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":\"arn:aws:iam::")
        .append(DemoDataset.ACCOUNT_ID).append(":role/").append(role).append("\",\"accountId\":\"").append(DemoDataset.ACCOUNT_ID)
        .append("\",\"userName\":\"").append(role).append("\"},\"attributes\":{\"creationDate\":\"")
        .append(Instant.ofEpochSecond(t - 3600)).append("\",\"mfaAuthenticated\":\"false\"},\"ec2RoleDelivery\":\"2.0\"}},")
        .append("\"eventTime\":\"").append(Instant.ofEpochSecond(t)).append("\",\"eventSource\":\"").append(EVENT_SOURCES[kind])
        .append("\",\"eventName\":\"").append(EVENT_NAMES[kind]).append("\",\"awsRegion\":\"").append(region)
        .append("\",\"sourceIPAddress\":\"10.0.").append(2 + random.nextInt(12)).append('.').append(random.nextInt(250) + 1)
        .append("\",\"userAgent\":\"aws-sdk-java/2.20.0 Linux/5.10.205-195.807.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS Java/17.0.9\",")
        .append("\"requestParameters\":{\"instancesSet\":{\"items\":[{\"instanceId\":\"").append(targetInstance)
        .append("\"}]},\"filterSet\":{},\"bucketName\":\"acme-orders-prod\",\"key\":\"orders/2024/01/")
        .append(DemoFiles.alphanumeric(random, 24)).append(".json\"},\"responseElements\":null,\"requestID\":\"")
        .append(DemoFiles.uuid(random)).append("\",\"eventID\":\"").append(DemoFiles.uuid(random))
        .append("\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"")
        .append(DemoDataset.ACCOUNT_ID).append("\",\"eventCategory\":\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",")
        .append("\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"")
        .append(EVENT_SOURCES[kind].replace(".amazonaws.com", "")).append('.').append(region).append(".amazonaws.com\"}}");
  }

  private static OutputStream gzip(Path file) throws IOException {
    return new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16);
  }
}
