package dev.cordon.core.network;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Joins flow-log records into connections. Records are held per 5-tuple until the input has moved
 * {@code reorderToleranceSeconds} past them, so records that arrive out of order across files are
 * still joined in time order; a connection is closed and handed on once no record can continue it.
 * Memory is bounded by the 5-tuples active within the tolerance, not by the input.
 */
final class ConnectionStitcher {
  private static final long FLUSH_STEP_SECONDS = 60;

  private final long gapSeconds;
  private final long toleranceSeconds;
  private final Consumer<Connection> sink;
  private final Map<Piece.TupleKey, TupleState> tuples = new HashMap<>();
  private long watermark = Long.MIN_VALUE;
  private long lastFlush = Long.MIN_VALUE;

  ConnectionStitcher(long gapSeconds, long toleranceSeconds, Consumer<Connection> sink) {
    this.gapSeconds = gapSeconds;
    this.toleranceSeconds = toleranceSeconds;
    this.sink = sink;
  }

  void add(Piece piece) {
    tuples.computeIfAbsent(piece.tuple(), key -> new TupleState()).pending.add(piece);
    watermark = Math.max(watermark, piece.start());
    if (lastFlush == Long.MIN_VALUE) {
      lastFlush = watermark;
    }
    if (watermark - lastFlush >= FLUSH_STEP_SECONDS) {
      flush(watermark - toleranceSeconds);
      lastFlush = watermark;
    }
  }

  /** Closes every connection; call once after the last record. */
  void finish() {
    flush(Long.MAX_VALUE);
  }

  private void flush(long horizon) {
    Iterator<TupleState> states = tuples.values().iterator();
    while (states.hasNext()) {
      TupleState state = states.next();
      state.advance(horizon);
      if (state.open == null && state.pending.isEmpty()) {
        states.remove();
      }
    }
  }

  private final class TupleState {
    final List<Piece> pending = new ArrayList<>(2);
    Connection open;

    void advance(long horizon) {
      pending.sort(Comparator.comparingLong(Piece::start));
      int used = 0;
      for (Piece piece : pending) {
        if (piece.start() > horizon) {
          break;
        }
        join(piece);
        used++;
      }
      pending.subList(0, used).clear();

      boolean nothingCanContinue = horizon == Long.MAX_VALUE
          || (open != null && open.end + gapSeconds < horizon && pending.isEmpty());
      if (open != null && nothingCanContinue) {
        sink.accept(open);
        open = null;
      }
    }

    private void join(Piece piece) {
      if (open != null && open.continuedBy(piece, gapSeconds)) {
        open.add(piece);
        return;
      }
      if (open != null) {
        sink.accept(open);
      }
      open = new Connection(piece);
    }
  }
}
