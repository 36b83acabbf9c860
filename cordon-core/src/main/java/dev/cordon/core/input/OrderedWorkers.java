package dev.cordon.core.input;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Runs tasks on a bounded pool of worker threads and hands their output to the calling thread in
 * task order, so a single-threaded consumer sees exactly what a sequential run would give. Each
 * task writes its output as actions (deliver a record, count a skip); the caller runs a task's
 * actions only after every action of the tasks before it. Memory stays bounded: at most twice
 * as many tasks as threads are started ahead of the one being drained, and each queues at most
 * {@value #QUEUED_BATCHES} batches of {@value #BATCH} actions before it waits.
 */
public final class OrderedWorkers {
  private static final int BATCH = 256;
  private static final int QUEUED_BATCHES = 8;
  private static final List<Runnable> END = List.of();

  /** Work whose output goes through {@code out}; actions run on the caller's thread, in order. */
  @FunctionalInterface
  public interface Task {
    void run(Executor out);
  }

  private OrderedWorkers() {}

  /** Returns the worker count for scans: the available processors. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Runs every task and every action they output; with one thread or one task, runs them on the
   * calling thread. An exception thrown by a task is thrown here when its turn comes.
   */
  public static void run(List<? extends Task> tasks, int threads) {
    if (threads <= 1 || tasks.size() <= 1) {
      for (Task task : tasks) {
        task.run(Runnable::run);
      }
      return;
    }

    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "cordon-scan");
      thread.setDaemon(true);
      return thread;
    });
    try {
      int ahead = threads * 2;
      List<Channel> channels = new ArrayList<>(tasks.size());
      for (int i = 0; i < tasks.size(); i++) {
        channels.add(new Channel());
      }
      for (int i = 0; i < Math.min(ahead, tasks.size()); i++) {
        start(pool, tasks.get(i), channels.get(i));
      }
      for (int i = 0; i < tasks.size(); i++) {
        channels.get(i).drain();
        channels.set(i, null);
        if (i + ahead < tasks.size()) {
          start(pool, tasks.get(i + ahead), channels.get(i + ahead));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void start(ExecutorService pool, Task task, Channel channel) {
    pool.execute(() -> {
      try {
        task.run(channel::add);
      } catch (RuntimeException | Error e) {
        channel.failure = e;
      } finally {
        channel.finish();
      }
    });
  }

  /** The output of one task: batches of actions, then {@link #END}. */
  private static final class Channel {
    private final BlockingQueue<List<Runnable>> batches = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private List<Runnable> batch = new ArrayList<>(BATCH);
    private volatile Throwable failure;

    void add(Runnable action) {
      batch.add(action);
      if (batch.size() == BATCH) {
        put(batch);
        batch = new ArrayList<>(BATCH);
      }
    }

    void finish() {
      if (!batch.isEmpty()) {
        put(batch);
      }
      put(END);
    }

    void drain() {
      while (true) {
        List<Runnable> next;
        try {
          next = batches.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a scan worker", e);
        }
        if (next == END) {
          break;
        }
        next.forEach(Runnable::run);
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof Error error) {
        throw error;
      }
    }

    private void put(List<Runnable> actions) {
      try {
        batches.put(actions);
      } catch (InterruptedException e) {
        // The caller stopped draining (its consumer failed), so the output is no longer wanted.
        Thread.currentThread().interrupt();
        throw new IllegalStateException("scan cancelled", e);
      }
    }
  }
}
