package dev.cordon.core.finding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizesTest {

  @ParameterizedTest(name = "{0} bytes")
  @CsvSource(delimiter = ';', value = {
      "0;             0 bytes",
      "1;             1 byte",
      "999;           999 bytes",
      "1000;          1.0 KB (1,000 bytes)",
      "1234;          1.2 KB (1,234 bytes)",
      "999999;        1.0 MB (999,999 bytes)",
      "2147483648;    2.1 GB (2,147,483,648 bytes)",
      "5000000000000; 5.0 TB (5,000,000,000,000 bytes)",
  })
  void full_decimalUnitsWithExactCount(long bytes, String expected) {
    assertThat(ByteSizes.full(bytes)).isEqualTo(expected);
  }
}
