package dev.cordon.core.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One {@code field|modifiers: values} entry of a selection. The field matches when any value
 * matches, or every value with the {@code all} modifier.
 *
 * @param path the field
 * @param modifiers the modifiers as written, for notes and tests
 * @param values the values as written in the rule (null for Sigma's null), for notes and tests
 * @param matchers the compiled values, in the same order
 * @param all whether every value must match
 */
record FieldMatch(FieldPath path, List<String> modifiers, List<String> values,
    List<ValueMatcher> matchers, boolean all) {

  boolean test(JsonNode record) {
    JsonNode node = path.resolve(record);
    // Indexed loops, because an iterator per field would allocate on every event.
    int count = matchers.size();
    if (all) {
      for (int i = 0; i < count; i++) {
        if (!matchers.get(i).test(node, record)) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < count; i++) {
      if (matchers.get(i).test(node, record)) {
        return true;
      }
    }
    return false;
  }
}
