package io.sparkdrift.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schemas a run saw: the Spark type of every reference feature (from the data, or as a stored
 * profile recorded it; absent for profiles written before schema version 3) and of every current
 * column, the schema changes between them, and the rule that decides what a change does.
 *
 * @param referenceTypes feature → Spark type name ({@code int}, {@code date}, {@code string}, ...), then
 *     the reference's other columns (partition, segment, left-out and unsupported ones) → theirs
 * @param currentTypes column → Spark type name
 */
public record SchemaInfo(Map<String, String> referenceTypes, Map<String, String> currentTypes,
        List<SchemaChange> changes, SchemaChange.Rule rule) {

    /** No types known, no changes (what summaries built by hand and older code paths carry). */
    public static final SchemaInfo NONE = new SchemaInfo(Map.of(), Map.of(), List.of(), SchemaChange.Rule.DRIFT);

    public SchemaInfo {
        referenceTypes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(referenceTypes));
        currentTypes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(currentTypes));
        changes = List.copyOf(changes);
    }

    /**
     * The unit of a numeric feature whose Spark type is {@code type}: {@code days} for dates,
     * {@code seconds} for timestamps, null for numbers (they keep the column's own units).
     */
    public static String unitOf(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "date" -> "days";
            case "timestamp", "timestamp_ntz" -> "seconds";
            default -> null;
        };
    }

    /** The unit of a reference feature (see {@link #unitOf}), or null. */
    public String unit(String feature) {
        return unitOf(referenceTypes.get(feature));
    }

    /** True when {@code --on-schema-change fail} applies and something changed: the run exits 1. */
    public boolean fails() {
        return rule == SchemaChange.Rule.FAIL && !changes.isEmpty();
    }
}
