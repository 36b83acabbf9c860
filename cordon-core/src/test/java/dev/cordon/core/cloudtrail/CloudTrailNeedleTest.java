package dev.cordon.core.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.apiactivity.ApiActivityAnalyzer;
import dev.cordon.core.apiactivity.ApiActivityOptions;
import dev.cordon.core.apiactivity.ApiActivityResult;
import dev.cordon.core.demo.DemoDataset;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.RecordSource;
import dev.cordon.core.scope.Scope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A needle scan must keep every record that contains a needle, and change no analysis result. */
class CloudTrailNeedleTest {
  @TempDir
  static Path dir;
  static DemoDataset.Written demo;

  @BeforeAll
  static void writeDemo() throws IOException {
    demo = DemoDataset.write(dir, DemoDataset.Options.defaults());
  }

  @ParameterizedTest
  @ValueSource(strings = {DemoDataset.INSTANCE_ID, DemoDataset.STOLEN_ACCESS_KEY_ID, DemoDataset.BACKDOOR_USER, "no-such-text"})
  void scan_needle_keepsExactlyRecordsContainingIt(String needle) {
    List<CloudTrailEvent> all = new ArrayList<>();
    InputStats allStats = new InputStats();
    new CloudTrailSource(List.of(demo.cloudTrailDirectory()), allStats, 1).scan(all::add);
    List<CloudTrailEvent> filtered = new ArrayList<>();
    InputStats filteredStats = new InputStats();

    new CloudTrailSource(List.of(demo.cloudTrailDirectory()), filteredStats, 2).scan(Set.of(needle), filtered::add);

    assertThat(filtered).isEqualTo(all.stream().filter(e -> e.raw().toString().contains(needle)).toList());
    assertThat(filteredStats.files()).isEqualTo(allStats.files());
  }

  @Test
  void analyze_withNeedles_sameResultAsFullScans() {
    Scope scope = new Scope(DemoDataset.INSTANCE_ID, null, Set.of(), Set.of(), Set.of(DemoDataset.PUBLIC_ADDRESS),
        Set.of(), null, Set.of(DemoDataset.RESPONDER_ARN), null, null);
    CloudTrailSource source = new CloudTrailSource(List.of(demo.cloudTrailDirectory()), new InputStats());
    RecordSource<CloudTrailEvent> withoutNeedles = source::scan;

    ApiActivityResult full = new ApiActivityAnalyzer(scope, ApiActivityOptions.defaults()).analyze(withoutNeedles);
    ApiActivityResult needled = new ApiActivityAnalyzer(scope, ApiActivityOptions.defaults()).analyze(source);

    assertThat(full.findings()).isNotEmpty();
    assertThat(needled).isEqualTo(full);
  }
}
