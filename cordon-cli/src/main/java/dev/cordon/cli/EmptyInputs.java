package dev.cordon.cli;

import dev.cordon.core.cloudtrail.CloudTrailSource;
import dev.cordon.core.flowlogs.FlowLogSource;
import dev.cordon.core.report.Inputs;
import dev.cordon.core.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The log options of one investigation that were read and yielded no record of their kind, such as
 * CloudTrail JSON given with {@code --flow-logs}. An option whose files were never opened (CloudTrail
 * without a known instance) is not empty, only unread, and the report's blind spots state that.
 */
record EmptyInputs(List<String> options, boolean anyLogRecords) {

  static EmptyInputs of(Report report, boolean flowLogsGiven, boolean cloudTrailGiven) {
    Inputs inputs = report.inputs();
    long flowRecords = inputs.recordsRead().getOrDefault(FlowLogSource.KIND, 0L);
    long cloudTrailRecords = inputs.recordsRead().getOrDefault(CloudTrailSource.KIND, 0L);

    List<String> empty = new ArrayList<>();
    if (flowLogsGiven && flowRecords == 0 && read(inputs, Set.of(FlowLogSource.KIND))) {
      empty.add("--flow-logs");
    }
    if (cloudTrailGiven && cloudTrailRecords == 0 && read(inputs, CloudTrailSource.FILE_KINDS)) {
      empty.add("--cloudtrail");
    }
    return new EmptyInputs(List.copyOf(empty), flowRecords + cloudTrailRecords > 0);
  }

  boolean any() {
    return !options.isEmpty();
  }

  String names() {
    return String.join(" and ", options);
  }

  private static boolean read(Inputs inputs, Set<String> kinds) {
    return inputs.files().stream().anyMatch(file -> kinds.contains(file.kind()));
  }
}
