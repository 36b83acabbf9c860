package dev.cordon.core.flowlogs;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.cordon.core.input.InputStats;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Passes each flow record of a scan on once. A record found twice, every field equal whatever
 * file and line it came from, means the input contains it twice. Examples are a copy of a file
 * under another name, a copy with other line ends, or the S3 delivery and a CloudWatch Logs export
 * of one flow log.
 * Counted twice, it would double the bytes and connections of every finding it feeds. A repeat is
 * counted as a skip with the reason {@link #REASON}, with its file and line.
 *
 * <p>Records are remembered by a 64-bit hash of their fields, about 50 bytes each, so memory grows
 * with the records in scope, not with the input. NOTE: two different records with the same hash
 * would drop the second; with a million records in scope the chance is below one in ten million.
 * Runs on the thread that receives the records in order, so the first of two copies is kept.
 */
final class DuplicateRecords implements Consumer<FlowRecord> {
  static final String REASON = "duplicate record";

  private static final HashFunction HASH = Hashing.murmur3_128();

  private final Consumer<? super FlowRecord> sink;
  private final InputStats stats;
  private final Set<Long> seen = new HashSet<>();
  private long dropped;

  /** Passes records on to {@code sink} and counts repeats in {@code stats}. */
  DuplicateRecords(Consumer<? super FlowRecord> sink, InputStats stats) {
    this.sink = sink;
    this.stats = stats;
  }

  @Override
  public void accept(FlowRecord record) {
    if (seen.add(hash(record))) {
      sink.accept(record);
      return;
    }
    dropped++;
    String source = record.source() == null ? "" : record.source();
    int colon = source.lastIndexOf(':');
    String file = colon < 0 ? source : source.substring(0, colon);
    long line = lineOf(source, colon);
    // Every other skip sample starts with its location, and the reports print the sample alone.
    String location = file + (source.startsWith("event ", colon + 1) ? " event " : " line ") + line;
    stats.skip(file, line, REASON, location + ": the same record as an earlier line (a copy of a"
        + " file, or two exports of one flow log); counted once");
  }

  /** Returns how many records were repeats. */
  long dropped() {
    return dropped;
  }

  /** Returns the line number after the last colon of a record's source, or 0 when there is none. */
  private static long lineOf(String source, int colon) {
    long line = 0;
    for (int i = colon + 1; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c >= '0' && c <= '9') {
        line = line * 10 + (c - '0');
      }
    }
    return line;
  }

  private static long hash(FlowRecord r) {
    Hasher h = HASH.newHasher()
        .putInt(r.version()).putInt(r.srcPort()).putInt(r.dstPort()).putInt(r.protocol())
        .putLong(r.packets()).putLong(r.bytes()).putLong(r.start()).putLong(r.end())
        .putInt(r.tcpFlags()).putInt(r.trafficPath());
    putText(h, r.accountId());
    putText(h, r.interfaceId());
    putText(h, r.srcAddr());
    putText(h, r.dstAddr());
    putText(h, r.action());
    putText(h, r.logStatus());
    putText(h, r.vpcId());
    putText(h, r.subnetId());
    putText(h, r.instanceId());
    putText(h, r.type());
    putText(h, r.pktSrcAddr());
    putText(h, r.pktDstAddr());
    putText(h, r.region());
    putText(h, r.azId());
    putText(h, r.pktSrcAwsService());
    putText(h, r.pktDstAwsService());
    putText(h, r.flowDirection());
    Map<String, String> others = r.otherFields();
    if (others != null && !others.isEmpty()) {
      for (Map.Entry<String, String> field : new TreeMap<>(others).entrySet()) {
        putText(h, field.getKey());
        putText(h, field.getValue());
      }
    }
    return h.hash().asLong();
  }

  /**
   * Adds a text field, so that an absent value, an empty one and the next field stay apart. The
   * chars go in as they are: encoding each field to UTF-8 first made most of a filtered scan's
   * garbage.
   */
  private static void putText(Hasher h, String text) {
    if (text == null) {
      h.putInt(-1);
    } else {
      h.putInt(text.length()).putUnencodedChars(text);
    }
  }
}
