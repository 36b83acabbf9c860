package dev.cordon.core.investigate;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.input.InputStats;
import dev.cordon.core.input.RecordSource;
import dev.cordon.core.report.WindowText;
import dev.cordon.core.scope.Scope;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Counts one source's records about the suspect against the --since/--until window, so a window
 * that misses the data is reported with the data's own first and last times instead of as a quiet
 * "nothing found".
 */
final class WindowCoverage {
  private final String source;
  private final Instant since;
  private final Instant until;
  private long records;
  private long inWindow;
  private long first = Long.MAX_VALUE;
  private long last = Long.MIN_VALUE;

  WindowCoverage(String source, Scope scope) {
    this.source = source;
    this.since = scope.since();
    this.until = scope.until();
  }

  /** Counts a record spanning [start, end] in epoch seconds; it is inside when the spans overlap. */
  void add(long start, long end) {
    records++;
    first = Math.min(first, start);
    last = Math.max(last, end);
    boolean afterSince = since == null || end >= since.getEpochSecond();
    boolean beforeUntil = until == null || start < until.getEpochSecond();
    if (afterSince && beforeUntil) {
      inWindow++;
    }
  }

  /** Counts a record at one instant, such as a CloudTrail event. */
  void add(Instant time) {
    add(time.getEpochSecond(), time.getEpochSecond());
  }

  /**
   * Wraps {@code source} so the events of its first scan are counted. The analyzer scans more
   * than once, and later scans deliver the same events again.
   */
  RecordSource<CloudTrailEvent> countingFirstScan(RecordSource<CloudTrailEvent> source) {
    return new RecordSource<>() {
      private boolean scanned;

      @Override
      public void scan(Consumer<? super CloudTrailEvent> sink) {
        scan(Set.of(), sink);
      }

      @Override
      public void scan(Set<String> needles, Consumer<? super CloudTrailEvent> sink) {
        if (scanned) {
          source.scan(needles, sink);
          return;
        }
        scanned = true;
        source.scan(needles, event -> {
          if (event != null && event.eventTime() != null) {
            add(event.eventTime());
          }
          sink.accept(event);
        });
      }
    };
  }

  /**
   * Stores the counts in {@code stats} when a window was given, and returns the blind spot's text
   * when records were seen and none fell inside, or null.
   */
  String record(InputStats stats) {
    if (since == null && until == null) {
      return null;
    }
    Long firstTime = records == 0 ? null : first;
    Long lastTime = records == 0 ? null : last;
    stats.windowCount(new InputStats.WindowCount(source, records, inWindow, firstTime, lastTime));
    if (records == 0 || inWindow > 0) {
      return null;
    }
    return String.format(Locale.ROOT, "None of the %,d %s records about the suspect fall in the"
        + " window %s: they run from %s to %s. Pass --since %s --until %s, or drop --since"
        + " and --until, to analyse them.", records, source, WindowText.describe(since, until, false),
        Instant.ofEpochSecond(first), Instant.ofEpochSecond(last), Instant.ofEpochSecond(first),
        Instant.ofEpochSecond(last + 1));
  }
}
