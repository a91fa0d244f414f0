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
 */
public record RunSummary(String runId, LocalDate runDate, Instant createdAt, InputInfo reference,
        InputInfo current, RunSettings settings, List<FeatureResult> features, Map<String, String> skipped) {

    /**
     * Output schema version of summary.json and the Parquet tables. 2 added the binning facts and
     * warnings to summary.json and the {@code discrete} column to profiles (version-1 profiles still
     * load, as not discrete).
     */
    public static final int SCHEMA_VERSION = 2;

    /** One input as the run saw it. */
    public record InputInfo(String path, String format, String filter, long rows) {
    }

    public static final Comparator<FeatureResult> WORST_FIRST = Comparator
            .comparing((FeatureResult r) -> !r.drifted())
            .thenComparing(Comparator.comparingDouble(FeatureResult::severity).reversed())
            .thenComparing(FeatureResult::feature);

    public RunSummary {
        features = features.stream().sorted(WORST_FIRST).toList();
        skipped = Map.copyOf(skipped);
    }

    public long driftedCount() {
        return features.stream().filter(FeatureResult::drifted).count();
    }

    public long errorCount() {
        return features.stream().filter(f -> !f.ok()).count();
    }

    /** Share of compared features that drifted; 0 when there are none. */
    public double driftedShare() {
        return features.isEmpty() ? 0.0 : (double) driftedCount() / features.size();
    }

    public boolean datasetDrift() {
        return !features.isEmpty() && driftedShare() >= settings.policy().datasetShare();
    }
}
