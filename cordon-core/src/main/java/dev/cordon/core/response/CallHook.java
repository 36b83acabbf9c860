package dev.cordon.core.response;

/**
 * Called after every AWS call that changes something and before its step is journaled. Tests
 * throw from it to simulate a crash at that point; production code uses {@link #NONE}.
 */
@FunctionalInterface
public interface CallHook {
  CallHook NONE = (step, action) -> {};

  void afterChange(String step, String action);
}
