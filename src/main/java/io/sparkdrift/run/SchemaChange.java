package io.sparkdrift.run;

import java.util.Locale;

/**
 * A column whose presence or type differs between the reference (its data, or the types a stored
 * profile recorded) and the current data: a finding of the run, reported in summary.json
 * ({@code schema_changes}), the results table (metric {@code schema_change}) and the report.
 *
 * @param column the column's name
 * @param kind what changed
 * @param referenceType the reference's Spark type ({@code int}, {@code string}, ...), null when added
 * @param currentType the current data's Spark type, null when dropped
 * @param comparable whether the feature is still compared as usual (a new column, or a type within
 *     the same kind such as {@code int} → {@code bigint}); a dropped feature, or one that changed kind
 *     (numeric ↔ categorical), is not
 * @param featureType how the column is (or would be) compared: {@code numeric}, {@code categorical}, or
 *     {@code unsupported} for an added column of another type
 */
public record SchemaChange(String column, Kind kind, String referenceType, String currentType, boolean comparable,
        String featureType) {

    /** The kinds of change, written as their {@link #key()}. */
    public enum Kind {
        ADDED, DROPPED, RETYPED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One line for people: "dropped (was double)", "retyped double → string", "added (string)". */
    public String describe() {
        return switch (kind) {
            case ADDED -> "added (" + currentType + ")";
            case DROPPED -> "dropped (was " + referenceType + ")";
            case RETYPED -> "retyped " + referenceType + " → " + currentType
                    + (comparable ? " (still compared)" : " (not comparable)");
        };
    }

    /** What a schema change does to the verdict: {@code --on-schema-change drift|warn|fail}. */
    public enum Rule {
        /** A dropped feature, or one retyped to another kind, counts as drifted (default). */
        DRIFT,
        /** Changes are reported; none counts as drift. */
        WARN,
        /** Changes are reported as with drift, and any change (added, dropped, retyped) makes the run exit 1. */
        FAIL;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
