package dev.cordon.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.UsageException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

class AwsClientFactoryTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://ec2.us-east-1.amazonaws.com", // public AWS endpoint
        "http://169.254.169.254", // instance metadata service
        "http://[fd00:ec2::254]", // metadata service over IPv6
        "http://10.0.0.5:4566", // private address
        "http://192.168.1.10:4566", // private address
        "http://sandbox.internal:4566", // name that is not localhost
        "http://localhost.example.com:4566", // localhost as a prefix only
        "http://127.0.0.1.nip.io:4566", // loopback-looking name that needs DNS
        "http://2130706433:4566", // 127.0.0.1 as a decimal number, which only DNS-style parsing accepts
        "http://0.0.0.0:4566", // any-address
        "ftp://127.0.0.1:4566", // wrong scheme
        "127.0.0.1/ec2" // no scheme, so no host
      })
  void loopbackFactory_nonLoopbackEndpoint_isRejected(String endpoint) {
    AwsClientSettings settings = AwsClientSettings.loopback(URI.create(endpoint));

    assertThatThrownBy(() -> new AwsClientFactory(settings))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(endpoint);
  }

  @Test
  void loopbackFactory_missingEndpoint_isRejected() {
    AwsClientSettings settings = new AwsClientSettings(null, "us-east-1", null, true);

    assertThatThrownBy(() -> new AwsClientFactory(settings))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Missing endpoint");
  }

  @Test
  void awsFactory_noRegionFound_usageError() {
    AwsClientSettings settings = new AwsClientSettings(null, null, null, false);

    assertThatThrownBy(() -> new AwsClientFactory(settings, () -> {
      throw SdkClientException.create("Unable to load region from any of the providers in the chain");
    }))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Missing AWS region")
        .hasMessageContaining("--region us-east-1")
        .hasMessageContaining("AWS_REGION");
  }

  @Test
  void awsFactory_regionFromChain_isKept() {
    AwsClientSettings settings = new AwsClientSettings(null, null, null, false);

    AwsClientFactory factory = new AwsClientFactory(settings, () -> Region.EU_CENTRAL_1);

    assertThat(factory.settings().region()).isEqualTo("eu-central-1");
  }

  @Test
  void loopbackFactory_missingRegion_isRejected() {
    AwsClientSettings settings =
        new AwsClientSettings(null, null, URI.create("http://127.0.0.1:4566"), true);

    assertThatThrownBy(() -> new AwsClientFactory(settings))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Missing region");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:4566",
        "http://127.10.20.30:4566",
        "http://[::1]:4566",
        "http://localhost:4566",
        "http://LOCALHOST:4566",
        "https://127.0.0.1"
      })
  void loopbackFactory_loopbackEndpoint_buildsClient(String endpoint) {
    AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.loopback(URI.create(endpoint)));

    try (Ec2Client ec2 = factory.ec2()) {
      assertThat(ec2.serviceClientConfiguration().endpointOverride()).contains(URI.create(endpoint));
      assertThat(ec2.serviceClientConfiguration().region().id()).isEqualTo("us-east-1");
    }
  }

  @Test
  void loopbackFactory_construction_disablesMetadataLookups() {
    System.clearProperty(AwsClientFactory.DISABLE_METADATA_PROPERTY);

    new AwsClientFactory(AwsClientSettings.loopback(URI.create("http://127.0.0.1:4566")));

    assertThat(System.getProperty(AwsClientFactory.DISABLE_METADATA_PROPERTY)).isEqualTo("true");
  }

  @Test
  void loopbackFactory_credentials_areStaticDummies() {
    AwsClientFactory factory =
        new AwsClientFactory(AwsClientSettings.loopback(URI.create("http://127.0.0.1:4566")));

    try (Ec2Client ec2 = factory.ec2()) {
      var identity = ec2.serviceClientConfiguration().credentialsProvider().resolveIdentity().join();
      assertThat(identity.accessKeyId()).isEqualTo(AwsClientFactory.DUMMY_ACCESS_KEY_ID);
    }
  }
}
