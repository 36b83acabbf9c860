package dev.cordon.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedRegionTest {
  @TempDir
  Path dir;

  @Test
  void available_onOpenJdk17() {
    // The build's JDK has jdk.unsupported. Without it the plain-file scan would read instead.
    assertThat(MappedRegion.available()).isTrue();
  }

  @Test
  void map_rangeOfFile_readsItsBytes() throws IOException {
    Path file = Files.writeString(dir.resolve("f.log"), "0123456789abcdef");
    try (FileChannel channel = FileChannel.open(file);
        MappedRegion region = MappedRegion.map(channel, 4, 6)) {
      byte[] bytes = new byte[6];
      region.buffer().get(0, bytes);

      assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("456789");
      assertThat(region.buffer().limit()).isEqualTo(6);
    }
  }

  @Test
  void close_twice_andBufferAfterClose_rejected() throws IOException {
    Path file = Files.writeString(dir.resolve("f.log"), "0123456789");
    MappedRegion region;
    try (FileChannel channel = FileChannel.open(file)) {
      region = MappedRegion.map(channel, 0, 10);
    }
    region.close();
    region.close();

    assertThatThrownBy(region::buffer).isInstanceOf(IllegalStateException.class);
  }
}
