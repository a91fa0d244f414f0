package io.sparkdrift.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable profile of one dataset: its row count and one profile per feature (in a stable order).
 */
public record DatasetProfile(long rows, Map<String, FeatureProfile> features) {
    public DatasetProfile {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    public FeatureProfile feature(String name) {
        return features.get(name);
    }

    /**
     * The profile of the union of two datasets profiled on the same binnings: counts add exactly,
     * bin sums add in floating point. Features must match one for one.
     *
     * @throws IllegalArgumentException naming the first feature whose binning or type differs
     */
    public DatasetProfile merge(DatasetProfile other) {
        if (!features.keySet().equals(other.features.keySet())) {
            throw new IllegalArgumentException("profiles hold different features: " + features.keySet()
                    + " vs " + other.features.keySet());
        }
        Map<String, FeatureProfile> merged = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureProfile> e : features.entrySet()) {
            FeatureProfile b = other.features.get(e.getKey());
            try {
                merged.put(e.getKey(), mergeFeature(e.getValue(), b));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("feature '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
        }
        return new DatasetProfile(rows + other.rows, merged);
    }

    private static FeatureProfile mergeFeature(FeatureProfile a, FeatureProfile b) {
        if (a instanceof NumericProfile x && b instanceof NumericProfile y) {
            return NumericAccumulator.of(x).merge(NumericAccumulator.of(y)).snapshot(x.feature());
        }
        if (a instanceof CategoricalProfile x && b instanceof CategoricalProfile y) {
            return CategoricalAccumulator.of(x).merge(CategoricalAccumulator.of(y)).snapshot(x.feature());
        }
        throw new IllegalArgumentException("numeric in one profile and categorical in the other");
    }
}
