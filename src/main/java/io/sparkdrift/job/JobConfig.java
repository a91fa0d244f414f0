package io.sparkdrift.job;

import io.sparkdrift.compare.DriftPolicy;
import io.sparkdrift.compare.Verdicts;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.run.RunSettings;
import io.sparkdrift.run.SchemaChange;
import io.sparkdrift.scan.DayOffsets;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.scan.Source;
import io.sparkdrift.store.ProfileStore;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The validated, typed settings of one drift run (built and checked by the settings' front door,
 * {@code io.sparkdrift.settings.Commands}, for the command line and the code API alike).
 *
 * @param reference the reference data, or null when a stored profile is the reference
 * @param referenceProfile the path of the stored reference profile, or null
 * @param storedProfile a reference profile given by code (loaded or built in memory), or null
 * @param out where {@code DriftJob.publish} writes (null when code keeps the result in memory)
 * @param segmentBy the segment columns ({@code --segment-by}; empty: no segments)
 * @param segments how many of the reference's most frequent segments are compared on their own
 * @param daysSelected true when {@code dateColumn} chose the days (a current date, range or reference window was
 *     given, or --learn-thresholds reads the reference's days from it): that column is then not a feature, as each
 *     night's would differ from its reference's by construction
 * @param offsetFromDay timestamp and date columns compared as their offset from the row's day in {@code dateColumn}
 *     ({@code --offset-from-day}; empty: none)
 * @param referenceDays the days {@code --reference-window} or {@code --reference-range} spans (empty: none given)
 */
public record JobConfig(Source reference, Source current, String referenceFilter,
        String currentFilter, List<String> features, List<String> categorical, List<String> exclude, int bins,
        int resolution, Map<String, double[]> edges, double smoothing, int maxCategories, String out,
        LocalDate runDate, boolean failOnDrift, DriftPolicy policy,
        String referenceProfile, ProfileStore.Stored storedProfile, String resultsTable, List<LocalDate> days, String dateColumn,
        DateFormat dateFormat, boolean exact,
        SchemaChange.Rule onSchemaChange, Verdicts.Settings verdicts, List<String> segmentBy, int segments,
        boolean daysSelected, List<String> offsetFromDay, List<LocalDate> referenceDays) {

    /** An input with the {@code --offset-from-day} columns replaced by their offsets from the row's day ({@link DayOffsets}). */
    public InputReader.Input offsets(InputReader.Input in, String role) {
        return DayOffsets.apply(in, role, offsetFromDay, dateColumn, dateFormat.pattern());
    }

    /**
     * These settings with the {@code --offset-from-day} columns' own names, where {@code --features},
     * {@code --categorical}, {@code --exclude}, {@code --edges} and per-feature {@code --threshold}
     * use them, replaced by the name of the offset compared in their place ({@code event_ts} →
     * {@code event_ts (hours after ds)}), so that a feature list written for the table keeps working
     * when an offset is added. The type in {@code schema} (the current data's) decides hours or days;
     * a column it lacks keeps its name.
     */
    public JobConfig withOffsetNames(org.apache.spark.sql.types.StructType schema) {
        Map<String, String> renamed = new java.util.HashMap<>();
        for (String col : offsetFromDay) {
            if (!col.equals(dateColumn) && List.of(schema.fieldNames()).contains(col)) {
                org.apache.spark.sql.types.DataType t = schema.apply(col).dataType();
                if (io.sparkdrift.scan.FeaturePlanner.unit(t) != null) {
                    renamed.put(col, DayOffsets.name(col, t, dateColumn));
                }
            }
        }
        if (renamed.isEmpty()) {
            return this;
        }
        java.util.function.UnaryOperator<String> name = n -> renamed.getOrDefault(n, n);
        Map<String, double[]> namedEdges = new java.util.LinkedHashMap<>();
        edges.forEach((f, e) -> namedEdges.put(name.apply(f), e));
        return new JobConfig(reference, current, referenceFilter, currentFilter, features.stream().map(name).toList(),
                categorical.stream().map(name).toList(), exclude.stream().map(name).toList(), bins, resolution, namedEdges,
                smoothing, maxCategories, out, runDate, failOnDrift, policy.renamed(name), referenceProfile, storedProfile,
                resultsTable, days, dateColumn, dateFormat, exact, onSchemaChange, verdicts, segmentBy, segments, daysSelected,
                offsetFromDay, referenceDays);
    }

    /** True when each day of --current-range is compared on its own. */
    public boolean rangeMode() {
        return !days.isEmpty();
    }

    /** What the run's outputs show of these settings. */
    public RunSettings runSettings() {
        return runSettings(segmentBy);
    }

    /** What the run's outputs show, with the segment columns in effect (a stored profile's own, say). */
    public RunSettings runSettings(List<String> segmentColumns) {
        return new RunSettings(bins, resolution, smoothing, maxCategories, edges, policy, rangeMode(), verdicts, segmentColumns);
    }

    /** The binning settings of this run for a number of numeric features. */
    public FitSettings fitSettings() {
        return new FitSettings(bins, resolution, maxCategories, edges);
    }
}
