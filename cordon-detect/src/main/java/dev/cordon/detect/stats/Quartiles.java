package dev.cordon.detect.stats;

/** First, second (the median) and third quartile of a sample. */
public record Quartiles(double q1, double q2, double q3) {

  /** Returns the interquartile range, {@code q3 - q1}. */
  public double range() {
    return q3 - q1;
  }
}
