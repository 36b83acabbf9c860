package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.CordonException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.DefaultAwsResponseMetadata;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2ResponseMetadata;

/** The executor's lanes and the journal's concurrency, with steps that make no AWS call. */
class ExecutorTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T03:25:00Z"), ZoneOffset.UTC);

  @TempDir Path directory;

  /** A step that runs {@code action} and never needs the isDone check. */
  private record FakeStep(String name, List<String> predecessors, Consumer<Run> action) implements Step {
    @Override public String resource() {
      return "";
    }

    @Override public String description() {
      return "Run " + name;
    }

    @Override public boolean isDone(Run run) {
      return false;
    }

    @Override public boolean repeatable() {
      return true;
    }

    @Override public Map<String, String> apply(Run run) {
      action.accept(run);
      return Map.of();
    }

    @Override public Optional<List<String>> after() {
      return Optional.ofNullable(predecessors);
    }
  }

  private static FakeStep step(String name, List<String> after, Consumer<Run> action) {
    return new FakeStep(name, after, action);
  }

  private Run run(Journal journal) {
    Target target = new Target("i-0abc123def456", "running", "/dev/xvda", List.of(), List.of(), Map.of(), null, null, null);
    return new Run(new AwsClients(null, null, null, null, null, null, null, null), "incident-1", directory, CLOCK, journal, null,
        target, "operator", "123456789012", line -> {}, duration -> {}, CallHook.NONE);
  }

  private Journal journal() {
    return Journal.open(directory.resolve("journal.jsonl"), CLOCK);
  }

  private static List<JournalEntry> entries(Journal journal, JournalEntry.Event event) {
    return journal.entries().stream().filter(entry -> entry.event() == event).toList();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the other lane never reached the barrier", e);
    }
  }

  @Test
  void executor_independentLanes_runTogether() {
    Journal journal = journal();
    CyclicBarrier bothRunning = new CyclicBarrier(2);
    List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Step> steps = List.of(
        step("first", null, run -> order.add("first")),
        step("lane-a", List.of("first"), run -> {
          await(bothRunning);
          order.add("lane-a");
        }),
        step("lane-b", List.of("first"), run -> {
          await(bothRunning);
          order.add("lane-b");
        }),
        step("last", null, run -> order.add("last")));

    Outcome outcome = Executor.run(run(journal), steps);

    assertThat(order).as("both lanes met at the barrier, so they ran at once").hasSize(4);
    assertThat(order.get(0)).isEqualTo("first");
    assertThat(order.get(3)).as("a step that declares nothing waits for every step before it").isEqualTo("last");
    assertThat(outcome.changed()).containsExactlyInAnyOrder("first", "lane-a", "lane-b", "last");
    assertThat(outcome.journalCheck().intact()).isTrue();
  }

  @Test
  void executor_laneFailure_stopsNewSteps() {
    Journal journal = journal();
    CountDownLatch failed = new CountDownLatch(1);
    List<Step> steps = List.of(
        step("first", null, run -> { }),
        step("slow-lane", List.of("first"), run -> {
          try {
            assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }),
        step("failing-lane", List.of("first"), run -> {
          failed.countDown();
          throw new CordonException("Step failing-lane failed: broken on purpose.");
        }),
        step("after-slow", List.of("slow-lane"), run -> { }),
        step("quarantine-eni:eni-1", null, run -> { }));

    assertThatThrownBy(() -> Executor.run(run(journal), steps))
        .isInstanceOf(CordonException.class)
        .hasMessageContaining("broken on purpose")
        .hasMessageContaining("done [first, slow-lane]")
        .hasMessageContaining("not done [failing-lane, after-slow, quarantine-eni:eni-1]")
        .hasMessageContaining("The instance is NOT isolated yet.")
        .hasMessageContaining("failure of failing-lane");

    assertThat(entries(journal, JournalEntry.Event.DONE)).extracting(JournalEntry::step)
        .as("the running lane finished before the error was thrown").containsExactlyInAnyOrder("first", "slow-lane");
    assertThat(entries(journal, JournalEntry.Event.FAILED)).extracting(JournalEntry::step).containsExactly("failing-lane");
    assertThat(entries(journal, JournalEntry.Event.STARTED)).extracting(JournalEntry::step)
        .as("nothing started after the failure").doesNotContain("after-slow", "quarantine-eni:eni-1");
    assertThat(Journal.verify(journal.file()).intact()).isTrue();
  }

  @Test
  void executor_independentFailure_laterStepsRun() {
    Journal journal = journal();
    List<Step> steps = List.of(
        step("first", null, run -> { }),
        new IndependentStep(step("capture", null, run -> {
          throw new CordonException("capture failed on purpose");
        })),
        step("snapshot", null, run -> { }),
        new NeedsCapture(step("stop", null, run -> { })),
        step("last", null, run -> { }));

    assertThatThrownBy(() -> Executor.run(run(journal), steps))
        .isInstanceOf(CordonException.class)
        .hasMessageContaining("capture failed on purpose")
        .hasMessageContaining("done [first, snapshot, last]")
        .hasMessageContaining("not done [capture, stop]");

    assertThat(entries(journal, JournalEntry.Event.DONE)).extracting(JournalEntry::step)
        .containsExactly("first", "snapshot", "last");
    assertThat(entries(journal, JournalEntry.Event.STARTED)).extracting(JournalEntry::step).doesNotContain("stop");
  }

  /**
   * A step with the name, texts and action of {@code step}, whose other traits are the defaults of
   * {@link Step}. Subclasses change one of them.
   */
  private abstract static class WrappedStep implements Step {
    private final FakeStep step;

    WrappedStep(FakeStep step) {
      this.step = step;
    }

    @Override public String name() {
      return step.name();
    }

    @Override public String resource() {
      return step.resource();
    }

    @Override public String description() {
      return step.description();
    }

    @Override public boolean isDone(Run run) {
      return false;
    }

    @Override public Map<String, String> apply(Run run) {
      return step.apply(run);
    }
  }

  /** A step whose failure does not stop the plan. */
  private static final class IndependentStep extends WrappedStep {
    IndependentStep(FakeStep step) {
      super(step);
    }

    @Override public boolean failureStopsPlan() {
      return false;
    }
  }

  /** A step that starts only after {@code capture} succeeded. */
  private static final class NeedsCapture extends WrappedStep {
    NeedsCapture(FakeStep step) {
      super(step);
    }

    @Override public List<String> requiresSuccessOf() {
      return List.of("capture");
    }
  }

  @Test
  void executor_parallelSteps_keepTheirOwnRequestIds() {
    Journal journal = journal();
    CyclicBarrier interleave = new CyclicBarrier(2);
    List<Step> steps = List.of(
        step("lane-a", List.of(), run -> twoChanges(run, "a", interleave)),
        step("lane-b", List.of(), run -> twoChanges(run, "b", interleave)));

    Executor.run(run(journal), steps);

    assertThat(entries(journal, JournalEntry.Event.DONE))
        .extracting(JournalEntry::step, JournalEntry::requestId)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("lane-a", "a-1,a-2"),
            org.assertj.core.groups.Tuple.tuple("lane-b", "b-1,b-2"));
  }

  /** Makes two changes, meeting the other lane between them so their calls interleave. */
  private static void twoChanges(Run run, String lane, CyclicBarrier interleave) {
    run.change("CreateTags", "i-0abc123def456", () -> response(lane + "-1"));
    await(interleave);
    run.change("CreateTags", "i-0abc123def456", () -> response(lane + "-2"));
    await(interleave);
  }

  private static CreateTagsResponse response(String requestId) {
    return (CreateTagsResponse) CreateTagsResponse.builder()
        .responseMetadata(Ec2ResponseMetadata.create(DefaultAwsResponseMetadata.create(Map.of("AWS_REQUEST_ID", requestId))))
        .build();
  }

  @Test
  void executor_journaledDoneSteps_unlockTheirLanes() {
    Journal journal = journal();
    List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Step> steps = List.of(
        step("first", null, run -> ran.add("first")),
        step("lane", List.of("first"), run -> ran.add("lane")));
    Executor.run(run(journal), List.of(steps.get(0)));

    Outcome resumed = Executor.run(run(journal), steps);

    assertThat(ran).containsExactly("first", "lane");
    assertThat(resumed.alreadyDone()).containsExactly("first");
  }

  @Test
  void executor_predecessorNotPlannedBefore_rejected() {
    List<Step> steps = List.of(
        step("early", List.of("late"), run -> { }),
        step("late", null, run -> { }));

    assertThatThrownBy(() -> Executor.predecessors(steps))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Step early waits for late, which is not planned before it");
  }

  @Test
  void executor_defaultOrder_waitsForEveryEarlierStep() {
    List<Step> steps = List.of(
        step("a", null, run -> { }),
        step("b", List.of(), run -> { }),
        step("c", null, run -> { }));

    Map<String, List<String>> predecessors = Executor.predecessors(steps);

    assertThat(predecessors.get("a")).isEmpty();
    assertThat(predecessors.get("b")).isEmpty();
    assertThat(predecessors.get("c")).containsExactly("a", "b");
  }

  @Test
  void journal_parallelAppends_keepChainLinear() throws Exception {
    Journal journal = journal();
    int threads = 8;
    int appendsPerThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int thread = 0; thread < threads; thread++) {
        String step = "step-" + thread;
        writers.add(pool.submit(() -> {
          for (int i = 0; i < appendsPerThread; i++) {
            journal.append(JournalEntry.Event.STARTED, step, "resource", null, null, null, null);
          }
        }));
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
    } finally {
      pool.shutdownNow();
    }

    Journal.ChainCheck check = Journal.verify(journal.file());
    assertThat(check.intact()).as(String.valueOf(check.problem())).isTrue();
    assertThat(check.validEntries()).isEqualTo(8 * 40);
    assertThat(Journal.read(journal.file())).extracting(JournalEntry::sequence)
        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 320).boxed().toList());
  }

  @Test
  void plan_render_marksLanes() {
    List<Plan.PlannedStep> steps = List.of(
        new Plan.PlannedStep("record-state", "incident directory", "Record the state", true, null),
        new Plan.PlannedStep("protect-termination", "i-1", "Turn termination protection on", false, List.of("record-state")),
        new Plan.PlannedStep("verify-isolation", "i-1", "Check the changes", false, null));
    Plan plan = new Plan("incident-1", "i-1", CompromiseRole.UNKNOWN, "operator", steps, List.of(), null, List.of(),
        new RunLocks());

    assertThat(plan.render())
        .contains("  1. [done]   Record the state\n")
        .contains("  2.          Turn termination protection on (after 1)\n")
        .contains("  3.          Check the changes\n")
        .contains("A step marked (after ...) starts once those steps are done");
  }
}
