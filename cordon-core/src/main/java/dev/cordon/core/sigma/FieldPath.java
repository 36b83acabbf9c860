package dev.cordon.core.sigma;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A dotted field name such as {@code userIdentity.sessionContext.sessionIssuer.arn}, split once
 * so that resolving it walks the record without allocating. A record that has the whole dotted
 * name as one key (some log pipelines flatten records) is read by that key first.
 */
final class FieldPath {
  private final String name;
  private final String[] parts;

  FieldPath(String name) {
    this.name = name;
    this.parts = name.split("\\.", -1);
  }

  String name() {
    return name;
  }

  /** Returns the node at this path, or null when any step is missing. */
  JsonNode resolve(JsonNode record) {
    if (record == null) {
      return null;
    }
    if (parts.length > 1) {
      JsonNode flat = record.get(name);
      if (flat != null) {
        return flat;
      }
    }
    JsonNode node = record;
    for (String part : parts) {
      node = node.get(part);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  @Override
  public String toString() {
    return name;
  }
}
