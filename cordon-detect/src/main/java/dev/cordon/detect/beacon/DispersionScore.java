package dev.cordon.detect.beacon;

import dev.cordon.detect.stats.Quartiles;

/**
 * How regular one series is (connection intervals or connection sizes): the mean of a symmetry part
 * and a dispersion part, rounded to 3 decimals.
 *
 * @param score {@code round3((skewScore + madScore) / 2)}
 * @param values how many values were scored (non-zero intervals, or connections)
 * @param quartiles Q1, median and Q3 of the values
 * @param bowleySkew {@code (Q1 + Q3 - 2 * Q2) / (Q3 - Q1)}, or 0 when the interquartile range is
 *     below 10 or the median equals Q1 or Q3, because the ratio is unreliable there
 * @param skewScore {@code 1 - |bowleySkew|}: 1 for a symmetric series
 * @param median the median value (seconds for intervals, bytes for sizes)
 * @param mad the median absolute deviation from {@code median}, in the same unit
 * @param madScore {@code 1 - mad / median} floored at 0, or a fixed default when the median is
 *     below 1
 * @param mode the most frequent value (the smallest one on a tie)
 * @param modeCount how often {@code mode} occurs
 */
public record DispersionScore(
    double score,
    int values,
    Quartiles quartiles,
    double bowleySkew,
    double skewScore,
    double median,
    double mad,
    double madScore,
    double mode,
    int modeCount) {}
