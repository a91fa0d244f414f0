package io.sparkdrift.job;

import io.sparkdrift.compare.DriftPolicy;
import io.sparkdrift.compare.FeatureComparator;
import io.sparkdrift.compare.Verdicts;
import io.sparkdrift.run.SchemaChange;
import io.sparkdrift.scan.Source;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The typed settings of the {@code profile} mode: profile {@code input} (optionally filtered) into
 * {@code out/profile}, with bins fitted on it or taken from the stored profile {@code edgesFrom}
 * (and its segments: with {@code segmentBy}, or those of {@code edgesFrom}, each segment is profiled too).
 * {@code offsetFromDay} columns are profiled as their offsets from the row's day in {@code dateColumn}.
 */
public record ProfileConfig(Source input, String filter, String edgesFrom, List<String> features,
        List<String> categorical, List<String> exclude, int bins, int resolution, Map<String, double[]> edges,
        int maxCategories, String out, LocalDate runDate, List<String> segmentBy, int segments, String dateColumn,
        DateFormat dateFormat, List<String> offsetFromDay) {

    /**
     * The input seen as a drift run's reference, whose profile this mode stores: the same feature
     * planning and bin fitting (or the stored edges of {@code edgesFrom}), so a stored profile equals
     * the reference profile a drift run would make of the same data.
     */
    JobConfig asReference() {
        return new JobConfig(edgesFrom == null ? input : null, input, edgesFrom == null ? filter : null, filter,
                features, categorical, exclude, bins, resolution, edges, FeatureComparator.DEFAULT_SMOOTHING, maxCategories,
                out, runDate, false, DriftPolicy.defaults(),
                edgesFrom, null, null, List.of(), dateColumn, dateFormat, false, SchemaChange.Rule.WARN,
                Verdicts.Settings.defaults(), segmentBy, segments, false, offsetFromDay, List.of());
    }
}
