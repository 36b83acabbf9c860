package dev.cordon.core.finding;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent a finding is, in the four levels the JSON schema names. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
