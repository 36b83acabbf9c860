package dev.cordon.core.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreatIntelSetTest {

  @Test
  void match_nestedNetworks_returnsMostSpecific() {
    ThreatIntelSet intel = ThreatIntelSet.builder()
        .add("10.0.0.0/8", "a.txt", "wide")
        .add("10.1.0.0/16", "b.txt", "narrow")
        .add("10.1.2.3", "c.txt", "host")
        .build();

    assertThat(intel.match("10.1.2.3").orElseThrow().label()).isEqualTo("host");
    assertThat(intel.match("10.1.9.9").orElseThrow().label()).isEqualTo("narrow");
    assertThat(intel.match("10.2.0.1").orElseThrow().label()).isEqualTo("wide");
  }

  @Test
  void add_duplicate_keepsFirstSource() {
    ThreatIntelSet intel = ThreatIntelSet.builder()
        .add("203.0.113.7", "first.txt", "first")
        .add("203.0.113.7/32", "second.txt", "second")
        .build();

    assertThat(intel.size()).isEqualTo(1);
    assertThat(intel.match("203.0.113.7").orElseThrow().source()).isEqualTo("first.txt");
  }

  @ParameterizedTest
  @CsvSource({
    // network, inside, outside; the prefix splits inside a byte in each case
    "2001:db8:8000::/33, 2001:db8:ffff::1, 2001:db8:7fff::1",
    "192.0.2.64/26, 192.0.2.127, 192.0.2.128",
    "fe80::/18, fe80:3fff::1, fe80:4000::1",
    "10.0.0.0/9, 10.127.255.255, 10.128.0.1",
  })
  void match_prefixInsideByte_splitsAtBit(String network, String inside, String outside) {
    ThreatIntelSet intel = ThreatIntelSet.builder().add(network, "t", "t").build();

    assertThat(intel.match(inside)).isPresent();
    assertThat(intel.match(outside)).isEmpty();
  }

  @Test
  void match_mappedIndicator_matchesPlainIpv4() {
    ThreatIntelSet intel = ThreatIntelSet.builder().add("::ffff:198.51.100.9", "t", "t").build();

    assertThat(intel.match("198.51.100.9").orElseThrow().indicator()).isEqualTo("198.51.100.9");
  }

  @ParameterizedTest
  @CsvSource({
    "evil.example.com, is a host name",
    "evil.example.com/24, is a host name",
    "not-an-address, is not an IP address or CIDR",
    "203.0.113.0/x, invalid prefix length",
    "2001:db8::/129, expected 0 to 128",
    "::ffff:0.0.0.0/95, wider than the IPv4-mapped range",
    "0.0.0.0/0, broader than /8",
    "128.0.0.0/7, broader than /8",
    "::ffff:10.0.0.0/103, broader than /8",
    "::/0, broader than /16",
    "2000::/15, broader than /16",
  })
  void add_invalidEntry_rejectedWithReason(String entry, String message) {
    assertThatThrownBy(() -> ThreatIntelSet.builder().add(entry, "t", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.0/8, 10.255.0.1", "2001::/16, 2001:ffff::1"})
  void add_broadestAllowedNetwork_matches(String network, String inside) {
    ThreatIntelSet intel = ThreatIntelSet.builder().add(network, "t", "t").build();

    assertThat(intel.match(inside)).isPresent();
  }
}
