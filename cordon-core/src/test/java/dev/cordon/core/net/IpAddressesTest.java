package dev.cordon.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressesTest {

  @ParameterizedTest
  @CsvSource({
      "10.0.1.55, true",
      "0.0.0.0, true",
      "255.255.255.255, true",
      "010.0.1.55, false",
      "256.0.0.1, false",
      "10.0.1, false",
      "10.0.1.55., false",
      "10..1.55, false",
      "1.2.3.4.5, false",
  })
  void isCanonicalIpv4_cases(String text, boolean expected) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

    assertThat(IpAddresses.isCanonicalIpv4(bytes, 0, bytes.length)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      // text, canonical text or null
      "10.0.1.55, 10.0.1.55",
      "255.255.255.255, 255.255.255.255",
      "::ffff:10.0.1.55, 10.0.1.55",
      "2001:DB8:0:0::1, 2001:db8::1",
      "010.0.1.55, null",
      "256.0.0.1, null",
      "'10.0.1.55 ', null",
      "ip-10-0-1-55.ec2.internal, null",
      "'', null",
      "null, null",
  })
  void canonical_cases(String text, String expected) {
    assertThat(IpAddresses.canonical(text)).isEqualTo(expected);
  }
}
