package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainmentRequestTest {
  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1f0e2d3c-4b5a-4697-8887-a1b2c3d4e5f6";

  @Test
  void forensicCopy_neitherOption_isNull() {
    assertThat(ContainmentRequest.ForensicCopy.of(null, null)).isNull();
  }

  @Test
  void forensicCopy_accountAndCustomerKey_accepted() {
    assertThat(ContainmentRequest.ForensicCopy.of("210987654321", KEY))
        .isEqualTo(new ContainmentRequest.ForensicCopy("210987654321", KEY));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
    "210987654321, null,                                        Missing --forensic-kms-key",
    "210987654321, alias/aws/ebs,                               AWS managed keys",
    "210987654321, arn:aws:kms:us-east-1:123456789012:alias/aws/ebs, AWS managed keys",
    "null,         alias/forensics,                             needs --forensic-account",
    "21098765432,  alias/forensics,                             expected a 12-digit AWS account ID",
  })
  void forensicCopy_invalidOptions_rejectedWithFix(String account, String key, String message) {
    assertThatThrownBy(() -> ContainmentRequest.ForensicCopy.of(account, key))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }
}
