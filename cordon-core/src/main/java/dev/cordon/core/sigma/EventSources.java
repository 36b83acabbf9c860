package dev.cordon.core.sigma;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the {@code eventSource} values a condition requires, so that a rule can skip records of
 * other services with one lookup. The result is conservative: null whenever a record of some
 * other service could still match.
 */
final class EventSources {
  private static final String FIELD = "eventSource";

  private EventSources() {}

  /** Returns the required event sources in lower case, or null when any may match. */
  static Set<String> required(Condition condition) {
    Set<String> sources = requiredAnyCase(condition);
    if (sources == null) {
      return null;
    }
    Set<String> lower = new HashSet<>();
    sources.forEach(source -> lower.add(source.toLowerCase(Locale.ROOT)));
    return Set.copyOf(lower);
  }

  /**
   * Returns whether {@code source} is in the lower-case set, ignoring case. CloudTrail writes event
   * sources in lower case, so the exact lookup nearly always decides and allocates nothing.
   */
  static boolean contains(Set<String> lowerCaseSources, String source) {
    if (lowerCaseSources.contains(source)) {
      return true;
    }
    for (int i = 0; i < source.length(); i++) {
      if (Character.isUpperCase(source.charAt(i))) {
        return lowerCaseSources.contains(source.toLowerCase(Locale.ROOT));
      }
    }
    return false;
  }

  private static Set<String> requiredAnyCase(Condition condition) {
    if (condition instanceof Condition.Ref ref) {
      return fromSelection(ref.selection());
    }
    if (condition instanceof Condition.And and) {
      // Every operand must hold, so any operand that requires sources bounds the whole.
      for (Condition operand : and.operands()) {
        Set<String> sources = requiredAnyCase(operand);
        if (sources != null) {
          return sources;
        }
      }
      return null;
    }
    if (condition instanceof Condition.Or or) {
      Set<String> union = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      for (Condition operand : or.operands()) {
        Set<String> sources = requiredAnyCase(operand);
        if (sources == null) {
          return null;
        }
        union.addAll(sources);
      }
      return union;
    }
    return null;
  }

  /** Returns the sources when every alternative of the selection compares eventSource exactly. */
  private static Set<String> fromSelection(Selection selection) {
    Set<String> union = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (List<FieldMatch> fields : selection.alternatives()) {
      Set<String> sources = fromFields(fields);
      if (sources == null) {
        return null;
      }
      union.addAll(sources);
    }
    return union;
  }

  private static Set<String> fromFields(List<FieldMatch> fields) {
    for (FieldMatch field : fields) {
      if (field.path().name().equals(FIELD) && field.modifiers().isEmpty() && isExact(field)) {
        return Set.copyOf(field.values());
      }
    }
    return null;
  }

  /** Returns whether every value is a plain string without wildcards or escapes. */
  private static boolean isExact(FieldMatch field) {
    for (String value : field.values()) {
      if (value == null || value.indexOf('*') >= 0 || value.indexOf('?') >= 0
          || value.indexOf('\\') >= 0) {
        return false;
      }
    }
    return true;
  }
}
