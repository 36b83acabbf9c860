package dev.cordon.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parameters of an AWS query-protocol request. Lists and structures arrive flattened, as in
 * {@code Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-0abc123}; the helpers rebuild them.
 */
final class QueryParams {
  private final Map<String, String> values;

  QueryParams(Map<String, String> values) {
    this.values = values;
  }

  /** Decodes an {@code application/x-www-form-urlencoded} string; later keys override earlier. */
  static QueryParams parse(String... encodedParts) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String encoded : encodedParts) {
      if (encoded == null || encoded.isEmpty()) {
        continue;
      }
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String key = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        values.put(decode(key), decode(value));
      }
    }
    return new QueryParams(values);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  String get(String key) {
    return values.get(key);
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  /** Returns the value of {@code key}, or fails with MissingParameter when it is absent or empty. */
  String require(String key) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      throw AwsError.missingParameter(key);
    }
    return value;
  }

  /** Returns whether {@code key} is {@code true}; absent means false. */
  boolean flag(String key) {
    String value = values.get(key);
    if (value == null) {
      return false;
    }
    return parseBoolean(key, value);
  }

  /** Returns the boolean value of {@code key}, or null when absent. */
  Boolean bool(String key) {
    String value = values.get(key);
    return value == null ? null : parseBoolean(key, value);
  }

  private static boolean parseBoolean(String key, String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw AwsError.invalidValue(key, value, "Expected true or false.");
  }

  /** Returns the integer value of {@code key}, or null when absent. */
  Integer integer(String key) {
    String value = values.get(key);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw AwsError.invalidValue(key, value, "Expected an integer.");
    }
  }

  /** Returns the values of the list {@code prefix.1}, {@code prefix.2}, ... in index order. */
  List<String> list(String prefix) {
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    String start = prefix + ".";
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(start)) {
        continue;
      }
      Integer index = parseIndex(key.substring(start.length()));
      if (index != null) {
        byIndex.put(index, entry.getValue());
      }
    }
    return new ArrayList<>(byIndex.values());
  }

  /** Returns the structures of the list {@code prefix.N.*}, each with its keys after N. */
  List<QueryParams> members(String prefix) {
    TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
    String start = prefix + ".";
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(start)) {
        continue;
      }
      String rest = key.substring(start.length());
      int dot = rest.indexOf('.');
      if (dot < 0) {
        continue;
      }
      Integer index = parseIndex(rest.substring(0, dot));
      if (index != null) {
        byIndex
            .computeIfAbsent(index, i -> new LinkedHashMap<>())
            .put(rest.substring(dot + 1), entry.getValue());
      }
    }
    List<QueryParams> members = new ArrayList<>();
    byIndex.values().forEach(map -> members.add(new QueryParams(map)));
    return members;
  }

  /** Returns the members of the structure {@code prefix.*}. */
  QueryParams child(String prefix) {
    Map<String, String> nested = new LinkedHashMap<>();
    String start = prefix + ".";
    values.forEach(
        (key, value) -> {
          if (key.startsWith(start)) {
            nested.put(key.substring(start.length()), value);
          }
        });
    return new QueryParams(nested);
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  private static Integer parseIndex(String text) {
    if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Integer.valueOf(text);
  }
}
