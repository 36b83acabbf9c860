package dev.cordon.core.network;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Joins flow-log records into connections. Records are held per 5-tuple until the input has moved
 * {@code reorderToleranceSeconds} past them, so records that arrive out of order across files are
 * still joined in time order; a connection is closed and handed on once no record can continue it.
 * Memory is bounded by the 5-tuples active within the tolerance, not by the input, and at most
 * {@link #MAX_OPEN_TUPLES}: past that, rejected attempts are closed at once and, if that is not
 * enough, every connection is, at the cost of splitting a connection whose records come later.
 */
final class ConnectionStitcher {
  private static final long FLUSH_STEP_SECONDS = 60;

  /**
   * 5-tuples held at once before connections are closed early. A scanner's single-record attempts
   * fill this; ordinary hosts hold a few thousand within the default 1800 s tolerance.
   */
  static final int MAX_OPEN_TUPLES = 100_000;

  private final long gapSeconds;
  private final long toleranceSeconds;
  private final Consumer<Connection> sink;
  private final Map<Piece.TupleKey, TupleState> tuples = new HashMap<>();
  private long watermark = Long.MIN_VALUE;
  private long lastFlush = Long.MIN_VALUE;
  private long closedEarly;

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
    if (tuples.size() > MAX_OPEN_TUPLES) {
      closeEarly();
    }
  }

  /** Returns the connections closed before the tolerance ran out, to bound memory. */
  long closedEarly() {
    return closedEarly;
  }

  /**
   * Closes rejected attempts first, because another record rarely continues them. When more than
   * half the cap is still tracked, it closes every open connection too. Tuples with records still
   * waiting in the reorder window stay, so the map usually, not always, falls below half the cap.
   */
  private void closeEarly() {
    closeWhere(state -> state.open != null && !state.open.key.accepted());
    if (tuples.size() > MAX_OPEN_TUPLES / 2) {
      closeWhere(state -> true);
    }
  }

  private void closeWhere(Predicate<TupleState> selected) {
    Iterator<TupleState> states = tuples.values().iterator();
    while (states.hasNext()) {
      TupleState state = states.next();
      state.advance(watermark);
      if (state.open != null && selected.test(state)) {
        sink.accept(state.open);
        state.open = null;
        closedEarly++;
      }
      if (state.open == null && state.pending.isEmpty()) {
        states.remove();
      }
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
