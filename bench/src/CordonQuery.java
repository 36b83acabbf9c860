import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.cloudtrail.CloudTrailSource;
import dev.cordon.core.flowlogs.FlowLogOptions;
import dev.cordon.core.flowlogs.FlowLogSource;
import dev.cordon.core.flowlogs.FlowRecordFilter;
import dev.cordon.core.input.InputStats;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The benchmark's Cordon query through the library's scanners, printing the same rows as the
 * awk, DuckDB and jq commands of bench/run.sh.
 *
 * <pre>
 * flow ADDRESS FILE   bytes by (dstaddr, dstport) of records from or to ADDRESS: "dstaddr dstport bytes"
 * trail ID DIRECTORY  records whose userIdentity.arn contains ID, by eventName: "eventName count"
 * </pre>
 */
public final class CordonQuery {
  public static void main(String[] args) {
    if (args.length == 3 && args[0].equals("flow")) {
      flow(args[1], Path.of(args[2]));
    } else if (args.length == 3 && args[0].equals("trail")) {
      trail(args[1], Path.of(args[2]));
    } else {
      throw new IllegalArgumentException("usage: CordonQuery flow ADDRESS FILE | trail INSTANCE_ID DIRECTORY");
    }
  }

  private static void flow(String address, Path file) {
    FlowRecordFilter filter = FlowRecordFilter.matchAny(List.of("srcaddr", "dstaddr"), List.of(address));
    Map<String, long[]> sums = new HashMap<>();
    new FlowLogSource(List.of(file), FlowLogOptions.defaults(), new InputStats())
        .scan(filter, r -> sums.computeIfAbsent(r.dstAddr() + " " + r.dstPort(), k -> new long[1])[0] += Math.max(r.bytes(), 0));
    StringBuilder out = new StringBuilder();
    sums.forEach((key, sum) -> out.append(key).append(' ').append(sum[0]).append('\n'));
    System.out.print(out);
  }

  private static void trail(String id, Path directory) {
    Map<String, Integer> counts = new TreeMap<>();
    new CloudTrailSource(List.of(directory), new InputStats()).scan(Set.of(id), (CloudTrailEvent e) -> {
      if (e.principalArn() != null && e.principalArn().contains(id)) {
        counts.merge(e.eventName(), 1, Integer::sum);
      }
    });
    counts.forEach((name, count) -> System.out.println(name + " " + count));
  }
}
