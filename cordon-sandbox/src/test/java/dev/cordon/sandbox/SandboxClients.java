package dev.cordon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A sandbox and the real SDK clients pointed at it through the loopback-only factory, so every
 * contract test goes through the same endpoint, credential and metadata settings as Cordon.
 */
final class SandboxClients implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final SandboxServer server;
  final Ec2Client ec2;
  final StsClient sts;
  final IamClient iam;
  final AutoScalingClient autoScaling;
  final ElasticLoadBalancingV2Client elb;
  /** Without retries, so a test sees CloudTrail's ThrottlingException itself. */
  final CloudTrailClient cloudTrail;
  final CloudWatchLogsClient logs;
  final SecretsManagerClient secrets;
  final SsmClient ssm;
  final EventBridgeClient events;
  /** With path-style addressing, because the sandbox serves every bucket on one loopback host. */
  final S3Client s3;
  final SnsClient sns;

  private SandboxClients(SandboxServer server) {
    this.server = server;
    AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.loopback(server.endpoint()));
    this.ec2 = factory.ec2();
    this.sts = factory.sts();
    this.iam = factory.iam();
    this.autoScaling = factory.autoScaling();
    this.elb = factory.elasticLoadBalancingV2();
    this.cloudTrail = factory.configure(CloudTrailClient.builder()).overrideConfiguration(SandboxClients::noRetries).build();
    this.logs = factory.configure(CloudWatchLogsClient.builder()).build();
    this.secrets = factory.configure(SecretsManagerClient.builder()).build();
    this.ssm = factory.configure(SsmClient.builder()).build();
    this.events = factory.configure(EventBridgeClient.builder()).build();
    this.s3 = factory.configure(S3Client.builder()).forcePathStyle(true).build();
    this.sns = factory.configure(SnsClient.builder()).build();
  }

  private static void noRetries(ClientOverrideConfiguration.Builder config) {
    config.retryStrategy(AwsRetryStrategy.doNotRetry());
  }

  /** Starts the seed incident on a free loopback port. */
  static SandboxClients seed() {
    return new SandboxClients(SandboxServer.start());
  }

  static SandboxClients of(Scenario scenario) {
    return new SandboxClients(SandboxServer.start(scenario));
  }

  /** Returns the state dump as a JSON tree for assertions. */
  JsonNode dump() {
    try {
      return JSON.readTree(server.stateJson());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the dump entry of the connection with {@code id}. */
  JsonNode connection(String id) {
    for (JsonNode connection : dump().get("connections")) {
      if (connection.get("id").asText().equals(id)) {
        return connection;
      }
    }
    throw new AssertionError("No connection " + id + " in the state dump");
  }

  /** Returns the instance with {@code id} as DescribeInstances reports it. */
  Instance instance(String id) {
    return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  /** Returns the error code of a failed SDK call. */
  static String errorCode(Throwable thrown) {
    return ((AwsServiceException) thrown).awsErrorDetails().errorCode();
  }

  static int status(Throwable thrown) {
    return ((AwsServiceException) thrown).statusCode();
  }

  /** Asserts that a failed SDK call carries the error {@code code} with HTTP status {@code status}. */
  static void assertAwsError(Throwable thrown, String code, int status) {
    assertThat(thrown).isInstanceOf(AwsServiceException.class);
    assertThat(errorCode(thrown)).as("error code").isEqualTo(code);
    assertThat(status(thrown)).as("HTTP status of %s", code).isEqualTo(status);
  }

  /**
   * Asserts that an EC2 call with DryRun set failed as EC2 reports a permitted dry run, with
   * DryRunOperation and HTTP 412, so the call changed nothing.
   */
  static void assertDryRunPassed(Throwable thrown) {
    assertAwsError(thrown, "DryRunOperation", 412);
  }

  @Override
  public void close() {
    ec2.close();
    sts.close();
    iam.close();
    autoScaling.close();
    elb.close();
    cloudTrail.close();
    logs.close();
    secrets.close();
    ssm.close();
    events.close();
    s3.close();
    sns.close();
    server.close();
  }
}
