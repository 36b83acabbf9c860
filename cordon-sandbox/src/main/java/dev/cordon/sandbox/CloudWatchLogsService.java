package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Amazon CloudWatch Logs over JSON 1.1: FilterLogEvents with the filter patterns of
 * {@link LogFilterPattern}, and StartQuery / GetQueryResults with the Logs Insights subset of
 * {@link LogsInsights}.
 */
final class CloudWatchLogsService extends JsonProtocolService {
  /** Largest and default FilterLogEvents page, in events. */
  private static final int MAX_EVENTS = 10_000;

  CloudWatchLogsService() {
    super("logs", "Logs_20140328", "1.1");
    register("FilterLogEvents", CloudWatchLogsService::filterLogEvents);
    register("StartQuery", CloudWatchLogsService::startQuery);
    register("GetQueryResults", CloudWatchLogsService::getQueryResults);
  }

  private static ObjectNode filterLogEvents(JsonCall call) {
    String groupName = call.text("logGroupName") != null ? call.text("logGroupName") : call.text("logGroupIdentifier");
    if (groupName == null) {
      throw AwsError.badRequest("InvalidParameterException", "FilterLogEvents needs logGroupName or logGroupIdentifier.");
    }
    LogGroup group = group(call.state, groupName);
    List<String> streamNames = call.list("logStreamNames");
    String prefix = call.text("logStreamNamePrefix");
    if (!streamNames.isEmpty() && prefix != null) {
      throw AwsError.badRequest("InvalidParameterException", "logStreamNames and logStreamNamePrefix cannot both be specified.");
    }
    LogFilterPattern pattern = LogFilterPattern.parse(call.text("filterPattern"));
    Long start = call.input.hasNonNull("startTime") ? call.input.get("startTime").asLong() : null;
    Long end = call.input.hasNonNull("endTime") ? call.input.get("endTime").asLong() : null;

    List<Match> matches = new ArrayList<>();
    for (LogGroup.Stream stream : group.streams) {
      boolean selected = streamNames.isEmpty() ? prefix == null || stream.logStreamName.startsWith(prefix) : streamNames.contains(stream.logStreamName);
      if (!selected) {
        continue;
      }
      for (int i = 0; i < stream.events.size(); i++) {
        LogGroup.Event event = stream.events.get(i);
        boolean inRange = (start == null || event.timestamp >= start) && (end == null || event.timestamp <= end);
        if (inRange && pattern.matches(event.message)) {
          matches.add(new Match(stream.logStreamName, i, event));
        }
      }
    }
    matches.sort(Comparator.comparingLong((Match m) -> m.event.timestamp));

    Pages.Page<Match> page = JsonPages.page(matches, call, "limit", "nextToken", MAX_EVENTS, "InvalidParameterException");
    ObjectNode output = JsonCall.output();
    ArrayNode events = output.putArray("events");
    for (Match match : page.items()) {
      events.addObject()
          .put("logStreamName", match.stream)
          .put("timestamp", match.event.timestamp)
          .put("message", match.event.message)
          .put("ingestionTime", match.event.timestamp)
          .put("eventId", match.stream + "/" + match.index);
    }
    output.putArray("searchedLogStreams");
    if (page.nextToken() != null) {
      output.put("nextToken", page.nextToken());
    }
    return output;
  }

  private record Match(String stream, int index, LogGroup.Event event) {}

  /** Runs the query to completion at once; GetQueryResults then reads the stored rows. */
  private static ObjectNode startQuery(JsonCall call) {
    List<String> names = new ArrayList<>(call.list("logGroupNames"));
    names.addAll(call.list("logGroupIdentifiers"));
    if (call.text("logGroupName") != null) {
      names.add(call.text("logGroupName"));
    }
    if (names.isEmpty()) {
      throw AwsError.badRequest("InvalidParameterException", "StartQuery needs logGroupName, logGroupNames or logGroupIdentifiers.");
    }
    List<LogGroup> groups = new ArrayList<>();
    names.forEach(name -> groups.add(group(call.state, name)));
    String queryString = call.require("queryString", "InvalidParameterException");
    Instant start = Instant.ofEpochSecond(call.input.path("startTime").asLong());
    Instant end = Instant.ofEpochSecond(call.input.path("endTime").asLong());
    if (end.isBefore(start)) {
      throw AwsError.badRequest("InvalidParameterException", "endTime must not be before startTime.");
    }

    LogsInsights query = LogsInsights.parse(queryString);
    LogsQuery run = new LogsQuery();
    run.queryId = UUID.randomUUID().toString();
    run.queryString = queryString;
    run.logGroupNames.addAll(names);
    run.startTime = start;
    run.endTime = end;
    query.run(groups, start, end.plusMillis(999), call.state.accountId, run);
    Integer limit = call.integer("limit");
    if (limit != null && limit < run.results.size()) {
      run.results = new ArrayList<>(run.results.subList(0, limit));
    }
    call.state.logsQueries.add(run);

    ObjectNode output = JsonCall.output();
    output.put("queryId", run.queryId);
    return output;
  }

  private static ObjectNode getQueryResults(JsonCall call) {
    String queryId = call.require("queryId", "InvalidParameterException");
    LogsQuery run = call.state.logsQueries.stream()
        .filter(q -> q.queryId.equals(queryId))
        .findFirst()
        .orElseThrow(() -> AwsError.badRequest("ResourceNotFoundException", "Query " + queryId + " does not exist."));
    ObjectNode output = JsonCall.output();
    ArrayNode results = output.putArray("results");
    for (Map<String, String> row : run.results) {
      ArrayNode fields = results.addArray();
      row.forEach((field, value) -> fields.addObject().put("field", field).put("value", value));
    }
    output.putObject("statistics")
        .put("recordsMatched", (double) run.recordsMatched)
        .put("recordsScanned", (double) run.recordsScanned)
        .put("bytesScanned", (double) run.bytesScanned);
    output.put("status", run.status);
    return output;
  }

  private static LogGroup group(AccountState state, String nameOrArn) {
    String name = nameOrArn.startsWith("arn:") ? nameOrArn.replaceFirst("^arn:[^:]+:logs:[^:]*:\\d+:log-group:", "").replaceFirst(":\\*$", "") : nameOrArn;
    return state.logGroups.stream()
        .filter(g -> g.logGroupName.equals(name))
        .findFirst()
        .orElseThrow(() -> AwsError.badRequest("ResourceNotFoundException", "The specified log group does not exist."));
  }
}
