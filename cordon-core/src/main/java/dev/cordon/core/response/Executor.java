package dev.cordon.core.response;

import dev.cordon.core.CordonException;
import dev.cordon.core.aws.AwsException;
import dev.cordon.core.aws.AwsStateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs steps against the journal, each once its predecessors ({@link Step#after}) have finished,
 * so independent lanes run in parallel. A step the journal shows done is skipped without a call,
 * unless {@link Step#recheckedOnRerun} is true: such a step checks AWS again and runs again when
 * its result is gone. Any other step first checks AWS, so a crash between a call and its journal
 * entry is not repeated.
 *
 * <p>The first failure is journaled and stops the plan: no step starts after it, the steps already
 * running are waited for, and the error then reports which steps are done and whether the
 * instance is isolated. A step whose {@link Step#failureStopsPlan} is false fails without stopping
 * the plan: only the steps that require its success are left out, and its failure is thrown once
 * the other steps have run.
 */
final class Executor {
  private static final Logger log = LoggerFactory.getLogger(Executor.class);

  /**
   * Maximum steps running at once. Once the original state is recorded, the seed incident's plan
   * starts eight: four protections, two out-of-service steps and two groups.
   */
  static final int MAX_PARALLEL_STEPS = 8;

  private Executor() {}

  static Map<String, JournalEntry> latest(Journal journal) {
    Map<String, JournalEntry> latest = new LinkedHashMap<>();
    journal.entries().forEach(entry -> latest.put(entry.step(), entry));
    return latest;
  }

  static Outcome run(Run run, List<Step> steps) {
    Map<String, List<String>> predecessors = predecessors(steps);
    Journal journal = run.journal;
    Map<String, JournalEntry> latest = latest(journal);
    journal.appendPlanned(steps.stream().filter(step -> !latest.containsKey(step.name()))
        .map(step -> new Journal.PlannedStep(step.name(), resource(run, step), step.description())).toList());

    ExecutorService pool = Executors.newFixedThreadPool(MAX_PARALLEL_STEPS, new StepThreads());
    try {
      Schedule schedule = new Schedule(run, steps, predecessors, latest, pool);
      schedule.runAll();
      return new Outcome(run.incidentId, schedule.changed, schedule.alreadyDone, List.copyOf(schedule.redone),
          Journal.verify(journal.file()));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Returns each step's predecessors by name: those it names, or every step listed before it.
   *
   * @throws IllegalStateException when a name is planned twice or a step waits for one not listed
   *     before it, which would leave the step waiting forever
   */
  static Map<String, List<String>> predecessors(List<Step> steps) {
    Map<String, List<String>> predecessors = new HashMap<>();
    List<String> earlier = new ArrayList<>();
    for (Step step : steps) {
      List<String> names = step.after().orElse(List.copyOf(earlier));
      for (String name : names) {
        if (!earlier.contains(name)) {
          throw new IllegalStateException("Step " + step.name() + " waits for " + name
              + ", which is not planned before it");
        }
      }
      if (predecessors.put(step.name(), names) != null) {
        throw new IllegalStateException("Step " + step.name() + " is planned twice");
      }
      earlier.add(step.name());
    }
    return predecessors;
  }

  /** One execution of a plan: which steps finished, which run, and the first failure. */
  private static final class Schedule {
    private final Run run;
    private final List<Step> steps;
    private final Map<String, List<String>> predecessors;
    private final Map<String, JournalEntry> latest;
    private final CompletionService<Finished> completion;
    private final List<Step> waiting;
    /** Steps done, so their successors may start. */
    private final Set<String> finished = new LinkedHashSet<>();
    /** Steps that failed without stopping the plan, or were left out because such a step failed. */
    private final Set<String> settled = new LinkedHashSet<>();
    private final List<String> failedSteps = new ArrayList<>();
    private final List<Throwable> deferred = new ArrayList<>();
    final List<String> changed = Collections.synchronizedList(new ArrayList<>());
    final List<String> alreadyDone = Collections.synchronizedList(new ArrayList<>());
    /** Steps the journal showed done whose result AWS no longer showed, so they ran again. */
    final List<String> redone = Collections.synchronizedList(new ArrayList<>());
    private int running;
    private Throwable failure;

    Schedule(Run run, List<Step> steps, Map<String, List<String>> predecessors,
        Map<String, JournalEntry> latest, ExecutorService pool) {
      this.run = run;
      this.steps = steps;
      this.predecessors = predecessors;
      this.latest = latest;
      this.completion = new ExecutorCompletionService<>(pool);
      this.waiting = new ArrayList<>(steps);
    }

    /** Starts every ready step, collects each as it finishes, and throws the first failure. */
    void runAll() {
      boolean interrupted = false;
      while (true) {
        if (failure == null) {
          startReady();
        }
        if (running == 0) {
          break;
        }
        try {
          collect(completion.take());
        } catch (InterruptedException e) {
          interrupted = true;
          fail(null, new CordonException("Interrupted while steps were running; the running steps were"
              + " finished and no new step started. Run the same command again to resume."));
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure == null && !deferred.isEmpty()) {
        failure = deferred.get(0);
        deferred.subList(1, deferred.size()).forEach(failure::addSuppressed);
      }
      if (failure != null) {
        throw withStateReport(failure);
      }
      if (!waiting.isEmpty()) {
        throw new IllegalStateException("Steps " + waiting.stream().map(Step::name).toList() + " never became ready");
      }
    }

    /** Starts the waiting steps whose predecessors have all finished, in plan order. */
    private void startReady() {
      Iterator<Step> candidates = waiting.iterator();
      while (candidates.hasNext()) {
        Step step = candidates.next();
        if (!predecessors.get(step.name()).stream().allMatch(name -> finished.contains(name) || settled.contains(name))) {
          continue;
        }
        candidates.remove();
        List<String> failedRequirements = step.requiresSuccessOf().stream().filter(settled::contains).toList();
        if (!failedRequirements.isEmpty()) {
          log.warn("Step {} not started because {} did not succeed", step.name(), failedRequirements);
          settled.add(step.name());
          continue;
        }
        JournalEntry last = latest.get(step.name());
        if (last != null && last.completes() && step.recheckedOnRerun()) {
          completion.submit(() -> recheck(step));
          running++;
          continue;
        }
        if (last != null && last.completes()) {
          alreadyDone.add(step.name());
          finished.add(step.name());
          continue;
        }
        boolean attempted = last != null && last.event() != JournalEntry.Event.PLANNED;
        boolean check = attempted || !step.repeatable();
        completion.submit(() -> attempt(step, check));
        running++;
      }
    }

    private Finished attempt(Step step, boolean check) {
      try {
        runStep(run.forStep(step.name()), step, check, changed, alreadyDone);
        return new Finished(step, null);
      } catch (RuntimeException | Error e) {
        return new Finished(step, e);
      }
    }

    /**
     * Checks a step the journal shows done against AWS and runs it again when its result is gone.
     * A check that finds the result journals nothing, so a re-run of a contained instance leaves
     * the journal as it was.
     */
    private Finished recheck(Step step) {
      try {
        Run stepRun = run.forStep(step.name());
        if (step.isDone(stepRun)) {
          alreadyDone.add(step.name());
          return new Finished(step, null);
        }
        log.warn("Step {} is journaled as done, but AWS no longer shows its result on {}, so it runs again",
            step.name(), resource(run, step));
        runStep(stepRun, step, false, changed, alreadyDone);
        redone.add(step.name());
        return new Finished(step, null);
      } catch (RuntimeException | Error e) {
        return new Finished(step, e);
      }
    }

    private void collect(Future<Finished> future) {
      running--;
      Finished result;
      try {
        result = future.get();
      } catch (InterruptedException | ExecutionException e) {
        throw new IllegalStateException("A step's future ended without a result", e);
      }
      if (result.failure() == null) {
        finished.add(result.step().name());
      } else if (!result.step().failureStopsPlan() && !(result.failure() instanceof Error)) {
        failedSteps.add(result.step().name());
        settled.add(result.step().name());
        deferred.add(result.failure());
      } else {
        fail(result.step(), result.failure());
      }
    }

    private void fail(Step step, Throwable cause) {
      if (step != null) {
        failedSteps.add(step.name());
      }
      if (failure == null) {
        failure = cause;
      } else if (failure != cause) {
        failure.addSuppressed(cause);
      }
    }

    /** Returns the failure with the state report appended. A crash or a bug passes unchanged. */
    private RuntimeException withStateReport(Throwable cause) {
      if (cause instanceof Error error) {
        throw error;
      }
      if (!(cause instanceof CordonException failed)) {
        return (RuntimeException) cause;
      }
      List<String> lines = new ArrayList<>(failed.lines());
      lines.add(stateReport(run, failedSteps, steps, List.copyOf(finished)));
      RuntimeException reported;
      if (failed instanceof AwsException e) {
        reported = new AwsException(lines, e.step(), e.resource(), e.errorCode(), e.requestId(), e);
      } else if (failed instanceof AwsStateException e) {
        reported = new AwsStateException(lines, e);
      } else {
        reported = new CordonException(lines, failed);
      }
      for (Throwable other : cause.getSuppressed()) {
        reported.addSuppressed(other);
      }
      return reported;
    }
  }

  /** A step that ran, with what it threw or null. */
  private record Finished(Step step, Throwable failure) {}

  /** Journals one step's start and its end: skipped, done or failed. Runs on a pool thread. */
  private static void runStep(Run run, Step step, boolean check, List<String> changed, List<String> alreadyDone) {
    String resource = resource(run, step);
    run.journal.append(JournalEntry.Event.STARTED, step.name(), resource, null, null, null, null);
    try {
      if (check && step.isDone(run)) {
        run.journal.append(JournalEntry.Event.SKIPPED, step.name(), resource, null, null, "already done in AWS",
            step.doneData());
        alreadyDone.add(step.name());
        return;
      }
      Map<String, String> data = step.apply(run);
      run.journal.append(JournalEntry.Event.DONE, step.name(), resource, run.requestIds(), null, null, data);
      changed.add(step.name());
      run.progress.accept("done  " + step.description());
    } catch (AwsException e) {
      run.journal.append(JournalEntry.Event.FAILED, step.name(), resource, e.requestId(), e.errorCode(), e.getMessage(), null);
      log.error("Step {} failed on {} with {}{}", step.name(), resource, e.errorCode(),
          e.requestId() == null ? "" : " (request " + e.requestId() + ")");
      throw e;
    } catch (CordonException e) {
      run.journal.append(JournalEntry.Event.FAILED, step.name(), resource, null, null, e.getMessage(), null);
      log.error("Step {} failed on {}: {}", step.name(), resource, e.getMessage());
      throw e;
    }
  }

  static String resource(Run run, Step step) {
    return step.resource().isEmpty() ? run.target.instanceId() : step.resource();
  }

  /**
   * Describes in one line what is in place and what is not, and what to do next, for contain or
   * for release.
   */
  private static String stateReport(Run run, List<String> failed, List<Step> steps, List<String> finished) {
    List<String> done = steps.stream().map(Step::name).filter(finished::contains).toList();
    List<String> pending = steps.stream().map(Step::name).filter(name -> !finished.contains(name)).toList();
    boolean isolated = finished.stream().anyMatch(name -> name.startsWith("quarantine-eni:"))
        && steps.stream().filter(step -> step.name().startsWith("quarantine-eni:"))
            .allMatch(step -> finished.contains(step.name()));
    String cause = failed.isEmpty() ? "the interruption" : "the failure of " + String.join(" and ", failed);
    if (RestoreSteps.releases(steps)) {
      return "Release of " + run.target.instanceId() + ": restored " + done
          + "; not restored " + pending + ". Fix the cause of " + cause + " and run 'cordon release "
          + run.incidentId + "' again; it resumes from that step and repeats nothing.";
    }
    return "State of " + run.target.instanceId() + ": done " + done
        + "; not done " + pending + ". "
        + (isolated ? "Every ENI is on the quarantine group. " : "The instance is NOT isolated yet. ")
        + "Fix the cause of " + cause + " and run the same command again to"
        + " resume from that step, or run 'cordon release " + run.incidentId + "' to undo what was done.";
  }

  /** Daemon threads named after the executor, so a stuck step cannot keep the JVM alive. */
  private static final class StepThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "cordon-step-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
