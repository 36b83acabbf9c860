package dev.cordon.core.flowlogs;

import static dev.cordon.core.flowlogs.FlowLogTesting.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.input.InputStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Symbolic links under a flow-log directory: followed, looped, and reached twice. */
class FlowLogFilesTest {
  private static final String SAMPLE = "aws-doc_v2-default_nodata-skipdata.log";

  @TempDir Path root;

  @Test
  void list_linkToFile_followed() throws IOException {
    Path base = Files.copy(sample(SAMPLE), root.resolve("base.log"));
    Path logs = Files.createDirectory(root.resolve("logs"));
    Path link = Files.createSymbolicLink(logs.resolve("a.log"), Path.of("..", "base.log"));

    List<Path> files = FlowLogFiles.list(logs, new InputStats());

    assertThat(base).exists();
    assertThat(files).containsExactly(link);
  }

  @Test
  void list_linkToDirectory_walked() throws IOException {
    Path other = Files.createDirectory(root.resolve("other"));
    Files.copy(sample(SAMPLE), other.resolve("x.log"));
    Path logs = Files.createDirectory(root.resolve("logs"));
    Files.createSymbolicLink(logs.resolve("sub"), Path.of("..", "other"));

    List<Path> files = FlowLogFiles.list(logs, new InputStats());

    assertThat(files).containsExactly(logs.resolve("sub").resolve("x.log"));
  }

  @Test
  void list_linkLoop_skippedAndRecorded() throws IOException {
    Path logs = Files.createDirectory(root.resolve("logs"));
    Path file = Files.copy(sample(SAMPLE), logs.resolve("x.log"));
    Path loop = Files.createSymbolicLink(logs.resolve("loop"), Path.of("."));
    InputStats stats = new InputStats();

    List<Path> files = FlowLogFiles.list(logs, stats);

    assertThat(files).containsExactly(file);
    assertThat(stats.files()).hasSize(1);
    assertThat(stats.files().get(0).path()).isEqualTo(loop.toString());
    assertThat(stats.files().get(0).error()).contains("symbolic link loops back");
    assertThat(stats.blindSpots()).isEmpty();
  }

  @Test
  void list_brokenLink_recordedAsMissing() throws IOException {
    Path logs = Files.createDirectory(root.resolve("logs"));
    Path file = Files.copy(sample(SAMPLE), logs.resolve("x.log"));
    Path broken = Files.createSymbolicLink(logs.resolve("y.log.gz"), Path.of("gone.log.gz"));
    InputStats stats = new InputStats();

    List<Path> files = FlowLogFiles.list(logs, stats);

    assertThat(files).containsExactly(file);
    assertThat(stats.files()).singleElement().satisfies(entry -> {
      assertThat(entry.path()).isEqualTo(broken.toString());
      assertThat(entry.error()).contains("symbolic link whose target does not exist");
    });
    assertThat(stats.blindSpots()).hasSize(1);
  }

  @Test
  void list_fileReachedTwice_listedOnce() throws IOException {
    Path logs = Files.createDirectory(root.resolve("logs"));
    Files.createSymbolicLink(logs.resolve("a.log"), Path.of("b.log"));
    Path file = Files.copy(sample(SAMPLE), logs.resolve("b.log"));

    List<Path> files = FlowLogFiles.list(logs, new InputStats());

    assertThat(files).hasSize(1);
    assertThat(files.get(0).toRealPath()).isEqualTo(file.toRealPath());
  }

  @Test
  void scan_linkToGivenFile_readOnce() throws IOException {
    Path base = Files.copy(sample(SAMPLE), root.resolve("base.log"));
    Path logs = Files.createDirectory(root.resolve("logs"));
    Files.createSymbolicLink(logs.resolve("a.log"), Path.of("..", "base.log"));
    InputStats stats = new InputStats();
    List<FlowRecord> records = new ArrayList<>();
    List<FlowRecord> once = new ArrayList<>();

    new FlowLogSource(List.of(logs, base), FlowLogOptions.defaults(), stats).scan(records::add);
    new FlowLogSource(List.of(base), FlowLogOptions.defaults(), new InputStats()).scan(once::add);

    assertThat(stats.files()).hasSize(1);
    assertThat(records).isNotEmpty();
    assertThat(records).hasSameSizeAs(once);
  }
}
