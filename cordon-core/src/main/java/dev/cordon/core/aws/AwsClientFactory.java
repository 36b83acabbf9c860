package dev.cordon.core.aws;

import dev.cordon.core.input.UsageException;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds every AWS client Cordon uses, so one place decides where requests go and with which
 * credentials.
 *
 * <p>With {@link AwsClientSettings#loopbackOnly()} the factory fails closed: the constructor
 * rejects any endpoint that is not a loopback literal or {@code localhost} (no DNS look-up), every
 * client gets static dummy credentials, the explicit region and an empty profile file, and the
 * {@value #DISABLE_METADATA_PROPERTY} system property is set before any client exists, so neither
 * the credential chain nor the region chain can reach the instance metadata service.
 */
public final class AwsClientFactory {
  /** SDK system property that turns off every instance metadata look-up in this JVM. */
  public static final String DISABLE_METADATA_PROPERTY = "aws.disableEc2Metadata";

  /** Access key id sent in loopback mode; the sandbox accepts any signature. */
  public static final String DUMMY_ACCESS_KEY_ID = "AKIASANDBOXEXAMPLE00";

  /** Secret key sent in loopback mode. */
  public static final String DUMMY_SECRET_ACCESS_KEY = "sandbox-secret-not-a-real-key";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private final AwsClientSettings settings;

  /**
   * Validates {@code settings} and, in loopback mode, disables metadata look-ups for this JVM.
   *
   * @throws UsageException when loopback mode lacks a region or a loopback endpoint
   */
  public AwsClientFactory(AwsClientSettings settings) {
    if (settings.loopbackOnly()) {
      LoopbackEndpoints.requireLoopback(settings.endpoint());
      if (settings.region() == null || settings.region().isBlank()) {
        throw new UsageException(
            "Missing region: loopback-only AWS clients need an explicit region such as us-east-1.");
      }
      System.setProperty(DISABLE_METADATA_PROPERTY, "true");
    }
    this.settings = settings;
  }

  /** Returns the settings every client of this factory uses. */
  public AwsClientSettings settings() {
    return settings;
  }

  public Ec2Client ec2() {
    return configure(Ec2Client.builder()).build();
  }

  public StsClient sts() {
    return configure(StsClient.builder()).build();
  }

  public IamClient iam() {
    return configure(IamClient.builder()).build();
  }

  public AutoScalingClient autoScaling() {
    return configure(AutoScalingClient.builder()).build();
  }

  public ElasticLoadBalancingV2Client elasticLoadBalancingV2() {
    return configure(ElasticLoadBalancingV2Client.builder()).build();
  }

  /**
   * Applies endpoint, region, credentials and HTTP client to any synchronous client builder, for
   * services that have no method here yet.
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder) {
    builder.httpClientBuilder(
        UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(SOCKET_TIMEOUT));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    builder.credentialsProvider(credentials());
    if (settings.loopbackOnly()) {
      builder.overrideConfiguration(
          ClientOverrideConfiguration.builder()
              .defaultProfileFileSupplier(AwsClientFactory::emptyProfileFile)
              .defaultProfileName("default")
              .build());
    }
    return builder;
  }

  private AwsCredentialsProvider credentials() {
    if (settings.loopbackOnly()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(DUMMY_ACCESS_KEY_ID, DUMMY_SECRET_ACCESS_KEY));
    }
    if (settings.profile() != null) {
      return ProfileCredentialsProvider.create(settings.profile());
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /**
   * Returns a profile file with no profiles, so a developer's ~/.aws/config cannot change where a
   * loopback client sends requests or how it signs them.
   */
  private static ProfileFile emptyProfileFile() {
    return ProfileFile.builder()
        .content(new ByteArrayInputStream(new byte[0]))
        .type(ProfileFile.Type.CONFIGURATION)
        .build();
  }
}
