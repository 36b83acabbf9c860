package dev.cordon.detect.beacon;

/**
 * How long and how steadily the pair talked during the window. All parts are 0 when fewer than 6
 * bins are non-empty, because a short burst says nothing about persistence.
 *
 * @param score {@code max(coverage, consistency)}
 * @param coverage (last connection - first connection) / (window end - window start), rounded up to
 *     3 decimals and capped at 1
 * @param longestRun longest run of consecutive non-empty bins, wrapping from the last bin to the
 *     first, at most 24
 * @param consistency {@code longestRun / 12} rounded up to 3 decimals and capped at 1: 12
 *     consecutive active hours count as fully consistent
 */
public record DurationScore(double score, double coverage, int longestRun, double consistency) {}
