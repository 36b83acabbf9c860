package dev.cordon.core.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a realistic, deterministic incident to a directory: a GuardDuty finding, VPC Flow Logs
 * and CloudTrail in their S3 delivery layout, and threat intel. {@code cordon demo} investigates it,
 * and benchmarks raise {@link Options#backgroundHosts} to write large volumes.
 *
 * <p>The story, all times UTC: instance {@value #INSTANCE_ID} beacons to {@value #C2_ADDRESS}:443
 * every 300 s for the whole period; from {@link #ATTACK_START} an attacker on the instance uses its
 * role's credentials for discovery, reads S3 and secrets, creates the user {@value
 * #BACKDOOR_USER} with an administrator policy, assumes a role in account {@value
 * #PARTNER_ACCOUNT_ID} and shares a snapshot with it; the instance's key is also used from {@value
 * #OUTSIDE_ADDRESS}; about 2.1 GB leave for {@value #EXFILTRATION_ADDRESS} from {@link
 * #EXFILTRATION_START}; GuardDuty reports the C2 contact at {@link #FINDING_CREATED_AT}; responders
 * act from {@link #RESPONDER_START}. The sibling {@value #SIBLING_INSTANCE_ID} contacts the C2
 * address once, at {@link #SIBLING_C2_CONTACT}.
 *
 * <p>The same seed and options always give byte-identical files; gzip output has no timestamp.
 */
public final class DemoDataset {
  public static final String ACCOUNT_ID = "123456789012";
  public static final String PARTNER_ACCOUNT_ID = "210987654321";
  public static final String REGION = "us-east-1";
  public static final String AVAILABILITY_ZONE = "us-east-1a";
  public static final String AZ_ID = "use1-az1";
  public static final String VPC_ID = "vpc-0abc123";
  public static final String SUBNET_ID = "subnet-0abc1234";
  public static final String FLOW_LOG_ID = "fl-0abc1234def567890";

  public static final String INSTANCE_ID = "i-0abc123def456";
  public static final String INSTANCE_NAME = "prod-order-service-3";
  public static final String ROLE_NAME = "order-service-instance-role";
  public static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT_ID + ":role/" + ROLE_NAME;
  public static final String ROLE_ID = "AROAY34FZKBOHQ2ZJ6X5N";
  public static final String INSTANCE_PROFILE_ARN = "arn:aws:iam::" + ACCOUNT_ID + ":instance-profile/" + ROLE_NAME;
  public static final String INSTANCE_SESSION_ARN =
      "arn:aws:sts::" + ACCOUNT_ID + ":assumed-role/" + ROLE_NAME + "/" + INSTANCE_ID;
  public static final String PRIMARY_ENI = "eni-0a1b2c3d4e5f60001";
  public static final String SECONDARY_ENI = "eni-0a1b2c3d4e5f60002";
  public static final String PRIMARY_ADDRESS = "10.0.1.55";
  public static final String SECONDARY_ADDRESS = "10.0.1.56";
  public static final String PUBLIC_ADDRESS = "198.51.100.20";
  public static final String SECOND_ENI_ADDRESS = "10.0.2.55";
  public static final String SECOND_ENI_IPV6_ADDRESS = "2001:db8:1::55";
  public static final String SECOND_ENI_SUBNET_ID = "subnet-0abc5678";

  public static final String SIBLING_INSTANCE_ID = "i-0abc123def789";
  public static final String SIBLING_NAME = "prod-order-service-1";
  public static final String SIBLING_ENI = "eni-0a1b2c3d4e5f60003";
  public static final String SIBLING_ADDRESS = "10.0.1.77";
  public static final String SIBLING_PUBLIC_ADDRESS = "198.51.100.21";

  public static final String FINDING_TYPE = "UnauthorizedAccess:EC2/MaliciousIPCaller.Custom";
  public static final String THREAT_LIST_NAME = "CustomC2List";
  public static final String C2_ADDRESS = "203.0.113.100";
  public static final int C2_PORT = 443;
  /** The C2 listed in the STIX feed as an IPv6 range. */
  public static final String C2_IPV6_RANGE = "2001:db8:c2::/48";
  public static final String EXFILTRATION_ADDRESS = "198.51.100.77";
  public static final String OUTSIDE_ADDRESS = "192.0.2.77";
  public static final String RESPONDER_ADDRESS = "198.51.100.10";
  public static final String RESPONDER_ARN = "arn:aws:sts::" + ACCOUNT_ID + ":assumed-role/SecurityResponder/alice";
  public static final String LOAD_BALANCER_A = "10.0.0.10";
  public static final String LOAD_BALANCER_B = "10.0.0.11";
  public static final String DATABASE_ADDRESS = "10.0.3.20";

  public static final String ATTACK_USER_AGENT = "aws-cli/2.13.0 Python/3.11.4 Linux/5.10";
  public static final String OUTSIDE_USER_AGENT = "Boto3/1.34.0 Python/3.11 Linux";
  /** The outside user agent of one request, carrying a terminal title sequence (ESC ]0; ... BEL). */
  public static final String HOSTILE_USER_AGENT = "Boto3/1.34.0 Python/3.11 Linux \u001b]0;pwned\u0007";
  public static final String APPLICATION_USER_AGENT =
      "aws-sdk-java/2.20.0 Linux/5.10.205-195.807.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS Java/17.0.9";
  /** The instance key the attacker uses, handed out by EC2 at {@link #STOLEN_KEY_ISSUED}. */
  public static final String STOLEN_ACCESS_KEY_ID = "ASIAY34FZKBOKMUTVV7A";
  public static final String BACKDOOR_USER = "svc-backup";
  public static final String BACKDOOR_ACCESS_KEY_ID = "AKIAY34FZKBOL2PQXW4H";
  public static final String PARTNER_ROLE_ARN = "arn:aws:iam::" + PARTNER_ACCOUNT_ID + ":role/OrganizationAccountAccessRole";
  public static final String PARTNER_ACCESS_KEY_ID = "ASIATP7QKGM3EXR5LD2C";
  public static final String DATA_BUCKET = "acme-orders-prod";
  public static final int STOLEN_OBJECT_COUNT = 40;

  public static final Instant START = Instant.parse("2024-01-14T03:00:00Z");
  public static final Instant END = Instant.parse("2024-01-15T04:00:00Z");
  /** First credential hand-out; EC2 hands out a new key every {@value #KEY_ROTATION_HOURS} hours. */
  public static final Instant FIRST_KEY_ISSUED = Instant.parse("2024-01-14T03:02:11Z");
  public static final int KEY_ROTATION_HOURS = 6;
  public static final Instant STOLEN_KEY_ISSUED = Instant.parse("2024-01-14T21:02:11Z");
  public static final Instant ATTACK_START = Instant.parse("2024-01-15T02:20:05Z");
  public static final Instant EXFILTRATION_START = Instant.parse("2024-01-15T02:51:04Z");
  /** Bytes sent to {@link #EXFILTRATION_ADDRESS}: 2 GiB, which a report prints as 2.1 GB. */
  public static final long EXFILTRATION_BYTES = 2_147_483_648L;
  public static final int EXFILTRATION_MINUTES = 12;
  public static final Instant SIBLING_C2_CONTACT = Instant.parse("2024-01-15T01:02:17Z");
  public static final Instant FINDING_CREATED_AT = Instant.parse("2024-01-15T03:15:22Z");
  public static final Instant RESPONDER_START = Instant.parse("2024-01-15T03:20:00Z");
  public static final Instant CORDON_CALL = Instant.parse("2024-01-15T03:25:00Z");
  /** The one-minute window of the primary ENI that flow logs could not capture. */
  public static final Instant SKIPDATA_WINDOW = Instant.parse("2024-01-14T14:03:00Z");

  /** Beacons from the first at {@code START + 60 s}, every 300 s with up to 15 s jitter. */
  public static final int BEACON_COUNT = 300;
  public static final int BEACON_PERIOD_SECONDS = 300;
  public static final int BEACON_JITTER_SECONDS = 15;

  /**
   * Generation settings.
   *
   * @param seed seeds every random choice (jitter, sizes, ports, ids)
   * @param backgroundHosts more instances with ordinary traffic, to grow the flow logs
   * @param gzip whether log files are gzip-compressed, as S3 delivery writes them
   */
  public record Options(long seed, int backgroundHosts, boolean gzip) {
    public Options {
      if (backgroundHosts < 0 || backgroundHosts > DemoFlowLogs.MAX_BACKGROUND_HOSTS) {
        throw new IllegalArgumentException("backgroundHosts must be 0 to "
            + DemoFlowLogs.MAX_BACKGROUND_HOSTS + ", got " + backgroundHosts);
      }
    }

    /** Seed 20240115, no background hosts, gzip on: the data set {@code cordon demo} uses. */
    public static Options defaults() {
      return new Options(20240115L, 0, true);
    }
  }

  /**
   * Where the data set went and how big it is.
   *
   * @param flowLogDirectory the folder that contains {@code AWSLogs/} for flow logs
   * @param cloudTrailDirectory the folder that contains {@code AWSLogs/} for CloudTrail
   * @param flowRecords flow-log records written, without header lines
   * @param cloudTrailRecords CloudTrail events written, without the digest file
   */
  public record Written(Path findingFile, Path flowLogDirectory, Path cloudTrailDirectory,
      List<Path> intelFiles, long flowRecords, long cloudTrailRecords) {
    public Written {
      intelFiles = List.copyOf(intelFiles);
    }
  }

  private DemoDataset() {}

  /** Writes the data set under {@code directory}, creating it if needed; existing files are replaced. */
  public static Written write(Path directory, Options options) throws IOException {
    Files.createDirectories(directory);
    SplittableRandom root = new SplittableRandom(options.seed());
    SplittableRandom flowRandom = root.split();
    SplittableRandom trailRandom = root.split();
    SplittableRandom findingRandom = root.split();
    SplittableRandom intelRandom = root.split();

    Path flowLogDirectory = directory.resolve("flowlogs");
    long flowRecords = new DemoFlowLogs(flowRandom, options).write(flowLogDirectory);

    Path cloudTrailDirectory = directory.resolve("cloudtrail");
    long cloudTrailRecords = new DemoCloudTrail(trailRandom, options).write(cloudTrailDirectory);

    Path findingFile = DemoGuardDuty.write(directory.resolve("guardduty"), findingRandom);
    List<Path> intelFiles = DemoIntel.write(directory.resolve("intel"), intelRandom);
    return new Written(findingFile, flowLogDirectory, cloudTrailDirectory, intelFiles, flowRecords,
        cloudTrailRecords);
  }
}
