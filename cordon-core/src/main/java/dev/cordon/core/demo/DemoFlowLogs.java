package dev.cordon.core.demo;

import static dev.cordon.core.demo.DemoDataset.ACCOUNT_ID;
import static dev.cordon.core.demo.DemoDataset.AZ_ID;
import static dev.cordon.core.demo.DemoDataset.REGION;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the demo's VPC Flow Logs: one S3 object per 5 minutes in the custom version 5 format,
 * 60-second aggregation windows, both directions of each connection recorded on the instance's
 * ENI. Records in a file are sorted by start time.
 */
final class DemoFlowLogs {
  /** Background hosts get addresses in 10.1.0.0/16, 250 to a /24. */
  static final int MAX_BACKGROUND_HOSTS = 60_000;
  static final String HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol"
      + " packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type"
      + " pkt-srcaddr pkt-dstaddr region az-id pkt-src-aws-service pkt-dst-aws-service flow-direction"
      + " traffic-path";
  private static final int FILE_SECONDS = 300;
  private static final int WINDOW_SECONDS = 60;
  /** traffic-path values: same VPC, through a gateway VPC endpoint, through an internet gateway. */
  private static final String PATH_IN_VPC = "1";
  private static final String PATH_GATEWAY_ENDPOINT = "7";
  private static final String PATH_INTERNET_GATEWAY = "8";
  private static final int DATABASE_LOCAL_PORT = 40022;
  private static final int EXFILTRATION_LOCAL_PORT = 50514;
  private static final long SIBLING_CONTACT_MINUTE = DemoDataset.SIBLING_C2_CONTACT.getEpochSecond() / 60 * 60;

  /** An instance's ENI and the address its traffic uses. */
  record Host(String eni, String instanceId, String address) {}

  private record Line(long start, String text) {}

  static final Host SUSPECT = new Host(DemoDataset.PRIMARY_ENI, DemoDataset.INSTANCE_ID, DemoDataset.PRIMARY_ADDRESS);
  static final Host SIBLING = new Host(DemoDataset.SIBLING_ENI, DemoDataset.SIBLING_INSTANCE_ID, DemoDataset.SIBLING_ADDRESS);

  private final SplittableRandom random;
  private final DemoDataset.Options options;
  private final long[] beaconTimes;
  private final long[] exfiltrationBytes;
  private long written;

  DemoFlowLogs(SplittableRandom random, DemoDataset.Options options) {
    this.random = random;
    this.options = options;
    this.beaconTimes = beaconTimes(random.split());
    this.exfiltrationBytes = exfiltrationBytes(random.split());
  }

  /** Returns beacon start times in epoch seconds: every 300 s from START + 60 s, jittered by up to 15 s. */
  static long[] beaconTimes(SplittableRandom random) {
    long base = DemoDataset.START.getEpochSecond() + 60;
    long[] times = new long[DemoDataset.BEACON_COUNT];
    for (int i = 0; i < times.length; i++) {
      int jitter = random.nextInt(-DemoDataset.BEACON_JITTER_SECONDS, DemoDataset.BEACON_JITTER_SECONDS + 1);
      times[i] = base + (long) DemoDataset.BEACON_PERIOD_SECONDS * i + jitter;
    }
    return times;
  }

  /** Splits EXFILTRATION_BYTES over its minutes with uneven weights; the sum is exact. */
  private static long[] exfiltrationBytes(SplittableRandom random) {
    double[] weights = new double[DemoDataset.EXFILTRATION_MINUTES];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = random.nextDouble(0.8, 1.2);
      total += weights[i];
    }
    long[] bytes = new long[weights.length];
    long assigned = 0;
    for (int i = 0; i < weights.length - 1; i++) {
      bytes[i] = (long) (DemoDataset.EXFILTRATION_BYTES * weights[i] / total);
      assigned += bytes[i];
    }
    bytes[weights.length - 1] = DemoDataset.EXFILTRATION_BYTES - assigned;
    return bytes;
  }

  /** Writes every file under {@code root} and returns the number of records, headers excluded. */
  long write(Path root) throws IOException {
    long end = DemoDataset.END.getEpochSecond();
    for (long fileStart = DemoDataset.START.getEpochSecond(); fileStart < end; fileStart += FILE_SECONDS) {
      List<Line> lines = new ArrayList<>();
      for (long minute = fileStart; minute < fileStart + FILE_SECONDS; minute += WINDOW_SECONDS) {
        minute(lines, minute);
      }
      beacons(lines, fileStart);
      lines.sort(Comparator.comparingLong(Line::start));
      writeFile(root, fileStart, lines);
    }
    return written;
  }

  private void writeFile(Path root, long fileStart, List<Line> lines) throws IOException {
    StringBuilder text = new StringBuilder(lines.size() * 160 + HEADER.length() + 1);
    text.append(HEADER).append('\n');
    for (Line line : lines) {
      text.append(line.text()).append('\n');
    }
    written += lines.size();

    Instant time = Instant.ofEpochSecond(fileStart);
    String name = ACCOUNT_ID + "_vpcflowlogs_" + REGION + "_" + DemoDataset.FLOW_LOG_ID + "_"
        + DemoFiles.fileTime(time) + "_" + DemoFiles.hex(random, 8) + (options.gzip() ? ".log.gz" : ".log");
    Path file = root.resolve("AWSLogs/" + ACCOUNT_ID + "/vpcflowlogs/" + REGION + "/"
        + DemoFiles.datePath(time) + "/" + name);
    DemoFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8), options.gzip());
  }

  /** Adds the traffic of one 60-second window that starts at {@code minute}. */
  private void minute(List<Line> lines, long minute) {
    boolean skipped = minute == DemoDataset.SKIPDATA_WINDOW.getEpochSecond();
    if (skipped) {
      lines.add(new Line(minute, status(DemoDataset.PRIMARY_ENI, DemoDataset.SUBNET_ID, minute, "SKIPDATA")));
    } else {
      orderService(lines, SUSPECT, minute, true);
    }
    if (random.nextInt(20) == 0) {
      lines.add(new Line(minute, status(DemoDataset.SECONDARY_ENI, DemoDataset.SECOND_ENI_SUBNET_ID, minute, "NODATA")));
    }
    orderService(lines, SIBLING, minute, false);
    for (int k = 0; k < options.backgroundHosts(); k++) {
      background(lines, backgroundHost(k), minute);
    }
    exfiltration(lines, minute);
    if (minute == SIBLING_CONTACT_MINUTE) {
      long start = DemoDataset.SIBLING_C2_CONTACT.getEpochSecond();
      connection(lines, SIBLING, DemoDataset.C2_ADDRESS, ephemeralPort(), DemoDataset.C2_PORT, true, start,
          start + 2, 1_024, 3_072, 3, 19, null, PATH_INTERNET_GATEWAY);
    }
  }

  /** Requests from both load balancers, health checks, the database pool and S3 calls. */
  private void orderService(List<Line> lines, Host host, long minute, boolean full) {
    double load = dailyLoad(minute);
    String[] balancers = full
        ? new String[] {DemoDataset.LOAD_BALANCER_A, DemoDataset.LOAD_BALANCER_B}
        : new String[] {DemoDataset.LOAD_BALANCER_A};
    for (String balancer : balancers) {
      long start = minute + random.nextInt(0, 50);
      long requestBytes = (long) (random.nextLong(2_000, 20_000) * load);
      long responseBytes = (long) (random.nextLong(10_000, 200_000) * load);
      connection(lines, host, balancer, 8080, ephemeralPort(), false, start, start + random.nextInt(1, 9),
          responseBytes, requestBytes, 3, 19, null, PATH_IN_VPC);
    }
    if (full) {
      for (String balancer : balancers) {
        long first = minute + random.nextInt(0, 30);
        for (long check = first; check < minute + WINDOW_SECONDS; check += 30) {
          connection(lines, host, balancer, 8080, ephemeralPort(), false, check, check + 1, 352, 178, 3, 19,
              null, PATH_IN_VPC);
        }
      }
    }
    connection(lines, host, DemoDataset.DATABASE_ADDRESS, DATABASE_LOCAL_PORT, 5432, true, minute,
        minute + WINDOW_SECONDS - 1, (long) (random.nextLong(5_000, 40_000) * load),
        (long) (random.nextLong(20_000, 200_000) * load), 0, 0, null, PATH_IN_VPC);
    if (full) {
      long start = minute + random.nextInt(0, 55);
      String s3 = "52.216." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
      connection(lines, host, s3, ephemeralPort(), 443, true, start, start + 1, random.nextLong(1_000, 3_000),
          random.nextLong(2_000, 8_000), 3, 19, "S3", PATH_GATEWAY_ENDPOINT);
    }
  }

  private void background(List<Line> lines, Host host, long minute) {
    String balancer = random.nextBoolean() ? DemoDataset.LOAD_BALANCER_A : DemoDataset.LOAD_BALANCER_B;
    long start = minute + random.nextInt(0, 55);
    connection(lines, host, balancer, 8080, ephemeralPort(), false, start, start + random.nextInt(1, 5),
        random.nextLong(5_000, 150_000), random.nextLong(1_000, 10_000), 3, 19, null, PATH_IN_VPC);
    connection(lines, host, DemoDataset.DATABASE_ADDRESS, DATABASE_LOCAL_PORT, 5432, true, minute,
        minute + WINDOW_SECONDS - 1, random.nextLong(2_000, 20_000), random.nextLong(10_000, 100_000), 0, 0,
        null, PATH_IN_VPC);
  }

  static Host backgroundHost(int k) {
    String suffix = String.format("%013x", k);
    return new Host("eni-0bac" + suffix, "i-0bac" + suffix, "10.1." + (k / 250) + "." + (k % 250 + 1));
  }

  /** Load factor between 0.3 at night and 1.0 in the afternoon (UTC), so volumes vary by hour. */
  private static double dailyLoad(long epochSecond) {
    double hour = (epochSecond % 86_400) / 3600.0;
    return 0.65 + 0.35 * Math.sin((hour - 9) / 24 * 2 * Math.PI);
  }

  private void beacons(List<Line> lines, long fileStart) {
    for (long time : beaconTimes) {
      if (time >= fileStart && time < fileStart + FILE_SECONDS) {
        connection(lines, SUSPECT, DemoDataset.C2_ADDRESS, ephemeralPort(), DemoDataset.C2_PORT, true, time,
            time + random.nextInt(1, 4), random.nextLong(1_100, 1_301), random.nextLong(2_800, 3_201), 3, 19,
            null, PATH_INTERNET_GATEWAY);
      }
    }
  }

  /** One long TCP connection over EXFILTRATION_MINUTES windows: SYN in the first, FIN in the last. */
  private void exfiltration(List<Line> lines, long minute) {
    long first = DemoDataset.EXFILTRATION_START.getEpochSecond() / 60 * 60;
    int index = (int) ((minute - first) / WINDOW_SECONDS);
    if (minute < first || index >= exfiltrationBytes.length) {
      return;
    }
    boolean opening = index == 0;
    boolean closing = index == exfiltrationBytes.length - 1;
    long start = opening ? DemoDataset.EXFILTRATION_START.getEpochSecond() : minute;
    long end = closing ? minute + 41 : minute + WINDOW_SECONDS - 1;
    long bytesOut = exfiltrationBytes[index];
    long bytesIn = bytesOut / 66;
    // TCP flags as flow logs OR them per window: SYN (2) and SYN-ACK (18) open, FIN (1) closes.
    int flags = 0;
    int replyFlags = 0;
    if (opening) {
      flags = 2;
      replyFlags = 18;
    } else if (closing) {
      flags = 1;
      replyFlags = 1;
    }
    connection(lines, SUSPECT, DemoDataset.EXFILTRATION_ADDRESS, EXFILTRATION_LOCAL_PORT, 443, true, start, end,
        bytesOut, bytesIn, flags, replyFlags, null, PATH_INTERNET_GATEWAY);
  }

  /**
   * Adds both records of one connection on {@code host}'s ENI. {@code bytesOut} is what the host
   * sent. The initiator's record carries {@code initiatorFlags}; the reply has source and
   * destination swapped and {@code replyFlags}. Ingress records have no traffic path.
   */
  private void connection(List<Line> lines, Host host, String remote, int localPort, int remotePort,
      boolean outbound, long start, long end, long bytesOut, long bytesIn, int initiatorFlags,
      int replyFlags, String awsService, String egressPath) {
    long packetsOut = Math.max(1, bytesOut / 1_448 + 1);
    long packetsIn = Math.max(1, bytesIn / 1_448 + 1);
    String egress = record(host, host.address(), remote, localPort, remotePort, packetsOut, bytesOut, start, end,
        outbound ? initiatorFlags : replyFlags, "-", awsService, "egress", egressPath);
    String ingress = record(host, remote, host.address(), remotePort, localPort, packetsIn, bytesIn, start, end,
        outbound ? replyFlags : initiatorFlags, awsService, "-", "ingress", "-");
    lines.add(new Line(start, outbound ? egress : ingress));
    lines.add(new Line(start, outbound ? ingress : egress));
  }

  private static String record(Host host, String source, String destination, int sourcePort, int destinationPort,
      long packets, long bytes, long start, long end, int flags, String sourceService,
      String destinationService, String direction, String trafficPath) {
    return "5 " + ACCOUNT_ID + " " + host.eni() + " " + source + " " + destination + " " + sourcePort + " "
        + destinationPort + " 6 " + packets + " " + bytes + " " + start + " " + end + " ACCEPT OK "
        + DemoDataset.VPC_ID + " " + DemoDataset.SUBNET_ID + " " + host.instanceId() + " " + flags + " IPv4 "
        + source + " " + destination + " " + REGION + " " + AZ_ID + " " + orDash(sourceService) + " "
        + orDash(destinationService) + " " + direction + " " + trafficPath;
  }

  /** A NODATA or SKIPDATA record: the window and the status, every traffic field a dash. */
  private static String status(String eni, String subnetId, long minute, String logStatus) {
    return "5 " + ACCOUNT_ID + " " + eni + " - - - - - - - " + minute + " " + (minute + WINDOW_SECONDS)
        + " - " + logStatus + " " + DemoDataset.VPC_ID + " " + subnetId + " " + DemoDataset.INSTANCE_ID
        + " - - - - " + REGION + " " + AZ_ID + " - - - -";
  }

  private int ephemeralPort() {
    return random.nextInt(32_768, 61_000);
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }
}
