package io.sparkdrift.job;

import java.time.LocalDate;
import java.util.List;

/**
 * The typed settings of the {@code merge-profiles} mode.
 *
 * @param profiles stored profiles or globs, at least one
 * @param runDate the date the merged profile is filed under; null: the latest of the merged ones
 */
public record MergeConfig(List<String> profiles, String out, LocalDate runDate) {
}
