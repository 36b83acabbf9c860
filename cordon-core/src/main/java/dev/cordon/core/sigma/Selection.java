package dev.cordon.core.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A named search identifier of a rule's {@code detection}: a map of fields that must all match,
 * or a list of such maps of which one must match.
 *
 * @param name the identifier the condition refers to
 * @param alternatives the maps; each is a list of field matches that must all hold
 */
record Selection(String name, List<List<FieldMatch>> alternatives) {

  boolean test(JsonNode record) {
    for (int i = 0; i < alternatives.size(); i++) {
      if (allMatch(alternatives.get(i), record)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allMatch(List<FieldMatch> fields, JsonNode record) {
    for (int i = 0; i < fields.size(); i++) {
      if (!fields.get(i).test(record)) {
        return false;
      }
    }
    return true;
  }
}
