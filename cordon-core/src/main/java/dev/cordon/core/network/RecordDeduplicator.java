package dev.cordon.core.network;

import dev.cordon.core.flowlogs.FlowRecord;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Drops a flow-log record already seen, as several subscriptions (VPC, subnet and interface level)
 * deliver the same record. Identity is the interface, 5-tuple, start, end, packets, bytes and
 * action. Keys are kept per 600 s bucket of start time and dropped once the input has moved {@code
 * toleranceSeconds} past the bucket, so memory is bounded by the records within the tolerance; a
 * duplicate arriving later than that is counted again.
 */
final class RecordDeduplicator {
  private static final long BUCKET_SECONDS = 600;

  private final long toleranceSeconds;
  private final TreeMap<Long, Set<String>> buckets = new TreeMap<>();
  private long watermark = Long.MIN_VALUE;
  private long duplicates;
  private long late;

  RecordDeduplicator(long toleranceSeconds) {
    this.toleranceSeconds = toleranceSeconds;
  }

  /** Returns whether the record is new; a false result means it was seen before. */
  boolean firstSeen(FlowRecord record) {
    long bucket = Math.floorDiv(record.start(), BUCKET_SECONDS);
    if (watermark != Long.MIN_VALUE && record.start() < watermark - toleranceSeconds - BUCKET_SECONDS) {
      late++;
    }
    watermark = Math.max(watermark, record.start());
    evict();

    String key = String.join("|", record.interfaceId(), record.srcAddr(), record.dstAddr(),
        Integer.toString(record.srcPort()), Integer.toString(record.dstPort()),
        Integer.toString(record.protocol()), Long.toString(record.start()),
        Long.toString(record.end()), Long.toString(record.packets()),
        Long.toString(record.bytes()), String.valueOf(record.action()));
    boolean added = buckets.computeIfAbsent(bucket, b -> new HashSet<>()).add(key);
    if (!added) {
      duplicates++;
    }
    return added;
  }

  long duplicates() {
    return duplicates;
  }

  /** Records that arrived after their bucket was dropped, so they could not be checked. */
  long late() {
    return late;
  }

  private void evict() {
    long oldestKept = Math.floorDiv(watermark - toleranceSeconds, BUCKET_SECONDS) - 1;
    Iterator<Map.Entry<Long, Set<String>>> entries = buckets.headMap(oldestKept).entrySet().iterator();
    while (entries.hasNext()) {
      entries.next();
      entries.remove();
    }
  }
}
