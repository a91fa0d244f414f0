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
}
