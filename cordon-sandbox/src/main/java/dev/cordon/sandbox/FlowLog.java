package dev.cordon.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** A VPC Flow Log subscription: which resource is logged and where the records go. */
final class FlowLog {
  String flowLogId;
  String resourceId;
  /** ACCEPT, REJECT or ALL. */
  String trafficType = "ALL";
  /** cloud-watch-logs or s3. */
  String logDestinationType = "cloud-watch-logs";
  String logGroupName;
  String logDestination;
  String deliverLogsPermissionArn;
  String logFormat =
      "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport}"
          + " ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}";
  /** Aggregation interval in seconds: 60 or 600. */
  int maxAggregationInterval = 600;
  String creationTime;
  Map<String, String> tags = new LinkedHashMap<>();
}
