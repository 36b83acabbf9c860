package dev.cordon.detect.beacon;

import java.util.List;

/**
 * How evenly the connections spread over the window's 24 equal bins (hours for a 24 h window).
 *
 * @param score {@code max(cvScore, bimodalFit)}
 * @param binCounts connections per bin, all connections counted, 24 entries
 * @param nonEmptyBins bins with at least one connection
 * @param coefficientOfVariation population standard deviation over mean of {@code binCounts}
 * @param cvScore {@code round3(1 - coefficientOfVariation)}, or 0 when the coefficient exceeds 1
 * @param bimodalBucketWidth {@code ceil(max bin count * 0.05)}: bin heights within one width count
 *     as the same level
 * @param bimodalFit share of non-empty bins (minus one outlier) whose height falls in the two most
 *     common levels, rounded to 3 decimals and capped at 1; 0 when fewer than 11 bins are non-empty
 */
public record HistogramScore(
    double score,
    List<Integer> binCounts,
    int nonEmptyBins,
    double coefficientOfVariation,
    double cvScore,
    int bimodalBucketWidth,
    double bimodalFit) {

  public HistogramScore {
    binCounts = List.copyOf(binCounts);
  }
}
