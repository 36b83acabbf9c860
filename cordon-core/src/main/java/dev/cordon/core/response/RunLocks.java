package dev.cordon.core.response;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The locks one contain or release run holds from planning to the end of its execution. They are
 * released in the reverse order of their acquisition.
 */
final class RunLocks implements AutoCloseable {
  private final Deque<RunLock> locks = new ArrayDeque<>();
  private boolean closed;

  /** Adds {@code lock}, which {@link #close} releases. */
  synchronized void add(RunLock lock) {
    if (closed) {
      lock.close();
      throw new IllegalStateException("Locks of this run were already released");
    }
    locks.push(lock);
  }

  /** Returns whether these locks are held: at least one was added and none was released yet. */
  synchronized boolean held() {
    return !closed && !locks.isEmpty();
  }

  /** Releases every lock, last acquired first. Closing again does nothing. */
  @Override public synchronized void close() {
    closed = true;
    while (!locks.isEmpty()) {
      locks.pop().close();
    }
  }
}
