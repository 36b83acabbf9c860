package dev.cordon.core.input;

import java.util.function.Consumer;

/**
 * A stream of records that can be read more than once, for analyses that need a second pass (a
 * pivot on addresses flagged in the first pass, or principals discovered in later events).
 * Implementations count files, records and skips in {@link InputStats} on the first pass only.
 */
@FunctionalInterface
public interface RecordSource<T> {
  void scan(Consumer<? super T> sink);
}
