package io.sparkdrift.compare;

import io.sparkdrift.profile.FeatureType;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a feature, and the dataset, count as drifted.
 *
 * <p>A feature drifts when any of its thresholded metrics reaches its threshold: |value| ≥ threshold,
 * or value ≤ threshold for p-values. A metric that is NaN never triggers. Per-feature thresholds
 * replace the type's defaults for that feature. The dataset drifts when the share of drifted
 * features is ≥ {@code datasetShare}.
 */
public record DriftPolicy(Map<Metric, Double> numeric, Map<Metric, Double> categorical,
        Map<String, Map<Metric, Double>> perFeature, double datasetShare) implements Serializable {

    public DriftPolicy {
        numeric = Collections.unmodifiableMap(enumMap(numeric));
        categorical = Collections.unmodifiableMap(enumMap(categorical));
        Map<String, Map<Metric, Double>> pf = new LinkedHashMap<>();
        perFeature.forEach((f, m) -> pf.put(f, Collections.unmodifiableMap(enumMap(m))));
        perFeature = Collections.unmodifiableMap(pf);
        if (!(datasetShare >= 0.0 && datasetShare <= 1.0)) {
            throw new IllegalArgumentException("dataset drift share must be in [0, 1], got " + datasetShare);
        }
    }

    private static EnumMap<Metric, Double> enumMap(Map<Metric, Double> m) {
        EnumMap<Metric, Double> out = new EnumMap<>(Metric.class);
        out.putAll(m);
        return out;
    }

    /**
     * Defaults: numeric wasserstein_normed ≥ 0.1; categorical js_distance ≥ 0.1 and
     * new_category_share ≥ 0.1 (novelty a truncated vocabulary would hide in its pooled bin); both
     * with null_rate_delta ≥ 0.1; dataset share 0.5.
     */
    public static DriftPolicy defaults() {
        return new DriftPolicy(defaultNumeric(), defaultCategorical(), Map.of(), 0.5);
    }

    public static Map<Metric, Double> defaultNumeric() {
        return Map.of(Metric.WASSERSTEIN_NORMED, 0.1, Metric.NULL_RATE_DELTA, 0.1);
    }

    public static Map<Metric, Double> defaultCategorical() {
        return Map.of(Metric.JS_DISTANCE, 0.1, Metric.NEW_CATEGORY_SHARE, 0.1, Metric.NULL_RATE_DELTA, 0.1);
    }

    /** This policy with its per-feature thresholds filed under {@code name}'s name for each feature. */
    public DriftPolicy renamed(java.util.function.UnaryOperator<String> name) {
        Map<String, Map<Metric, Double>> pf = new LinkedHashMap<>();
        perFeature.forEach((f, m) -> pf.put(name.apply(f), m));
        return new DriftPolicy(numeric, categorical, pf, datasetShare);
    }

    /** The thresholds that apply to one feature. */
    public Map<Metric, Double> thresholds(String feature, FeatureType type) {
        Map<Metric, Double> own = perFeature.get(feature);
        if (own != null) {
            return own;
        }
        return type == FeatureType.NUMERIC ? numeric : categorical;
    }

    /** True when {@code value} reaches {@code threshold} for this metric. NaN never does. */
    public static boolean triggers(Metric metric, double value, double threshold) {
        if (Double.isNaN(value)) {
            return false;
        }
        return metric.smallerIsWorse() ? value <= threshold : Math.abs(value) >= threshold;
    }

    /** How far past its threshold a value is (1 = at the threshold); orders features by severity. */
    public static double severity(Metric metric, double value, double threshold) {
        if (Double.isNaN(value)) {
            return 0.0;
        }
        if (metric.smallerIsWorse()) {
            return value <= 0.0 ? Double.POSITIVE_INFINITY : threshold / value;
        }
        return threshold <= 0.0 ? (value == 0.0 ? 0.0 : Double.POSITIVE_INFINITY) : Math.abs(value) / threshold;
    }
}
