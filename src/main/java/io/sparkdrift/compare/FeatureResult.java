package io.sparkdrift.compare;

import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.FeatureType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison of one feature. An {@link FeatureStatus#ERROR} carries a one-line
 * message and whatever metrics could still be computed (the rest are absent).
 *
 * @param metrics metric → value (NaN and ±∞ possible), in {@link Metric} order
 * @param thresholds the thresholds that applied
 * @param triggered the metrics that reached their thresholds
 * @param severity the largest value/threshold ratio (orders the report, worst first)
 * @param details extra facts for the report: new and missing categories, KS p-value method
 * @param reference the reference profile (null if the feature could not be profiled)
 * @param current the current profile (null if the feature could not be profiled)
 * @param explanation what moved (null for a feature with an error)
 */
public record FeatureResult(String feature, FeatureType type, FeatureStatus status, String error,
        Map<Metric, Double> metrics, Map<Metric, Double> thresholds, List<Metric> triggered, double severity,
        Map<String, Object> details, FeatureProfile reference, FeatureProfile current, Explanation explanation) {

    public FeatureResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
        triggered = List.copyOf(triggered);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** This result with one more entry in its details. */
    public FeatureResult withDetail(String key, Object value) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put(key, value);
        return new FeatureResult(feature, type, status, error, metrics, thresholds, triggered, severity, d, reference,
                current, explanation);
    }

    /** This result with one more warning (after those it has). */
    public FeatureResult withWarning(String warning) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        appendWarning(d, warning);
        return new FeatureResult(feature, type, status, error, metrics, thresholds, triggered, severity, d, reference,
                current, explanation);
    }

    /** The warnings in the details, in the order added (empty without any). */
    public List<String> warnings() {
        return details.get("warnings") instanceof List<?> w ? w.stream().map(String::valueOf).toList() : List.of();
    }

    /** Adds a warning to a result's details, after the warnings they hold. */
    static void appendWarning(Map<String, Object> details, String warning) {
        List<String> warnings = new java.util.ArrayList<>();
        if (details.get("warnings") instanceof List<?> w) {
            w.forEach(x -> warnings.add(String.valueOf(x)));
        }
        warnings.add(warning);
        details.put("warnings", warnings);
    }

    /**
     * This result noting a type change that kept the feature comparable ({@code int} → {@code bigint}):
     * {@link Metric#SCHEMA_CHANGE} = 1 without a threshold, and the change in the details.
     */
    public FeatureResult withTypeChange(String what) {
        Map<Metric, Double> m = new java.util.EnumMap<>(Metric.class);
        m.putAll(metrics);
        m.put(Metric.SCHEMA_CHANGE, 1.0);
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put("schema_change", what);
        return new FeatureResult(feature, type, status, error, m, thresholds, triggered, severity, d, reference,
                current, explanation);
    }

    /**
     * The unit of a metric of this feature: the metric's own, except that "feature units" are days
     * for a date feature and seconds for a timestamp one (the {@code unit} detail).
     */
    public String unitOf(Metric m) {
        Object unit = details.get("unit");
        return unit != null && m.unit().equals("feature units") ? unit.toString() : m.unit();
    }

    public boolean drifted() {
        return !triggered.isEmpty();
    }

    public boolean ok() {
        return status == FeatureStatus.OK;
    }
}
