package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * EC2 {@code Filter.N.Name} / {@code Filter.N.Value.M} filters over one resource type. A resource
 * passes when, for every filter, one of its values matches one of the filter's values; {@code *}
 * and {@code ?} are wildcards. {@code tag:KEY}, {@code tag-key} and {@code tag-value} work on any
 * type that has tags.
 */
final class Ec2Filters<T> {
  private final Map<String, Function<T, Collection<String>>> fields = new LinkedHashMap<>();
  private final Function<T, Map<String, String>> tags;

  Ec2Filters(Function<T, Map<String, String>> tags) {
    this.tags = tags;
  }

  /** Adds a filter whose values for a resource {@code values} returns (nulls are ignored). */
  Ec2Filters<T> field(String name, Function<T, Collection<String>> values) {
    fields.put(name, values);
    return this;
  }

  Ec2Filters<T> single(String name, Function<T, Object> value) {
    return field(
        name,
        item -> {
          Object result = value.apply(item);
          return result == null ? List.of() : List.of(String.valueOf(result));
        });
  }

  /**
   * Returns the items that pass the request's filters.
   *
   * @throws AwsError InvalidParameterValue for a filter name this type does not support
   */
  List<T> apply(List<T> items, QueryParams params) {
    List<QueryParams> filters = params.members("Filter");
    List<Function<T, Boolean>> tests = new ArrayList<>();
    for (QueryParams filter : filters) {
      String name = filter.require("Name");
      List<Pattern> patterns = new ArrayList<>();
      filter.list("Value").forEach(value -> patterns.add(wildcard(value)));
      Function<T, Collection<String>> values = valuesOf(name);
      tests.add(item -> values.apply(item).stream().anyMatch(v -> matchesAny(patterns, v)));
    }
    List<T> passed = new ArrayList<>();
    for (T item : items) {
      if (tests.stream().allMatch(test -> test.apply(item))) {
        passed.add(item);
      }
    }
    return passed;
  }

  private Function<T, Collection<String>> valuesOf(String name) {
    if (name.startsWith("tag:")) {
      String key = name.substring("tag:".length());
      return item -> {
        String value = tags.apply(item).get(key);
        return value == null ? List.of() : List.of(value);
      };
    }
    if (name.equals("tag-key")) {
      return item -> tags.apply(item).keySet();
    }
    if (name.equals("tag-value")) {
      return item -> tags.apply(item).values();
    }
    Function<T, Collection<String>> field = fields.get(name);
    if (field == null) {
      throw AwsError.badRequest("InvalidParameterValue", "The filter '" + name + "' is invalid");
    }
    return field;
  }

  private static boolean matchesAny(List<Pattern> patterns, String value) {
    if (value == null) {
      return false;
    }
    return patterns.stream().anyMatch(pattern -> pattern.matcher(value).matches());
  }

  private static Pattern wildcard(String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
