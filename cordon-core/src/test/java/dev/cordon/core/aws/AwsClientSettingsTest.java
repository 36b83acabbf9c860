package dev.cordon.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.UsageException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsClientSettingsTest {

  @ParameterizedTest
  @ValueSource(strings = {"us east", "US-EAST-1", "useast1", "us-east", "-1"})
  void fromOptions_invalidRegion_rejected(String region) {
    assertThatThrownBy(() -> AwsClientSettings.fromOptions(null, region, null, null))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("invalid --region '" + region + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"us-east-1", "eu-central-1", "us-gov-west-1", "cn-north-1", "ap-southeast-3"})
  void fromOptions_regionNames_accepted(String region) {
    assertThat(AwsClientSettings.fromOptions(null, region, null, null).region()).isEqualTo(region);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://169.254.169.254/", "http://[fe80::1]:80/", "http://[FE80::a9fe:a9fe]/"})
  void fromOptions_linkLocalEndpoint_rejected(String endpoint) {
    assertThatThrownBy(() -> AwsClientSettings.fromOptions(null, "us-east-1", URI.create(endpoint), null))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("link-local");
  }

  @Test
  void fromOptions_endpointWithFinalSlash_trimmed() {
    AwsClientSettings settings =
        AwsClientSettings.fromOptions(null, "us-east-1", URI.create("http://127.0.0.1:4566/"), null);

    assertThat(settings.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
    assertThat(AwsClientSettings.sameEndpoint("http://127.0.0.1:4566/", "http://127.0.0.1:4566")).isTrue();
    assertThat(AwsClientSettings.sameEndpoint(null, "http://127.0.0.1:4566")).isFalse();
    assertThat(AwsClientSettings.sameEndpoint("http://127.0.0.1:4566", "http://127.0.0.1:4567")).isFalse();
  }

  @Test
  void fromOptions_loopbackEndpoint_isLoopbackOnly() {
    AwsClientSettings settings =
        AwsClientSettings.fromOptions("prod", null, URI.create("http://127.0.0.1:4566"), null);

    assertThat(settings.loopbackOnly()).isTrue();
    assertThat(settings.profile()).isNull();
    assertThat(settings.region()).isEqualTo(AwsClientSettings.SANDBOX_REGION);
  }
}
