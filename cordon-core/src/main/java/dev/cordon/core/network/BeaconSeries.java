package dev.cordon.core.network;

import java.util.Arrays;

/**
 * Start times and originator bytes of the connections the suspect opened to one (remote address,
 * remote port), kept for beacon scoring, up to a cap per pair.
 */
final class BeaconSeries {
  /** The suspect's address, the remote address and port. */
  record Key(String local, String remote, int remotePort) {}

  final Key key;
  // Most pairs see one or two connections (a scanner's targets), so the arrays start small.
  private long[] starts = new long[2];
  private long[] bytesOut = new long[2];
  private int size;
  long dropped;
  long rejected;
  int protocol = -1;
  String awsService;

  BeaconSeries(Key key) {
    this.key = key;
  }

  void add(Connection connection, int cap) {
    if (size == cap) {
      dropped++;
      return;
    }
    if (size == starts.length) {
      int grown = (int) Math.min((long) size * 2, cap);
      starts = Arrays.copyOf(starts, grown);
      bytesOut = Arrays.copyOf(bytesOut, grown);
    }
    starts[size] = connection.start;
    bytesOut[size] = connection.bytesOut();
    size++;
    if (!connection.key.accepted()) {
      rejected++;
    }
    protocol = connection.key.protocol();
    if (awsService == null) {
      awsService = connection.awsService;
    }
  }

  int size() {
    return size;
  }

  /** Returns {starts, bytes} of the connections starting within [from, to], sorted by start. */
  long[][] within(long from, long to) {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(starts[a], starts[b]));
    long[] selectedStarts = new long[size];
    long[] selectedBytes = new long[size];
    int count = 0;
    for (int index : order) {
      if (starts[index] >= from && starts[index] <= to) {
        selectedStarts[count] = starts[index];
        selectedBytes[count] = bytesOut[index];
        count++;
      }
    }
    return new long[][] {
        Arrays.copyOf(selectedStarts, count), Arrays.copyOf(selectedBytes, count)};
  }

  long maxStart() {
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, starts[i]);
    }
    return max;
  }

  long minStart() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, starts[i]);
    }
    return min;
  }
}
