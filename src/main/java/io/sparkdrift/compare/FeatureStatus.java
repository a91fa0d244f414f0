package io.sparkdrift.compare;

import java.util.Locale;

/** Whether a feature could be compared; written in the outputs as its {@link #key()}. */
public enum FeatureStatus {
    /** Compared: every metric the feature's type has is reported. */
    OK,
    /** Not (fully) compared: the result carries a one-line message and whatever metrics could be computed. */
    ERROR,
    /**
     * Not compared because its column was dropped or changed kind: the message says which, the only
     * metric is {@link Metric#SCHEMA_CHANGE}.
     */
    SCHEMA_CHANGE,
    /**
     * Compared, but on too few rows for a verdict (fewer than {@code --min-rows} in the current data
     * or the reference): every metric is reported, none is held against a threshold.
     */
    INSUFFICIENT_DATA;

    /** The name in summary.json and the results table: "ok", "error", "schema_change" or "insufficient_data". */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
