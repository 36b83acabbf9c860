package dev.cordon.core.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.InputException;
import dev.cordon.core.input.InputStats;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreatIntelReaderTest {
  private final InputStats stats = new InputStats();

  private static Path resource(String name) {
    try {
      return Path.of(ThreatIntelReaderTest.class.getResource("/intel/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private ThreatIntelSet read(String... names) {
    List<Path> files = java.util.Arrays.stream(names).map(ThreatIntelReaderTest::resource).toList();
    return ThreatIntelReader.read(files, stats, ThreatIntelSet.builder()).build();
  }

  @ParameterizedTest
  @CsvSource({
    // address looked up, indicator that matches
    "203.0.113.100, 203.0.113.100",
    "198.51.100.254, 198.51.100.0/24",
    "192.0.2.77, 192.0.2.77",
    "2001:db8:bad:ffff::1, 2001:db8:bad::/48",
    "2001:db8::c2, 2001:db8::c2",
    // ::ffff:192.0.2.128/121 is the IPv4 network 192.0.2.128/25 (121 - 96 = 25 bits)
    "192.0.2.200, 192.0.2.128/25",
    "::ffff:192.0.2.130, 192.0.2.128/25",
    // 10.9.8.7/8 has host bits set; they are cleared
    "10.200.0.1, 10.0.0.0/8",
  })
  void read_textList_matchesEntry(String address, String indicator) {
    ThreatIntelSet intel = read("c2-addresses.txt");

    ThreatIntel.Match match = intel.match(address).orElseThrow();
    assertThat(match.indicator()).isEqualTo(indicator);
    assertThat(match.source()).isEqualTo(resource("c2-addresses.txt").toString());
    assertThat(match.label()).isEqualTo("c2-addresses.txt");
  }

  @ParameterizedTest
  @CsvSource({"198.51.101.1", "192.0.2.78", "192.0.2.127", "2001:db8:bae::1", "11.0.0.1", "c2.example.net", "''"})
  void read_textList_missesOtherInput(String address) {
    assertThat(read("c2-addresses.txt").match(address)).isEmpty();
  }

  @Test
  void read_textList_skipsInvalidLinesWithReason() {
    ThreatIntelSet intel = read("c2-addresses.txt");

    // 10 entries on lines 4 to 13; the last three are a host name, an invalid address and a /33
    assertThat(intel.size()).isEqualTo(7);
    assertThat(stats.skipSamples()).extracting(InputStats.Skip::line).containsExactly(11L, 12L, 13L);
    assertThat(stats.skippedByReason()).containsEntry("threat intel host name not resolved", 1L)
        .containsEntry("invalid threat intel entry", 2L);
    assertThat(stats.skipSamples().get(0).reason()).contains("c2-addresses.txt, line 11")
        .contains("'c2.example.net' is a host name").contains("never resolved");
    assertThat(stats.skipSamples().get(1).reason()).contains("'999.1.1.1' is not an IP address or CIDR");
    assertThat(stats.skipSamples().get(2).reason()).contains("invalid prefix length in '203.0.113.0/33'");
    assertThat(stats.files().get(0).records()).isEqualTo(7);
    assertThat(stats.files().get(0).kind()).isEqualTo(ThreatIntelReader.KIND_LIST);
  }

  @ParameterizedTest
  @CsvSource({
    "203.0.113.200, 203.0.113.200, Beacon C2 server",
    "198.19.255.255, 198.18.0.0/15, Exfiltration relays",
    "2001:db8:e0f:1::9, 2001:db8:e0f::/48, Exfiltration relays",
    "192.0.2.15, 192.0.2.0/28, Exfiltration relays",
    "203.0.113.201, 203.0.113.201, Mixed address and domain",
  })
  void read_stixBundle_matchesIndicatorName(String address, String indicator, String label) {
    ThreatIntel.Match match = read("stix-bundle.json").match(address).orElseThrow();

    assertThat(match.indicator()).isEqualTo(indicator);
    assertThat(match.label()).isEqualTo(label);
    assertThat(match.source()).isEqualTo(resource("stix-bundle.json").toString());
  }

  @Test
  void read_stixBundle_skipsUnsupportedPatterns() {
    ThreatIntelSet intel = read("stix-bundle.json");

    assertThat(intel.size()).isEqualTo(5);
    assertThat(intel.match("203.0.113.202")).isEmpty();
    assertThat(intel.match("203.0.113.203")).isEmpty();
    assertThat(intel.match("203.0.113.204")).isEmpty();
    assertThat(stats.skippedByReason())
        .containsEntry("unsupported STIX comparison", 2L)
        .containsEntry("unsupported STIX pattern", 1L)
        .containsEntry("unsupported STIX pattern type", 1L)
        .containsEntry("revoked STIX indicator", 1L)
        .containsEntry("invalid address in STIX pattern", 1L);
    assertThat(stats.skipSamples()).extracting(InputStats.Skip::line).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(stats.skipSamples().get(0).reason()).contains("object 4 (indicator 'Mixed address and domain')")
        .contains("domain-name:value = 'c2.example.org'");
    assertThat(stats.skipSamples().get(2).reason()).contains("combines conditions with AND");
    assertThat(stats.skipSamples().get(3).reason()).contains("pattern_type 'snort'");
    assertThat(stats.files().get(0).kind()).isEqualTo(ThreatIntelReader.KIND_STIX);
  }

  @Test
  void read_twoFiles_addsBoth() {
    ThreatIntelSet intel = read("c2-addresses.txt", "stix-bundle.json");

    assertThat(intel.size()).isEqualTo(12);
    assertThat(intel.match("203.0.113.100").orElseThrow().label()).isEqualTo("c2-addresses.txt");
    assertThat(intel.match("203.0.113.200").orElseThrow().label()).isEqualTo("Beacon C2 server");
  }

  @Test
  void read_missingFile_throwsNamingFile(@TempDir Path dir) {
    Path missing = dir.resolve("c2.txt");

    assertThatThrownBy(() -> ThreatIntelReader.read(List.of(missing), stats, ThreatIntelSet.builder()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("not found: " + missing)
        .hasMessageContaining("STIX 2.1 bundle");
  }

  @Test
  void read_jsonNotStix_throwsNamingFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("intel.json"), "{\"ips\": [\"203.0.113.7\"]}");

    assertThatThrownBy(() -> ThreatIntelReader.read(List.of(file), stats, ThreatIntelSet.builder()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a STIX bundle");
  }

  @Test
  void read_textListWithAnyNetwork_skipsIt(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("broad.txt"), "203.0.113.7\n0.0.0.0/0\n::/0 # any\n");

    ThreatIntelSet intel = ThreatIntelReader.read(List.of(file), stats, ThreatIntelSet.builder()).build();

    assertThat(intel.size()).isEqualTo(1);
    assertThat(intel.match("198.51.100.1")).isEmpty();
    assertThat(stats.skippedByReason()).containsEntry(ThreatIntelReader.REASON_TOO_BROAD, 2L);
    assertThat(stats.skipSamples().get(0).line()).isEqualTo(2L);
    assertThat(stats.skipSamples().get(0).reason()).contains(file + ", line 2")
        .contains("'0.0.0.0/0'").contains("broader than /8");
    assertThat(stats.skipSamples().get(1).reason()).contains("line 3").contains("'::/0'");
  }

  @Test
  void read_stixWithAnyNetwork_skipsIt(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("broad.json"), "{\"type\": \"bundle\", \"objects\": [{"
        + "\"type\": \"indicator\", \"name\": \"any\", \"pattern\": \"[ipv4-addr:value = '0.0.0.0/1']\"}]}");

    ThreatIntelSet intel = ThreatIntelReader.read(List.of(file), stats, ThreatIntelSet.builder()).build();

    assertThat(intel.size()).isZero();
    assertThat(stats.skippedByReason()).containsEntry(ThreatIntelReader.REASON_TOO_BROAD, 1L);
    assertThat(stats.skipSamples().get(0).reason()).contains("object 1").contains("'0.0.0.0/1'");
  }
}
