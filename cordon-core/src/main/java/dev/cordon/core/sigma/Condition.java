package dev.cordon.core.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A compiled detection condition, with selection names already resolved to selections. The
 * loops are indexed so that testing a record allocates no iterators.
 */
sealed interface Condition {

  boolean test(JsonNode record);

  record Ref(Selection selection) implements Condition {
    @Override
    public boolean test(JsonNode record) {
      return selection.test(record);
    }
  }

  record Not(Condition operand) implements Condition {
    @Override
    public boolean test(JsonNode record) {
      return !operand.test(record);
    }
  }

  /** {@code a and b}, and {@code all of pattern}. */
  record And(List<Condition> operands) implements Condition {
    @Override
    public boolean test(JsonNode record) {
      for (int i = 0; i < operands.size(); i++) {
        if (!operands.get(i).test(record)) {
          return false;
        }
      }
      return true;
    }
  }

  /** {@code a or b}, and {@code 1 of pattern}. */
  record Or(List<Condition> operands) implements Condition {
    @Override
    public boolean test(JsonNode record) {
      for (int i = 0; i < operands.size(); i++) {
        if (operands.get(i).test(record)) {
          return true;
        }
      }
      return false;
    }
  }
}
