package dev.cordon.core.flowlogs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowFieldsTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status | true",
      "srcaddr                                          | true",
      "instance-tag-2 next-hop-az-id interface-type     | true",
      "tgw-id tgw-src-eni packets-lost-mtu-exceeded      | true",
      "account_id log_status pkt_srcaddr                | true",
      "my-new-field version                             | true",
      "bogus line                                       | false",
      "us-east-1 ingress                                | false",
      "version 2                                        | false",
      "2 123456789010 eni-1 10.0.0.1                    | false",
      "- eni-1235b8ca123456789 10.0.1.5                 | false",
      "ingress - 10.0.133.8                             | false",
      "Version Srcaddr                                  | false",
      "version srcaddr #note                            | false",
  })
  void isHeader_byContentNotFieldCount(String line, boolean header) {
    List<String> tokens = List.of(line.trim().split(" +"));

    assertThat(FlowFields.isHeader(tokens)).isEqualTo(header);
  }

  @ParameterizedTest
  @CsvSource({"account_id,account-id", "log_status,log-status", "srcaddr,srcaddr", "tcp_flags,tcp-flags"})
  void normalize_underscores_becomeHyphens(String column, String name) {
    assertThat(FlowFields.normalize(column)).isEqualTo(name);
  }
}
