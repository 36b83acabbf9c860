package dev.cordon.core.input;

import java.util.Set;
import java.util.function.Consumer;

/**
 * A stream of records that can be read more than once, for analyses that need a second pass (a
 * pivot on addresses flagged in the first pass, or principals discovered in later events).
 * Implementations count files, records and skips in {@link InputStats} on the first pass only.
 */
@FunctionalInterface
public interface RecordSource<T> {
  void scan(Consumer<? super T> sink);

  /**
   * Reads the records whose raw text contains any of {@code needles}, and possibly others: a
   * source may skip a record without any needle before parsing it, so the caller must still test
   * the parsed fields. An empty set reads every record. Sources without a faster path read
   * everything.
   */
  default void scan(Set<String> needles, Consumer<? super T> sink) {
    scan(sink);
  }
}
