package dev.cordon.core.response;

import dev.cordon.core.CordonException;
import dev.cordon.core.aws.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs steps in order against the journal. A step the journal shows done is skipped without a
 * call. Any other step first checks AWS, so a crash between a call and its journal entry is not
 * repeated. The first failure is journaled and stops the plan.
 */
final class Executor {
  private static final Logger log = LoggerFactory.getLogger(Executor.class);

  private Executor() {}

  static Map<String, JournalEntry> latest(Journal journal) {
    Map<String, JournalEntry> latest = new LinkedHashMap<>();
    journal.entries().forEach(entry -> latest.put(entry.step(), entry));
    return latest;
  }

  static Outcome run(Run run, List<Step> steps) {
    Journal journal = run.journal;
    Map<String, JournalEntry> latest = latest(journal);
    for (Step step : steps) {
      if (!latest.containsKey(step.name())) {
        journal.append(JournalEntry.Event.PLANNED, step.name(), resource(run, step), null, null, step.description(), null);
      }
    }
    List<String> changed = new ArrayList<>();
    List<String> alreadyDone = new ArrayList<>();
    List<String> finished = new ArrayList<>();
    for (Step step : steps) {
      JournalEntry last = latest.get(step.name());
      if (last != null && last.completes()) {
        alreadyDone.add(step.name());
        finished.add(step.name());
        continue;
      }
      boolean attempted = last != null && last.event() != JournalEntry.Event.PLANNED;
      runStep(run, step, attempted || !step.repeatable(), steps, finished, changed, alreadyDone);
      finished.add(step.name());
    }
    return new Outcome(run.incidentId, changed, alreadyDone, Journal.verify(journal.file()));
  }

  private static void runStep(Run run, Step step, boolean check, List<Step> steps, List<String> finished,
      List<String> changed, List<String> alreadyDone) {
    String resource = resource(run, step);
    run.beginStep(step.name());
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
      log.error("Step {} failed on {} with {} (request {})", step.name(), resource, e.errorCode(), e.requestId());
      throw new AwsException(e.getMessage() + stateReport(run, step, steps, finished), e.step(), e.resource(),
          e.errorCode(), e.requestId(), e);
    } catch (CordonException e) {
      run.journal.append(JournalEntry.Event.FAILED, step.name(), resource, null, null, e.getMessage(), null);
      log.error("Step {} failed on {}: {}", step.name(), resource, e.getMessage());
      throw new CordonException(e.getMessage() + stateReport(run, step, steps, finished), e);
    }
  }

  static String resource(Run run, Step step) {
    return step.resource().isEmpty() ? run.target.instanceId() : step.resource();
  }

  /** Describes what is in place and what is not, and what to do next. */
  private static String stateReport(Run run, Step failed, List<Step> steps, List<String> finished) {
    List<String> pending = steps.stream().map(Step::name).filter(name -> !finished.contains(name)).toList();
    boolean isolated = finished.stream().anyMatch(name -> name.startsWith("quarantine-eni:"))
        && steps.stream().filter(step -> step.name().startsWith("quarantine-eni:"))
            .allMatch(step -> finished.contains(step.name()));
    return System.lineSeparator() + "State of " + run.target.instanceId() + ": done " + finished
        + "; not done " + pending + ". "
        + (isolated ? "Every ENI is on the quarantine group. " : "The instance is NOT isolated yet. ")
        + "Fix the cause of the failure of " + failed.name() + " and run the same command again to"
        + " resume from that step, or run 'cordon release " + run.incidentId + "' to undo what was done.";
  }
}
