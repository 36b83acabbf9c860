package dev.cordon.core.network;

import static dev.cordon.core.network.NetworkText.number;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import dev.cordon.detect.beacon.BeaconScore;
import dev.cordon.detect.beacon.BeaconScorer;
import dev.cordon.detect.beacon.DispersionScore;
import dev.cordon.detect.beacon.DurationScore;
import dev.cordon.detect.beacon.HistogramScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores the connections the suspect opened to each (remote address, remote port) with {@link
 * BeaconScorer} and reports the regular ones. Only connections the suspect opened are scored, so
 * load-balancer health checks and other clients of a server never look like beacons. AWS service
 * endpoints are skipped, and private destinations are reported at most low.
 *
 * <p>The window is the last {@code beaconWindowSeconds} of the suspect's outbound connections, or
 * all of them when they span less, as RITA does, so coverage compares each pair with the suspect's
 * own activity.
 */
final class BeaconRule {
  private final NetworkOptions options;
  private final String instanceId;
  private final BeaconScorer scorer = new BeaconScorer();

  BeaconRule(NetworkOptions options, String instanceId) {
    this.options = options;
    this.instanceId = instanceId;
  }

  List<Finding> findings(Collection<BeaconSeries> series, long skippedDataRecords) {
    long last = Long.MIN_VALUE;
    long first = Long.MAX_VALUE;
    for (BeaconSeries pair : series) {
      if (pair.size() > 0) {
        last = Math.max(last, pair.maxStart());
        first = Math.min(first, pair.minStart());
      }
    }
    List<Finding> findings = new ArrayList<>();
    if (last <= first) {
      return findings;
    }
    long windowStart = Math.max(last - options.beaconWindowSeconds(), first);
    for (BeaconSeries pair : series) {
      if (options.isServiceEndpoint(pair.awsService)) {
        continue;
      }
      score(pair, windowStart, last, skippedDataRecords).ifPresent(findings::add);
    }
    return findings;
  }

  private Optional<Finding> score(
      BeaconSeries pair, long windowStart, long windowEnd, long skippedDataRecords) {
    long[][] selected = pair.within(windowStart, windowEnd);
    long[] starts = selected[0];
    if (starts.length < BeaconScorer.MIN_UNIQUE_TIMESTAMPS) {
      return Optional.empty();
    }
    BeaconScore result = scorer.score(starts, selected[1], windowStart, windowEnd);
    boolean isPublic = NetworkText.isPublic(pair.key.remote());

    if (result.status() == BeaconScore.Status.STROBE) {
      return Optional.of(strobe(pair, result, starts, isPublic));
    }
    if (result.status() != BeaconScore.Status.SCORED || result.score() < options.beaconMinScore()
        || result.timestamp().score() < options.beaconMinTimestampScore()) {
      return Optional.empty();
    }

    Severity severity = Severity.MEDIUM;
    if (!isPublic) {
      severity = Severity.LOW;
    } else if (result.score() >= options.beaconHighScore()) {
      severity = Severity.HIGH;
    }
    List<String> explanation = explain(pair, result, windowStart, windowEnd, isPublic, severity);
    if (skippedDataRecords > 0) {
      explanation.add(skippedDataRecords + " SKIPDATA records on the suspect's interfaces mean"
          + " flow logs lost records, so gaps may have lowered this score.");
    }

    Map<String, Double> subScores = new LinkedHashMap<>();
    subScores.put("timestamp", result.timestamp().score());
    subScores.put("dataSize", result.dataSize().score());
    subScores.put("histogram", result.histogram().score());
    subScores.put("duration", result.duration().score());

    String summary = String.format("%s contacted %s:%d every %.0f s (median) in %d connections,"
            + " beacon score %s", pair.key.local(), pair.key.remote(), pair.key.remotePort(),
        result.timestamp().median(), result.connections(), number(result.score()));
    return Optional.of(base(pair, severity, summary, starts)
        .connections((long) result.connections())
        .periodSeconds(result.timestamp().median())
        .score(result.score())
        .subScores(subScores)
        .explanation(explanation)
        .build());
  }

  private Finding strobe(BeaconSeries pair, BeaconScore result, long[] starts, boolean isPublic) {
    Severity severity = isPublic ? Severity.HIGH : Severity.LOW;
    String summary = String.format("%s opened %d connections to %s:%d within one scoring window:"
        + " a strobe", pair.key.local(), result.connections(), pair.key.remote(),
        pair.key.remotePort());
    List<String> explanation = List.of(
        "At least " + BeaconScorer.STROBE_CONNECTIONS + " connections in one window, one a second"
            + " on average, are a strobe: RITA rates them high without scoring regularity.",
        isPublic ? "The destination is a public address." : "The destination is a private address,"
            + " so this internal traffic is reported as low.");
    return base(pair, severity, summary, starts)
        .connections((long) result.connections())
        .explanation(explanation)
        .build();
  }

  private Finding.Builder base(
      BeaconSeries pair, Severity severity, String summary, long[] starts) {
    return Finding.builder(FindingKind.BEACON, severity, summary)
        .idKey(pair.key.local() + "|" + pair.key.remote() + "|" + pair.key.remotePort())
        .instanceId(instanceId)
        .localIp(pair.key.local())
        .remoteIp(pair.key.remote())
        .remotePort(pair.key.remotePort())
        .protocol(NetworkText.protocolName(pair.protocol))
        .firstSeen(Instant.ofEpochSecond(starts[0]))
        .lastSeen(Instant.ofEpochSecond(starts[starts.length - 1]));
  }

  private List<String> explain(BeaconSeries pair, BeaconScore result, long windowStart,
      long windowEnd, boolean isPublic, Severity severity) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%d connections opened by %s to %s:%d/%s (%d distinct start seconds,"
            + " %d rejected) were scored in the window %s to %s.", result.connections(),
        pair.key.local(), pair.key.remote(), pair.key.remotePort(),
        NetworkText.protocolName(pair.protocol), result.uniqueTimestamps(), pair.rejected,
        Instant.ofEpochSecond(windowStart), Instant.ofEpochSecond(windowEnd)));
    if (pair.dropped > 0) {
      lines.add(pair.dropped + " further connections were not kept, because the pair reached the"
          + " limit of " + options.maxConnectionsPerPair() + ".");
    }
    lines.add(timestampLine(result.timestamp()));
    lines.add(dataSizeLine(result.dataSize()));
    lines.add(histogramLine(result.histogram(), windowEnd - windowStart));
    lines.add(durationLine(result.duration()));
    lines.add(String.format("Beacon score %s = 0.25 x timestamp %s + 0.25 x data size %s"
            + " + 0.25 x duration %s + 0.25 x histogram %s, rounded to 3 decimals.",
        number(result.score()), number(result.timestamp().score()),
        number(result.dataSize().score()), number(result.duration().score()),
        number(result.histogram().score())));
    if (!isPublic) {
      lines.add("The destination is a private address, so this is internal traffic and is"
          + " reported as low.");
    } else {
      lines.add("The destination is a public address; a score of at least "
          + number(options.beaconHighScore()) + " is high severity, so this one is "
          + severity.label() + ".");
    }
    return lines;
  }

  private static String timestampLine(DispersionScore ts) {
    return String.format("Timestamp score %s: the intervals between connection starts have median"
            + " %.0f s (the period) and median absolute deviation %.1f s, so the dispersion part"
            + " is 1 - %.1f / %.0f = %s; their Bowley skew is %s (quartiles %.1f, %.1f, %.1f),"
            + " so the symmetry part is 1 - |skew| = %s; the score is the mean of both parts."
            + " The most common interval is %.0f s (%d times).",
        number(ts.score()), ts.median(), ts.mad(), ts.mad(), ts.median(), number(ts.madScore()),
        number(ts.bowleySkew()), ts.quartiles().q1(), ts.quartiles().q2(), ts.quartiles().q3(),
        number(ts.skewScore()), ts.mode(), ts.modeCount());
  }

  private static String dataSizeLine(DispersionScore ds) {
    return String.format("Data size score %s: the bytes the suspect sent per connection have"
            + " median %.0f and median absolute deviation %.1f, so the dispersion part is %s"
            + " (0 when the median is below 1 byte); their Bowley skew is %s, so the symmetry part"
            + " is %s; the score is the mean of both parts. The most common size is %.0f bytes"
            + " (%d times).",
        number(ds.score()), ds.median(), ds.mad(), number(ds.madScore()),
        number(ds.bowleySkew()), number(ds.skewScore()), ds.mode(), ds.modeCount());
  }

  private static String histogramLine(HistogramScore hist, long windowSeconds) {
    return String.format("Histogram score %s: connections per bin of %d s over the window are %s;"
            + " their coefficient of variation %s gives 1 - CV = %s (0 above 1), and the share of"
            + " the %d non-empty bins at the two most common levels is %s (computed only with at least 11"
            + " non-empty bins); the score is the larger of the two.",
        number(hist.score()), windowSeconds / BeaconScorer.HISTOGRAM_BINS, hist.binCounts(),
        number(hist.coefficientOfVariation()), number(hist.cvScore()), hist.nonEmptyBins(),
        number(hist.bimodalFit()));
  }

  private static String durationLine(DurationScore dur) {
    return String.format("Duration score %s: the connections cover %s of the window from first to"
            + " last, and the longest run of consecutive non-empty bins is %d, so consistency is"
            + " %d / 12 = %s (capped at 1); the score is the larger of the two, and 0 when fewer"
            + " than 6 bins are non-empty.",
        number(dur.score()), number(dur.coverage()), dur.longestRun(), dur.longestRun(),
        number(dur.consistency()));
  }
}
