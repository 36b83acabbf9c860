package dev.cordon.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Logs Insights query from StartQuery with its results, computed when it started. */
final class LogsQuery {
  String queryId;
  String queryString;
  List<String> logGroupNames = new ArrayList<>();
  Instant startTime;
  Instant endTime;
  /** Complete: the sandbox runs each query to completion inside StartQuery. */
  String status = "Complete";
  /** Result rows; each maps field names to values in output order. */
  List<Map<String, String>> results = new ArrayList<>();
  long recordsMatched;
  long recordsScanned;
  long bytesScanned;
}
