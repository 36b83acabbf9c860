package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
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

  private SandboxClients(SandboxServer server) {
    this.server = server;
    AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.loopback(server.endpoint()));
    this.ec2 = factory.ec2();
    this.sts = factory.sts();
    this.iam = factory.iam();
    this.autoScaling = factory.autoScaling();
    this.elb = factory.elasticLoadBalancingV2();
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

  /** Returns the error code of a failed SDK call. */
  static String errorCode(Throwable thrown) {
    return ((AwsServiceException) thrown).awsErrorDetails().errorCode();
  }

  static int status(Throwable thrown) {
    return ((AwsServiceException) thrown).statusCode();
  }

  @Override
  public void close() {
    ec2.close();
    sts.close();
    iam.close();
    autoScaling.close();
    elb.close();
    server.close();
  }
}
