package dev.cordon.sandbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The subset of the CloudWatch Logs Insights query language the sandbox runs, commands joined by
 * {@code |}:
 *
 * <ul>
 *   <li>{@code fields a, b}: the output fields (default {@code @timestamp, @message});
 *   <li>{@code filter a = 'x' and b != 2 and c like /regex/ and d like 'text'}, also with
 *       {@code <, <=, >, >=} on numbers; conditions joined by {@code and} only;
 *   <li>{@code stats count(*) as n, sum(bytes) as total by srcAddr, dstAddr}, with
 *       {@code count(*)}, {@code count(field)} and {@code sum(field)};
 *   <li>{@code sort field asc|desc} and {@code limit N}.
 * </ul>
 *
 * <p>Each event has {@code @timestamp}, {@code @message}, {@code @logStream} and {@code @log};
 * a message in the default VPC flow log format also has the fields Logs Insights discovers for
 * it: version, accountId, interfaceId, srcAddr, dstAddr, srcPort, dstPort, protocol, packets,
 * bytes, start, end, action and logStatus.
 */
final class LogsInsights {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final String[] FLOW_FIELDS = {
    "version", "accountId", "interfaceId", "srcAddr", "dstAddr", "srcPort", "dstPort",
    "protocol", "packets", "bytes", "start", "end", "action", "logStatus"
  };
  private static final Pattern CONDITION =
      Pattern.compile("([@\\w.]+)\\s*(!=|<=|>=|=|<|>|\\s+like\\s+)\\s*(.+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern AGGREGATE =
      Pattern.compile("(count|sum)\\(\\s*([@\\w.*]+)\\s*\\)(?:\\s+as\\s+(\\w+))?", Pattern.CASE_INSENSITIVE);
  /** Largest number of rows a query returns, as in Logs Insights. */
  static final int MAX_ROWS = 10_000;

  private record Condition(String field, String operator, String value, Pattern regex) {}

  private record Aggregate(String function, String field, String name) {}

  private List<String> fields = List.of("@timestamp", "@message");
  private final List<Condition> conditions = new ArrayList<>();
  private final List<Aggregate> aggregates = new ArrayList<>();
  private final List<String> groupBy = new ArrayList<>();
  private String sortField;
  private boolean sortDescending;
  private int limit = MAX_ROWS;

  private LogsInsights() {}

  /**
   * Parses {@code query}.
   *
   * @throws AwsError MalformedQueryException for syntax outside the subset
   */
  static LogsInsights parse(String query) {
    LogsInsights parsed = new LogsInsights();
    for (String command : query.split("\\|")) {
      parsed.addCommand(command.trim(), query);
    }
    return parsed;
  }

  private void addCommand(String command, String query) {
    String[] words = command.split("\\s+", 2);
    String keyword = words[0].toLowerCase(java.util.Locale.ROOT);
    String rest = words.length > 1 ? words[1].trim() : "";
    switch (keyword) {
      case "fields":
        fields = splitList(rest);
        break;
      case "filter":
        for (String condition : rest.split("(?i)\\s+and\\s+")) {
          conditions.add(condition(condition.trim(), query));
        }
        break;
      case "stats":
        stats(rest, query);
        break;
      case "sort":
        String[] sort = rest.split("\\s+");
        sortField = sort[0];
        sortDescending = sort.length < 2 || sort[1].equalsIgnoreCase("desc");
        break;
      case "limit":
        try {
          limit = Math.min(MAX_ROWS, Integer.parseInt(rest));
        } catch (NumberFormatException e) {
          throw malformed(query, "limit needs a number, not '" + rest + "'");
        }
        break;
      default:
        throw malformed(query, "unsupported command '" + keyword + "'; the sandbox runs fields, filter, stats, sort and limit");
    }
  }

  private void stats(String text, String query) {
    String[] parts = text.split("(?i)\\s+by\\s+", 2);
    for (String aggregate : splitList(parts[0])) {
      Matcher m = AGGREGATE.matcher(aggregate);
      if (!m.matches()) {
        throw malformed(query, "unsupported aggregate '" + aggregate + "'; the sandbox runs count and sum");
      }
      String name = m.group(3) != null ? m.group(3) : aggregate;
      aggregates.add(new Aggregate(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2), name));
    }
    if (parts.length > 1) {
      groupBy.addAll(splitList(parts[1]));
    }
  }

  private static Condition condition(String text, String query) {
    Matcher m = CONDITION.matcher(text);
    if (!m.matches()) {
      throw malformed(query, "unsupported filter '" + text + "'");
    }
    String operator = m.group(2).trim().toLowerCase(java.util.Locale.ROOT);
    String value = m.group(3).trim();
    if (operator.equals("like") && value.length() >= 2 && value.startsWith("/") && value.endsWith("/")) {
      try {
        return new Condition(m.group(1), operator, null, Pattern.compile(value.substring(1, value.length() - 1)));
      } catch (PatternSyntaxException e) {
        throw malformed(query, "invalid regular expression " + value);
      }
    }
    if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
      value = value.substring(1, value.length() - 1);
    }
    return new Condition(m.group(1), operator, value, null);
  }

  private static List<String> splitList(String text) {
    List<String> items = new ArrayList<>();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }

  private static AwsError malformed(String query, String detail) {
    return AwsError.badRequest("MalformedQueryException", "Invalid Logs Insights query '" + query + "': " + detail + ".");
  }

  /** Runs the query over the events between {@code start} and {@code end}, inclusive. */
  void run(List<LogGroup> groups, Instant start, Instant end, String accountId, LogsQuery into) {
    List<Map<String, String>> matched = new ArrayList<>();
    for (LogGroup group : groups) {
      for (LogGroup.Stream stream : group.streams) {
        for (LogGroup.Event event : stream.events) {
          if (event.timestamp < start.toEpochMilli() || event.timestamp > end.toEpochMilli()) {
            continue;
          }
          into.recordsScanned++;
          into.bytesScanned += event.message.length();
          Map<String, String> record = record(accountId, group, stream, event);
          if (conditions.stream().allMatch(c -> test(c, record))) {
            matched.add(record);
          }
        }
      }
    }
    into.recordsMatched = matched.size();

    List<Map<String, String>> rows = aggregates.isEmpty() ? project(matched) : aggregate(matched);
    if (sortField != null) {
      Comparator<Map<String, String>> order = (a, b) -> compareValues(a.get(sortField), b.get(sortField));
      rows.sort(sortDescending ? order.reversed() : order);
    }
    into.results.addAll(rows.subList(0, Math.min(limit, rows.size())));
  }

  private static Map<String, String> record(String accountId, LogGroup group, LogGroup.Stream stream, LogGroup.Event event) {
    Map<String, String> record = new LinkedHashMap<>();
    record.put("@timestamp", TIMESTAMP.format(Instant.ofEpochMilli(event.timestamp)));
    record.put("@message", event.message);
    record.put("@logStream", stream.logStreamName);
    record.put("@log", accountId + ":" + group.logGroupName);
    String[] tokens = event.message.trim().split("\\s+");
    if (tokens.length == FLOW_FIELDS.length && tokens[0].equals("2")) {
      for (int i = 0; i < tokens.length; i++) {
        record.put(FLOW_FIELDS[i], tokens[i]);
      }
    }
    return record;
  }

  private static boolean test(Condition condition, Map<String, String> record) {
    String actual = record.get(condition.field());
    if (actual == null) {
      return false;
    }
    switch (condition.operator()) {
      case "=":
        return actual.equals(condition.value());
      case "!=":
        return !actual.equals(condition.value());
      case "like":
        return condition.regex() != null ? condition.regex().matcher(actual).find() : actual.contains(condition.value());
      default:
        return compareNumbers(actual, condition.operator(), condition.value());
    }
  }

  private static boolean compareNumbers(String actual, String operator, String expected) {
    try {
      int order = Double.compare(Double.parseDouble(actual), Double.parseDouble(expected));
      switch (operator) {
        case "<":
          return order < 0;
        case "<=":
          return order <= 0;
        case ">":
          return order > 0;
        default:
          return order >= 0;
      }
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private List<Map<String, String>> project(List<Map<String, String>> records) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (Map<String, String> record : records) {
      Map<String, String> row = new LinkedHashMap<>();
      for (String field : fields) {
        if (record.containsKey(field)) {
          row.put(field, record.get(field));
        }
      }
      rows.add(row);
    }
    return rows;
  }

  /** Groups by the {@code by} fields in first-seen order and computes each aggregate. */
  private List<Map<String, String>> aggregate(List<Map<String, String>> records) {
    Map<List<String>, double[]> totals = new LinkedHashMap<>();
    for (Map<String, String> record : records) {
      List<String> key = new ArrayList<>();
      groupBy.forEach(field -> key.add(record.get(field)));
      double[] values = totals.computeIfAbsent(key, k -> new double[aggregates.size()]);
      for (int i = 0; i < aggregates.size(); i++) {
        Aggregate aggregate = aggregates.get(i);
        String value = aggregate.field().equals("*") ? "" : record.get(aggregate.field());
        if (aggregate.function().equals("count")) {
          values[i] += value == null ? 0 : 1;
        } else if (value != null) {
          values[i] += parseOrZero(value);
        }
      }
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (Map.Entry<List<String>, double[]> group : totals.entrySet()) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < groupBy.size(); i++) {
        if (group.getKey().get(i) != null) {
          row.put(groupBy.get(i), group.getKey().get(i));
        }
      }
      for (int i = 0; i < aggregates.size(); i++) {
        row.put(aggregates.get(i).name(), formatNumber(group.getValue()[i]));
      }
      rows.add(row);
    }
    return rows;
  }

  private static double parseOrZero(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String formatNumber(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  /** Orders two numbers numerically and anything else as text; a missing value comes first. */
  private static int compareValues(String a, String b) {
    if (a == null && b == null) {
      return 0;
    }
    if (a == null) {
      return -1;
    }
    if (b == null) {
      return 1;
    }
    try {
      return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }
}
