package io.sparkdrift.job;

import io.sparkdrift.compare.DriftPolicy;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.run.RunSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The validated, typed settings of one drift run (built and checked by the command line's front
 * door, {@code io.sparkdrift.cli.Commands}, or by code).
 */
public record JobConfig(String reference, String current, String format, String referenceFilter,
        String currentFilter, List<String> features, List<String> categorical, List<String> exclude, int bins,
        int resolution, Map<String, double[]> edges, double smoothing, int maxCategories, String out,
        LocalDate runDate, boolean failOnDrift, DriftPolicy policy,
        String referenceProfile, String resultsTable, List<LocalDate> days, String dateColumn, boolean exact) {

    /** True when each day of --current-range is compared on its own. */
    public boolean rangeMode() {
        return !days.isEmpty();
    }

    /** What the run's outputs show of these settings. */
    public RunSettings runSettings() {
        return new RunSettings(bins, resolution, smoothing, maxCategories, edges, policy, rangeMode());
    }

    /** The binning settings of this run for a number of numeric features. */
    public FitSettings fitSettings(int numericFeatures) {
        return new FitSettings(bins, resolution, maxCategories, edges, FitSettings.sampleCapacityFor(numericFeatures));
    }
}
