package io.sparkdrift.profile;

/** How a feature is compared: numeric (binned on edges) or categorical (counted per category). */
public enum FeatureType {
    NUMERIC, CATEGORICAL;

    /** Lower-case name used in every output. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
