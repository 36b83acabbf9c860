package dev.cordon.core.network;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
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
  private final TreeMap<Long, Set<Long>> buckets = new TreeMap<>();
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

    long key = identity(record);
    boolean added = buckets.computeIfAbsent(bucket, b -> new HashSet<>()).add(key);
    if (!added) {
      duplicates++;
    }
    return added;
  }

  /**
   * Returns a 64-bit hash of the record's identity. A hash takes a tenth of the memory of the
   * joined fields, which matters when a scanner logs a million records within the tolerance.
   * NOTE: two different records collide with odds of about n^2 / 2^65 for n records in the
   * tolerance (1e-7 for a million); the second would be dropped as a duplicate.
   */
  private static long identity(FlowRecord record) {
    Hasher hasher = Hashing.murmur3_128().newHasher();
    putNullable(hasher, record.interfaceId());
    putNullable(hasher, record.srcAddr());
    putNullable(hasher, record.dstAddr());
    hasher.putInt(record.srcPort()).putInt(record.dstPort()).putInt(record.protocol())
        .putLong(record.start()).putLong(record.end()).putLong(record.packets())
        .putLong(record.bytes());
    putNullable(hasher, record.action());
    return hasher.hash().asLong();
  }

  /** Adds a value with its length, so adjacent fields cannot run into each other. */
  private static void putNullable(Hasher hasher, String value) {
    if (value == null) {
      hasher.putInt(-1);
      return;
    }
    hasher.putInt(value.length()).putUnencodedChars(value);
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
    Iterator<Map.Entry<Long, Set<Long>>> entries = buckets.headMap(oldestKept).entrySet().iterator();
    while (entries.hasNext()) {
      entries.next();
      entries.remove();
    }
  }
}
