package io.sparkdrift.job;

/**
 * The typed settings of the {@code query} mode.
 *
 * @param format one of {@code table}, {@code csv}, {@code json}
 * @param limit at most this many rows reach the driver, {@code >= 1}
 */
public record QueryConfig(String resultsTable, String sql, String format, int limit) {
}
