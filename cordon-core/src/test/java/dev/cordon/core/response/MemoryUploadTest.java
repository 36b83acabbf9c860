package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.CordonException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryUploadTest {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  @ParameterizedTest(name = "{0} MiB of memory: parts of {1} MiB, {2} presigned")
  @CsvSource({
      // 12 MiB + 1/32 = 12.375 MiB; the 8 MiB floor applies; ceil(12.375 / 8) + 1 = 3.
      "12, 8, 3",
      // 8 GiB + 1/32 = 8448 MiB; 8448 / 100 = 84.48, rounded up to 85 MiB; ceil(8448 / 85) + 1 = 101.
      "8192, 85, 101",
      // 512 GiB + 1/32 = 540672 MiB; 5407 MiB per 100 parts is over the 512 MiB ceiling;
      // ceil(540672 / 512) + 1 = 1057.
      "524288, 512, 1057",
      // 24 TiB + 1/32 = 25952256 MiB; 10,000 parts need ceil(25952256 / 9999) = 2596 MiB each;
      // ceil(25952256 / 2596) + 1 = 9999.
      "25165824, 2596, 9999",
  })
  void layout_instanceMemory_partsFitWithMargin(long memoryMib, long partMib, int parts) {
    MemoryUpload.Layout layout = MemoryUpload.Layout.forImage(memoryMib * MIB);

    assertThat(layout.partBytes()).isEqualTo(partMib * MIB);
    assertThat(layout.parts()).isEqualTo(parts);
    assertThat(layout.parts()).isLessThanOrEqualTo(MemoryUpload.MAX_PARTS);
    assertThat(layout.capacity()).isGreaterThan(memoryMib * MIB);
  }

  @Test
  void layout_imageOverFiveGib_needsMultipleParts() {
    MemoryUpload.Layout layout = MemoryUpload.Layout.forImage(6 * GIB);

    assertThat(layout.parts()).isGreaterThan(1);
    assertThat(layout.partBytes()).isLessThanOrEqualTo(MemoryUpload.MAX_PART_BYTES);
  }

  @Test
  void layout_beyondFiveGibParts_rejected() {
    // 10,000 parts of 5 GiB hold about 48.8 TiB, so 64 TiB cannot fit.
    assertThatThrownBy(() -> MemoryUpload.Layout.forImage(64L * 1024 * GIB))
        .isInstanceOf(CordonException.class).hasMessageContaining("5 GiB");
  }

  @Test
  void compositeChecksum_twoParts_hashesDigests() throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    byte[] first = sha256.digest("first".getBytes());
    byte[] second = sha256.digest("second".getBytes());
    sha256.update(first);
    sha256.update(second);
    String expected = Base64.getEncoder().encodeToString(sha256.digest()) + "-2";

    String actual = MemoryUpload.compositeChecksum(List.of(
        Base64.getEncoder().encodeToString(first), Base64.getEncoder().encodeToString(second)));

    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void compositeChecksum_partWithoutChecksum_rejected() {
    assertThatThrownBy(() -> MemoryUpload.compositeChecksum(java.util.Arrays.asList("AAAA", null)))
        .isInstanceOf(CordonException.class).hasMessageContaining("ChecksumAlgorithm SHA256");
  }
}
