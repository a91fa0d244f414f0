package io.sparkdrift.run;

import io.sparkdrift.compare.DriftPolicy;
import io.sparkdrift.compare.Verdicts;
import java.util.List;
import java.util.Map;

/**
 * The settings of a run that its outputs show (summary.json's {@code settings}, the report's
 * header) and name files by: a narrow view of the job's configuration, so that outputs, report and
 * stored tables depend on the run's result types and never on the job.
 *
 * @param bins coarse bins per numeric feature
 * @param resolution fine bins per numeric feature
 * @param smoothing probability mass added per bin for KL and PSI
 * @param maxCategories categories kept per categorical feature
 * @param edges explicit coarse edges by feature
 * @param policy the drift thresholds and the dataset share
 * @param rangeMode whether each day of a current range gets its own summary and report
 * @param verdicts false-discovery control, the minimum rows, learned thresholds
 * @param segmentBy the segment columns (empty: no segments)
 */
public record RunSettings(int bins, int resolution, double smoothing, int maxCategories, Map<String, double[]> edges,
        DriftPolicy policy, boolean rangeMode, Verdicts.Settings verdicts, List<String> segmentBy) {

    /** Settings with the default verdict rules. */
    public RunSettings(int bins, int resolution, double smoothing, int maxCategories, Map<String, double[]> edges,
            DriftPolicy policy, boolean rangeMode) {
        this(bins, resolution, smoothing, maxCategories, edges, policy, rangeMode, Verdicts.Settings.defaults(), List.of());
    }
}
