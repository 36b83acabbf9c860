package dev.cordon.core.report;

import dev.cordon.core.finding.ByteSizes;
import dev.cordon.core.finding.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The facts of a finding as label and value pairs, in the order people read them, for the text and
 * Markdown renderers. Values are raw log text: each renderer escapes them for its format.
 */
final class FindingFacts {
  record Fact(String label, String value) {}

  private FindingFacts() {}

  static List<Fact> of(Finding f) {
    List<Fact> facts = new ArrayList<>();
    add(facts, "instance", f.instanceId());
    add(facts, "local", f.localIp());
    add(facts, "remote", remote(f));
    add(facts, "sent", bytes(f.bytesOut(), f.packetsOut()));
    add(facts, "received", bytes(f.bytesIn(), f.packetsIn()));
    add(facts, "connections", f.connections() == null ? null : ByteSizes.count(f.connections()));
    add(facts, "period", f.periodSeconds() == null ? null : seconds(f.periodSeconds()));
    add(facts, "score", score(f.score(), f.subScores()));
    add(facts, "principal", f.principal());
    add(facts, "access key", f.accessKeyId());
    add(facts, "source IP", f.sourceIp());
    add(facts, "user agent", f.userAgent());
    add(facts, "call", call(f.eventSource(), f.eventName()));
    add(facts, "region", f.region());
    add(facts, "error", f.errorCode());
    add(facts, "tactic", f.tactic());
    add(facts, "techniques", f.techniques() == null ? null : String.join(", ", f.techniques()));
    add(facts, "rule", f.rule());
    add(facts, "intel", f.intelSource());
    add(facts, "events", events(f.eventIds()));
    add(facts, "seen", seen(f.firstSeen(), f.lastSeen()));
    return facts;
  }

  private static void add(List<Fact> facts, String label, String value) {
    if (value != null) {
      facts.add(new Fact(label, value));
    }
  }

  private static String remote(Finding f) {
    if (f.remoteIp() == null) {
      return null;
    }
    String port = f.remotePort() == null ? "" : ":" + f.remotePort();
    String address = f.remoteIp().contains(":") && !port.isEmpty() ? "[" + f.remoteIp() + "]" : f.remoteIp();
    String protocol = f.protocol() == null ? "" : " " + f.protocol();
    return address + port + protocol;
  }

  private static String bytes(Long bytes, Long packets) {
    if (bytes == null) {
      return null;
    }
    String packetText = packets == null ? "" : " in " + ByteSizes.count(packets) + " packets";
    return ByteSizes.full(bytes) + packetText;
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.0f s", value);
  }

  private static String score(Double score, Map<String, Double> subScores) {
    if (score == null) {
      return null;
    }
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%.2f", score));
    if (subScores != null && !subScores.isEmpty()) {
      List<String> parts = new ArrayList<>();
      subScores.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())));
      text.append(" (").append(String.join(", ", parts)).append(')');
    }
    return text.toString();
  }

  private static String call(String source, String name) {
    if (name == null) {
      return source;
    }
    return source == null ? name : source + " " + name;
  }

  private static String events(List<String> ids) {
    if (ids == null || ids.isEmpty()) {
      return null;
    }
    int listed = Math.min(ids.size(), 3);
    String more = ids.size() > listed ? " and " + (ids.size() - listed) + " more" : "";
    return String.join(", ", ids.subList(0, listed)) + more;
  }

  private static String seen(Instant first, Instant last) {
    if (first == null) {
      return last == null ? null : "until " + last;
    }
    return last == null || last.equals(first) ? first.toString() : first + " to " + last;
  }
}
