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
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Builds every AWS client Cordon uses, so one place decides where requests go and with which
 * credentials.
 *
 * <p>With {@link AwsClientSettings#loopbackOnly()} the factory fails closed: the constructor
 * rejects any endpoint that is not a loopback literal or {@code localhost} (no DNS look-up), every
 * client gets static dummy credentials, the explicit region and an empty profile file, and the
 * {@value #DISABLE_METADATA_PROPERTY} system property is set before any client exists, so neither
 * the credential chain nor the region chain can reach the instance metadata service.
 *
 * <p>Every client sends a user agent that starts with {@code cordon/<version>}, so the CloudTrail
 * analysis can tell Cordon's own response actions from the attacker's calls, and retries
 * throttling and 5xx errors with the SDK's standard strategy (exponential backoff with jitter, up
 * to {@value #MAX_ATTEMPTS} attempts). With a role ARN, the base credentials assume that role
 * through STS and every client signs with the temporary credentials.
 */
public final class AwsClientFactory {
  /** SDK system property that turns off every instance metadata look-up in this JVM. */
  public static final String DISABLE_METADATA_PROPERTY = "aws.disableEc2Metadata";

  /** Access key id sent in loopback mode; the sandbox accepts any signature. */
  public static final String DUMMY_ACCESS_KEY_ID = "AKIASANDBOXEXAMPLE00";

  /** Secret key sent in loopback mode. */
  public static final String DUMMY_SECRET_ACCESS_KEY = "sandbox-secret-not-a-real-key";

  /** Prefix of the user agent of every call; the version follows the slash. */
  public static final String USER_AGENT_PRODUCT = "cordon/";

  /** Attempts per call, the first one included, before a retryable error is returned. */
  public static final int MAX_ATTEMPTS = 5;

  /** Session name of assumed roles, which CloudTrail records as the caller. */
  public static final String ROLE_SESSION_NAME = "cordon-responder";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private final AwsClientSettings settings;
  private final String version;
  private AwsCredentialsProvider credentials;

  /**
   * Validates {@code settings} and, in loopback mode, disables metadata look-ups for this JVM.
   * Without a region it looks one up through the SDK's default region chain, which in SDK 2.40.2
   * reads the {@code aws.region} system property, {@code AWS_REGION}, the profile, then the
   * instance metadata unless {@code AWS_EC2_METADATA_DISABLED} is true.
   *
   * @throws UsageException when loopback mode lacks a region or a loopback endpoint, or when no
   *     region is given or found
   */
  public AwsClientFactory(AwsClientSettings settings) {
    this(settings, defaultRegions(settings.profile()));
  }

  /** Uses {@code regions} to look up a region that {@code settings} lack, as tests need. */
  AwsClientFactory(AwsClientSettings settings, AwsRegionProvider regions) {
    if (settings.loopbackOnly()) {
      LoopbackEndpoints.requireLoopback(settings.endpoint());
      if (settings.region() == null || settings.region().isBlank()) {
        throw new UsageException(
            "Missing region: loopback-only AWS clients need an explicit region such as us-east-1.");
      }
      System.setProperty(DISABLE_METADATA_PROPERTY, "true");
    }
    this.settings = settings.region() == null ? settings.withRegion(lookUpRegion(regions)) : settings;
    this.version = version();
  }

  private static AwsRegionProvider defaultRegions(String profile) {
    DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
    if (profile != null) {
      chain.profileName(profile);
    }
    return chain.build();
  }

  /**
   * Returns the region {@code regions} finds, before any client is built, so a missing region is
   * a usage error and not the SDK's failure inside the first client.
   */
  private static String lookUpRegion(AwsRegionProvider regions) {
    try {
      return regions.getRegion().id();
    } catch (SdkClientException e) {
      throw new UsageException("Missing AWS region: --region is not set, and AWS_REGION, the profile and the"
          + " instance metadata name none; nothing was changed. Pass --region, such as --region us-east-1,"
          + " or set AWS_REGION.");
    }
  }

  /** Returns the user agent prefix, {@code cordon/<version>}. */
  public String userAgentPrefix() {
    return USER_AGENT_PRODUCT + version;
  }

  /** Returns the version in the jar manifest, or {@code development} when run from classes. */
  private static String version() {
    String fromManifest = AwsClientFactory.class.getPackage().getImplementationVersion();
    return fromManifest == null ? "development" : fromManifest;
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

  public SsmClient ssm() {
    return configure(SsmClient.builder()).build();
  }

  /**
   * Returns an S3 client. In loopback mode it addresses buckets by path ({@code /bucket/key}),
   * because a loopback endpoint has no per-bucket host names; against AWS it uses the default
   * virtual-hosted style.
   */
  public S3Client s3() {
    return configure(S3Client.builder()).serviceConfiguration(s3Configuration()).build();
  }

  /**
   * Returns a presigner whose URLs carry this factory's credentials, region and endpoint. A
   * presigned URL lets its holder make one request until it expires, so callers keep the expiry
   * short and never log the URL.
   */
  public S3Presigner s3Presigner() {
    S3Presigner.Builder builder = S3Presigner.builder()
        .credentialsProvider(credentials())
        .serviceConfiguration(s3Configuration());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    return builder.build();
  }

  private S3Configuration s3Configuration() {
    return S3Configuration.builder().pathStyleAccessEnabled(settings.loopbackOnly()).build();
  }

  /**
   * Applies endpoint, region, credentials and HTTP client to any synchronous client builder, for
   * services that have no method here yet.
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder) {
    configureTransport(builder);
    builder.credentialsProvider(credentials());
    return builder;
  }

  /** Applies everything but the credentials. */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> void configureTransport(
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
    builder.overrideConfiguration(overrides());
  }

  private ClientOverrideConfiguration overrides() {
    ClientOverrideConfiguration.Builder overrides =
        ClientOverrideConfiguration.builder()
            .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_PREFIX, userAgentPrefix())
            .retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build());
    if (settings.loopbackOnly()) {
      overrides
          .defaultProfileFileSupplier(AwsClientFactory::emptyProfileFile)
          .defaultProfileName("default");
    }
    return overrides.build();
  }

  /**
   * Returns the provider every client shares, so an assumed role is requested once and refreshed
   * by the SDK before it expires.
   */
  private synchronized AwsCredentialsProvider credentials() {
    if (credentials == null) {
      AwsCredentialsProvider base = baseCredentials();
      credentials = settings.roleArn() == null ? base : assumedRole(base);
    }
    return credentials;
  }

  private AwsCredentialsProvider assumedRole(AwsCredentialsProvider base) {
    StsClientBuilder stsBuilder = StsClient.builder();
    configureTransport(stsBuilder);
    StsClient sts = stsBuilder.credentialsProvider(base).build();
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(
            AssumeRoleRequest.builder()
                .roleArn(settings.roleArn())
                .roleSessionName(ROLE_SESSION_NAME)
                .build())
        .build();
  }

  private AwsCredentialsProvider baseCredentials() {
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
