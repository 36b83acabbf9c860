package dev.cordon.core.flowlogs;

import dev.cordon.core.input.InputStats;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers of the flow-log tests. */
final class FlowLogTesting {
  private FlowLogTesting() {}

  /** What one read produced. */
  record Result(List<FlowRecord> records, InputStats stats) {
    FlowRecord first() {
      return records.get(0);
    }
  }

  static Path sample(String name) {
    try {
      return Path.of(FlowLogTesting.class.getResource("/samples/flowlogs/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Result read(Path path) {
    return read(path, FlowLogOptions.defaults());
  }

  static Result read(Path path, FlowLogOptions options) {
    InputStats stats = new InputStats();
    List<FlowRecord> records = new ArrayList<>();
    new FlowLogReader(options).read(path, stats, records::add);
    return new Result(records, stats);
  }
}
