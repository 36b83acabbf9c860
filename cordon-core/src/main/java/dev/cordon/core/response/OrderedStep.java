package dev.cordon.core.response;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A step with its predecessors named, so the executor may run it beside other steps. */
record OrderedStep(Step step, List<String> predecessors) implements Step {
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
    return step.isDone(run);
  }

  @Override public Map<String, String> apply(Run run) {
    return step.apply(run);
  }

  @Override public boolean repeatable() {
    return step.repeatable();
  }

  @Override public boolean recheckedOnRerun() {
    return step.recheckedOnRerun();
  }

  @Override public Map<String, String> doneData() {
    return step.doneData();
  }

  @Override public boolean failureStopsPlan() {
    return step.failureStopsPlan();
  }

  @Override public List<String> requiresSuccessOf() {
    return step.requiresSuccessOf();
  }

  @Override public Optional<List<String>> after() {
    return Optional.of(predecessors);
  }
}
