package io.sparkdrift.output;

import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.run.RunSummary;
import java.time.Instant;
import java.util.Map;

/**
 * A run's verdict and per-feature values in the Prometheus text exposition format (version 0.0.4):
 * every family a gauge with HELP and TYPE lines before its samples, label values escaped, NaN and
 * ±Inf spelled as the format does. Labels are feature, type and metric only — never the run date or
 * id, so each series stays one series from night to night (a range run exports its last day).
 */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** The text for a finished run. */
    public static String render(RunSummary s, Instant finished) {
        StringBuilder sb = new StringBuilder();
        family(sb, "spark_drift_run_success", "1 when the last drift run completed, 0 when it failed.");
        sample(sb, "spark_drift_run_success", "", 1);
        timestamp(sb, finished);
        family(sb, "spark_drift_dataset_drift", "1 when the share of drifted features reached the dataset threshold.");
        sample(sb, "spark_drift_dataset_drift", "", s.datasetDrift() ? 1 : 0);
        family(sb, "spark_drift_features_total", "Features compared.");
        sample(sb, "spark_drift_features_total", "", s.features().size());
        family(sb, "spark_drift_features_drifted", "Features that drifted.");
        sample(sb, "spark_drift_features_drifted", "", s.driftedCount());
        family(sb, "spark_drift_feature_drifted", "1 when the feature drifted.");
        for (FeatureResult r : s.features()) {
            sample(sb, "spark_drift_feature_drifted", labels(r, null), r.drifted() ? 1 : 0);
        }
        family(sb, "spark_drift_feature_error", "1 when the feature could not be compared (see summary.json).");
        for (FeatureResult r : s.features()) {
            sample(sb, "spark_drift_feature_error", labels(r, null), r.ok() ? 0 : 1);
        }
        family(sb, "spark_drift_metric", "A drift metric of a feature; units in the metric label's documentation.");
        for (FeatureResult r : s.features()) {
            for (Map.Entry<Metric, Double> m : r.metrics().entrySet()) {
                sample(sb, "spark_drift_metric", labels(r, m.getKey()), m.getValue());
            }
        }
        family(sb, "spark_drift_threshold", "The threshold a metric of a feature was held to.");
        for (FeatureResult r : s.features()) {
            for (Map.Entry<Metric, Double> t : r.thresholds().entrySet()) {
                sample(sb, "spark_drift_threshold", labels(r, t.getKey()), t.getValue());
            }
        }
        return sb.toString();
    }

    /** The text for a failed run: success 0 and the time, nothing else. */
    public static String failed(Instant finished) {
        StringBuilder sb = new StringBuilder();
        family(sb, "spark_drift_run_success", "1 when the last drift run completed, 0 when it failed.");
        sample(sb, "spark_drift_run_success", "", 0);
        timestamp(sb, finished);
        return sb.toString();
    }

    private static void timestamp(StringBuilder sb, Instant finished) {
        family(sb, "spark_drift_run_timestamp_seconds", "When the last drift run ended, Unix time.");
        sample(sb, "spark_drift_run_timestamp_seconds", "", finished.toEpochMilli() / 1000.0);
    }

    private static void family(StringBuilder sb, String name, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void sample(StringBuilder sb, String name, String labels, double value) {
        sb.append(name).append(labels).append(' ').append(value(value)).append('\n');
    }

    private static String labels(FeatureResult r, Metric metric) {
        return "{feature=\"" + escape(r.feature()) + "\",type=\"" + r.type().label() + "\""
                + (metric == null ? "" : ",metric=\"" + metric.key() + "\"") + "}";
    }

    /** A label value: backslash, double quote and line feed escaped. */
    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
