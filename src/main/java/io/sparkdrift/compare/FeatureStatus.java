package io.sparkdrift.compare;

import java.util.Locale;

/** Whether a feature could be compared; written in the outputs as its {@link #key()}. */
public enum FeatureStatus {
    /** Compared: every metric the feature's type has is reported. */
    OK,
    /** Not (fully) compared: the result carries a one-line message and whatever metrics could be computed. */
    ERROR;

    /** The name in summary.json and the results table: "ok" or "error". */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
