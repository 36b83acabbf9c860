package dev.cordon.core.apiactivity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.cloudtrail.CloudTrailEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Repeats of one kind of call, summed up for one finding. */
final class CallGroup {
  private final List<CloudTrailEvent> events = new ArrayList<>();
  private final Map<String, Integer> userAgents = new LinkedHashMap<>();
  private final Set<String> regions = new TreeSet<>();
  private final Map<String, Integer> eventNames = new LinkedHashMap<>();
  private final Set<String> resources = new TreeSet<>();
  private long bytesOut;
  private boolean anyBytesOut;

  void add(CloudTrailEvent event) {
    events.add(event);
    if (event.userAgent() != null) {
      userAgents.merge(event.userAgent(), 1, Integer::sum);
    }
    if (event.awsRegion() != null) {
      regions.add(event.awsRegion());
    }
    if (event.eventName() != null) {
      eventNames.merge(event.eventName(), 1, Integer::sum);
    }
    String resource = Baseline.resourceOf(event);
    if (!resource.isEmpty()) {
      resources.add(resource);
    }
    JsonNode bytes = event.raw() == null ? null
        : event.raw().path("additionalEventData").get("bytesTransferredOut");
    if (bytes != null && bytes.isNumber()) {
      bytesOut += bytes.longValue();
      anyBytesOut = true;
    }
  }

  /** Returns the buckets, secrets, parameters and roles the calls named, in name order. */
  Set<String> resources() {
    return resources;
  }

  /**
   * Returns the sum of S3's {@code bytesTransferredOut} over the calls, or null when no call
   * recorded it (management events and other services do not).
   */
  Long bytesOut() {
    return anyBytesOut ? bytesOut : null;
  }

  CloudTrailEvent first() {
    return events.stream().min(Comparator.comparing(CloudTrailEvent::eventTime)).orElseThrow();
  }

  Instant firstSeen() {
    return first().eventTime();
  }

  Instant lastSeen() {
    return events.stream().map(CloudTrailEvent::eventTime).max(Instant::compareTo).orElseThrow();
  }

  int count() {
    return events.size();
  }

  List<CloudTrailEvent> events() {
    return events;
  }

  List<String> eventIds() {
    return events.stream().map(Evidence::idOf).distinct().toList();
  }

  /** Returns the regions joined with commas, in name order. */
  String regions() {
    return regions.isEmpty() ? null : String.join(",", regions);
  }

  int regionCount() {
    return regions.size();
  }

  /** Returns the user agent seen most often. */
  String mainUserAgent() {
    return userAgents.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  Set<String> userAgents() {
    return userAgents.keySet();
  }

  /** Returns the calls as {@code Name xCount}, most frequent first, such as "GetObject x2". */
  String callCounts() {
    return eventNames.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .map(entry -> entry.getKey() + " x" + entry.getValue())
        .collect(Collectors.joining(", "));
  }
}
