package io.sparkdrift.scan;

import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.run.InputException;
import io.sparkdrift.run.SchemaChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Decides which columns are compared and how, and which columns changed between the reference and
 * the current data.
 * <ul>
 *   <li>Default: every reference column except partition columns and {@code --exclude}; numeric
 *       columns are numeric features, dates and timestamps too (in days and in seconds since
 *       1970-01-01 UTC), string and boolean columns categorical; other types (binary, nested) are
 *       skipped and listed in the summary.</li>
 *   <li>{@code --features}: exactly those (each must exist in the reference and have a supported type).</li>
 *   <li>{@code --categorical}: compared as categories whatever their type (values cast to string).</li>
 * </ul>
 * A changed schema is a finding, not an error: a feature missing from the current data, or whose
 * type changed kind (numeric, days, seconds, categorical), is not compared and is listed in
 * {@link Plan#changes()} with the columns the current data added and the types that changed within
 * their kind (those features are compared as usual).
 */
public final class FeaturePlanner {
    /**
     * The features to compare, the features a schema change keeps from being compared (dropped, or
     * retyped to another kind), every schema change, and the columns left out with the reason.
     */
    public record Plan(List<FeatureSpec> numeric, List<FeatureSpec> categorical, List<FeatureSpec> notComparable,
            List<SchemaChange> changes, Map<String, String> skipped) {
        /** The compared features, numeric first. */
        public List<FeatureSpec> all() {
            List<FeatureSpec> out = new ArrayList<>(numeric);
            out.addAll(categorical);
            return out;
        }
    }

    private FeaturePlanner() {
    }

    public static Plan plan(StructType reference, StructType current, Set<String> partitionColumns,
            List<String> features, List<String> categorical, List<String> exclude, Set<String> edgeFeatures) {
        Map<String, String> skipped = new LinkedHashMap<>();
        Set<String> excluded = new LinkedHashSet<>(exclude);
        for (String c : categorical) {
            requireColumn(reference, "reference", c, "--categorical");
        }
        List<String> names = new ArrayList<>();
        if (!features.isEmpty()) {
            for (String f : features) {
                requireColumn(reference, "reference", f, "--features");
                if (!excluded.contains(f)) {
                    names.add(f);
                }
            }
        } else {
            for (StructField f : reference.fields()) {
                if (partitionColumns.contains(f.name())) {
                    skipped.put(f.name(), "partition column");
                } else if (excluded.contains(f.name())) {
                    skipped.put(f.name(), "excluded");
                } else if (!categorical.contains(f.name()) && kind(f.dataType()) == null) {
                    skipped.put(f.name(), "its type " + f.dataType().simpleString()
                            + " is not compared; list it in --categorical to compare its values as categories");
                } else {
                    names.add(f.name());
                }
            }
        }
        List<SchemaChange> changes = new ArrayList<>();
        List<FeatureSpec> num = new ArrayList<>();
        List<FeatureSpec> cat = new ArrayList<>();
        List<FeatureSpec> notComparable = new ArrayList<>();
        for (String name : names) {
            DataType rt = reference.apply(name).dataType();
            FeatureType type = categorical.contains(name) ? FeatureType.CATEGORICAL : kind(rt);
            if (type == null) {
                throw new InputException("feature '" + name + "' has unsupported type " + rt.simpleString()
                        + "; list it in --categorical or pass --exclude " + name);
            }
            FeatureSpec spec = new FeatureSpec(name, type);
            if (!hasColumn(current, name)) {
                changes.add(new SchemaChange(name, SchemaChange.Kind.DROPPED, rt.simpleString(), null, false, type.label()));
                notComparable.add(spec);
                continue;
            }
            DataType ct = current.apply(name).dataType();
            boolean comparable = type == FeatureType.CATEGORICAL && categorical.contains(name)
                    || kind(ct) == type && java.util.Objects.equals(unit(rt), unit(ct));
            if (!rt.sameType(ct)) {
                changes.add(new SchemaChange(name, SchemaChange.Kind.RETYPED, rt.simpleString(), ct.simpleString(), comparable,
                        type.label()));
            }
            (!comparable ? notComparable : type == FeatureType.NUMERIC ? num : cat).add(spec);
        }
        for (StructField f : current.fields()) {
            if (!hasColumn(reference, f.name()) && !partitionColumns.contains(f.name()) && !excluded.contains(f.name())) {
                FeatureType k = kind(f.dataType());
                changes.add(new SchemaChange(f.name(), SchemaChange.Kind.ADDED, null, f.dataType().simpleString(), true,
                        k == null ? "unsupported" : k.label()));
            }
        }
        for (String f : edgeFeatures) {
            if (num.stream().noneMatch(s -> s.name().equals(f))) {
                throw new InputException("--edges given for '" + f + "', which is not a numeric feature of this run;"
                        + " check the name or drop the edges");
            }
        }
        if (num.isEmpty() && cat.isEmpty() && notComparable.isEmpty()) {
            throw new InputException("no features to compare: the reference has no supported columns left after"
                    + " exclusions; check --features and --exclude");
        }
        return new Plan(num, cat, notComparable, changes, skipped);
    }

    /** NUMERIC (numbers, dates, timestamps), CATEGORICAL, or null for unsupported types. */
    public static FeatureType kind(DataType t) {
        if (t instanceof NumericType || unit(t) != null) {
            return FeatureType.NUMERIC;
        }
        if (t instanceof StringType || t instanceof BooleanType) {
            return FeatureType.CATEGORICAL;
        }
        return null;
    }

    /**
     * The unit a numeric feature of this type is measured in: {@code days} (since 1970-01-01) for
     * dates, {@code seconds} (since 1970-01-01 00:00:00 UTC; a timestamp without time zone as if it
     * were UTC) for timestamps, null for numbers (the column's own units).
     */
    public static String unit(DataType t) {
        if (t instanceof DateType) {
            return "days";
        }
        if (t instanceof TimestampType || t instanceof TimestampNTZType) {
            return "seconds";
        }
        return null;
    }

    private static void requireColumn(StructType schema, String role, String name, String flag) {
        if (!hasColumn(schema, name)) {
            throw new InputException("column '" + name + "' named in " + flag + " is not in the " + role
                    + " data; its columns are " + String.join(", ", schema.fieldNames()));
        }
    }

    private static boolean hasColumn(StructType schema, String name) {
        return List.of(schema.fieldNames()).contains(name);
    }
}
