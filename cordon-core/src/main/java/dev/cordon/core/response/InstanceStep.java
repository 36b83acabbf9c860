package dev.cordon.core.response;

/**
 * A step that acts on the target instance itself. Its {@link #resource()} is empty, which the
 * executor journals as the instance ID ({@link Executor#resource}). {@link #isDone} stays
 * abstract, because a step that forgot its check would repeat its AWS calls on every re-run.
 */
abstract class InstanceStep implements Step {
  @Override public final String resource() {
    return "";
  }
}
