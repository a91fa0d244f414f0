package io.sparkdrift.scan;

import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.run.InputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decides which columns are compared and how.
 * <ul>
 *   <li>Default: every reference column except partition columns and {@code --exclude}; numeric
 *       columns are numeric features, string and boolean columns categorical; other types (dates,
 *       timestamps, binary, nested) are skipped and listed in the summary.</li>
 *   <li>{@code --features}: exactly those (each must exist and have a supported type).</li>
 *   <li>{@code --categorical}: compared as categories whatever their type (values cast to string).</li>
 * </ul>
 * A feature missing from either dataset, or numeric in one and not in the other, is an
 * {@link InputException}: a changed schema is not something to average over.
 */
public final class FeaturePlanner {
    /** The features to compare, and the columns left out with the reason. */
    public record Plan(List<FeatureSpec> numeric, List<FeatureSpec> categorical, Map<String, String> skipped) {
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
                    skipped.put(f.name(), "unsupported type " + f.dataType().simpleString()
                            + " (list it in --categorical to compare its values as categories)");
                } else {
                    names.add(f.name());
                }
            }
        }
        for (StructField f : current.fields()) {
            if (!hasColumn(reference, f.name()) && !partitionColumns.contains(f.name())) {
                skipped.put(f.name(), "only in the current data (a new column): nothing to compare it with");
            }
        }
        List<FeatureSpec> num = new ArrayList<>();
        List<FeatureSpec> cat = new ArrayList<>();
        for (String name : names) {
            DataType rt = reference.apply(name).dataType();
            if (!hasColumn(current, name)) {
                throw new InputException("feature '" + name + "' is missing from the current data; add the column"
                        + " or pass --exclude " + name);
            }
            DataType ct = current.apply(name).dataType();
            FeatureType type = categorical.contains(name) ? FeatureType.CATEGORICAL : kind(rt);
            if (type == null) {
                throw new InputException("feature '" + name + "' has unsupported type " + rt.simpleString()
                        + "; list it in --categorical or pass --exclude " + name);
            }
            if (type == FeatureType.NUMERIC && kind(ct) != FeatureType.NUMERIC) {
                throw new InputException("feature '" + name + "' is " + rt.simpleString() + " in the reference but "
                        + ct.simpleString() + " in the current data; fix the type, or pass --categorical " + name
                        + " or --exclude " + name);
            }
            if (type == FeatureType.CATEGORICAL && !categorical.contains(name) && kind(ct) != FeatureType.CATEGORICAL) {
                throw new InputException("feature '" + name + "' is " + rt.simpleString() + " in the reference but "
                        + ct.simpleString() + " in the current data; fix the type or pass --exclude " + name);
            }
            (type == FeatureType.NUMERIC ? num : cat).add(new FeatureSpec(name, type));
        }
        for (String f : edgeFeatures) {
            if (num.stream().noneMatch(s -> s.name().equals(f))) {
                throw new InputException("--edges given for '" + f + "', which is not a numeric feature of this run;"
                        + " check the name or drop the edges");
            }
        }
        if (num.isEmpty() && cat.isEmpty()) {
            throw new InputException("no features to compare: the reference has no supported columns left after"
                    + " exclusions; check --features and --exclude");
        }
        return new Plan(num, cat, skipped);
    }

    /** NUMERIC, CATEGORICAL, or null for unsupported types. */
    static FeatureType kind(DataType t) {
        if (t instanceof NumericType) {
            return FeatureType.NUMERIC;
        }
        if (t instanceof StringType || t instanceof BooleanType) {
            return FeatureType.CATEGORICAL;
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
