package io.sparkdrift.run;


import io.sparkdrift.compare.FeatureResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything one run found, in report order: drifted features first, then by severity (how far the
 * worst metric is past its threshold), then by name.
 *
 * @param skipped columns not compared, with the reason
 * @param schema the types seen and the schema changes found
 * @param segments each segment's comparison ({@code --segment-by}), most frequent in the reference
 *     first, "other" last; empty without segments
 */
public record RunSummary(String runId, LocalDate runDate, Instant createdAt, InputInfo reference,
        InputInfo current, RunSettings settings, List<FeatureResult> features, Map<String, String> skipped,
        SchemaInfo schema, List<SegmentResult> segments) {

    /**
     * Output schema version of summary.json and the Parquet tables. 2 added the binning facts and
     * warnings to summary.json and the {@code discrete} column to profiles (version-1 profiles still
     * load, as not discrete). 3 added {@code schema_changes} and feature units to summary.json, the
     * {@code schema_change} metric and status to the results table, and {@code source_type} to profiles.
     * 4 added the fit state to profiles (settings, value grids, category sketches; the profile mode
     * fills it, so profiles fitted on different data merge); the other outputs are as in 3.
     */
    public static final int SCHEMA_VERSION = 4;

    /**
     * One input as the run saw it.
     *
     * @param windowDays the days the input's date window spans (0: no window, or not checked)
     * @param missingDays the window's days whose partition holds no file, in order (empty when every day has files
     *     or the window was not checked: it is checked where the date column is a partition column of a file scan)
     */
    public record InputInfo(String path, String format, String filter, long rows, int windowDays,
            List<LocalDate> missingDays) {
        public InputInfo {
            missingDays = List.copyOf(missingDays);
        }

        /** An input read without a checked date window. */
        public InputInfo(String path, String format, String filter, long rows) {
            this(path, format, filter, rows, 0, List.of());
        }

        /**
         * The window's missing days in words, e.g. {@code 21 of its 28 days have no files (2026-10-11 … 2026-10-31)}
         * (runs of consecutive days as first … last, at most 4 runs named); "" when none is missing.
         */
        public String missingDaysText() {
            if (missingDays.isEmpty()) {
                return "";
            }
            List<String> runs = new java.util.ArrayList<>();
            int i = 0;
            while (i < missingDays.size()) {
                int j = i;
                while (j + 1 < missingDays.size() && missingDays.get(j + 1).equals(missingDays.get(j).plusDays(1))) {
                    j++;
                }
                runs.add(i == j ? missingDays.get(i).toString() : missingDays.get(i) + " … " + missingDays.get(j));
                i = j + 1;
            }
            String named = String.join(", ", runs.subList(0, Math.min(4, runs.size())))
                    + (runs.size() > 4 ? " and " + (runs.size() - 4) + " more" : "");
            return missingDays.size() + " of its " + windowDays + " days " + (missingDays.size() == 1 ? "has" : "have")
                    + " no files (" + named + ")";
        }
    }

    public static final Comparator<FeatureResult> WORST_FIRST = Comparator
            .comparing((FeatureResult r) -> !r.drifted())
            .thenComparing(Comparator.comparingDouble(FeatureResult::severity).reversed())
            .thenComparing(FeatureResult::feature);

    public RunSummary {
        features = features.stream().sorted(WORST_FIRST).toList();
        skipped = Map.copyOf(skipped);
        segments = List.copyOf(segments);
    }

    /** A summary without schema facts (no types known, no changes). */
    public RunSummary(String runId, LocalDate runDate, Instant createdAt, InputInfo reference, InputInfo current,
            RunSettings settings, List<FeatureResult> features, Map<String, String> skipped) {
        this(runId, runDate, createdAt, reference, current, settings, features, skipped, SchemaInfo.NONE, List.of());
    }

    public long driftedCount() {
        return features.stream().filter(FeatureResult::drifted).count();
    }

    /** Features whose comparison failed (schema changes are not errors: see {@link #schema()}). */
    public long errorCount() {
        return features.stream().filter(f -> f.status() == io.sparkdrift.compare.FeatureStatus.ERROR).count();
    }

    /** Share of compared features that drifted; 0 when there are none. */
    public double driftedShare() {
        return features.isEmpty() ? 0.0 : (double) driftedCount() / features.size();
    }

    public boolean datasetDrift() {
        return !features.isEmpty() && driftedShare() >= settings.policy().datasetShare();
    }
}
