package io.sparkdrift.store;

import io.sparkdrift.compare.Metric;
import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.profile.OutsideCategories;
import io.sparkdrift.profile.ReferenceValues;
import io.sparkdrift.profile.ValueGrid;
import io.sparkdrift.run.RunSummary;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.ArraySeq;

/**
 * A feature profile as one Parquet row and back, losslessly: every count, bin statistic, edge and
 * category round-trips exactly, so a stored profile compares exactly like the live one.
 * Schema version {@link RunSummary#SCHEMA_VERSION}; columns documented in the README.
 */
public final class ProfileRows {
    public static final StructType SCHEMA = new StructType()
            .add("schema_version", DataTypes.IntegerType, false)
            .add("run_id", DataTypes.StringType, false)
            .add("role", DataTypes.StringType, false)
            .add("feature", DataTypes.StringType, false)
            .add("type", DataTypes.StringType, false)
            .add("rows", DataTypes.LongType, false)
            .add("nulls", DataTypes.LongType, false)
            .add("nan", DataTypes.LongType, false)
            .add("positive_infinite", DataTypes.LongType, false)
            .add("negative_infinite", DataTypes.LongType, false)
            .add("min", DataTypes.DoubleType, true)
            .add("max", DataTypes.DoubleType, true)
            .add("mean", DataTypes.DoubleType, true)
            .add("std", DataTypes.DoubleType, true)
            .add("edges", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("coarse_edge_index", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
            .add("bin_count", DataTypes.createArrayType(DataTypes.LongType, false), true)
            .add("bin_min", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("bin_max", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("bin_offset_sum", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("bin_offset_square_sum", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("bin_offset_unit", DataTypes.IntegerType, true)
            .add("categories", DataTypes.createArrayType(DataTypes.StringType, false), true)
            .add("category_count", DataTypes.createArrayType(DataTypes.LongType, false), true)
            .add("vocabulary_complete", DataTypes.BooleanType, true)
            .add("outside_categories", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), true)
            .add("outside_exact", DataTypes.BooleanType, true)
            .add("discrete", DataTypes.BooleanType, true)
            .add("reference_values", DataTypes.BinaryType, true)
            .add("novel_count", DataTypes.LongType, true)
            .add("source_type", DataTypes.StringType, true)
            .add("history", DataTypes.createMapType(DataTypes.StringType,
                    DataTypes.createArrayType(DataTypes.DoubleType, false), false), true)
            .add("segment", DataTypes.StringType, true)
            .add("segment_key", DataTypes.StringType, true)
            .add("segment_by", DataTypes.StringType, true)
            // the fit state (since version 4): what merge-profiles merges when profiles' edges differ
            .add("fit_bins", DataTypes.IntegerType, true)
            .add("fit_resolution", DataTypes.IntegerType, true)
            .add("fit_max_categories", DataTypes.IntegerType, true)
            .add("grid_budget", DataTypes.IntegerType, true)
            .add("grid_level", DataTypes.IntegerType, true)
            .add("grid_scale", DataTypes.IntegerType, true)
            .add("grid_count", DataTypes.createArrayType(DataTypes.LongType, false), true)
            .add("grid_min", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("grid_max", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("grid_offset_sum", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("grid_offset_square_sum", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("category_sketch", DataTypes.BinaryType, true)
            .add("run_date", DataTypes.DateType, false);

    /** The fit state's columns (fit_bins … category_sketch above), which only merge-profiles reads. */
    static final List<String> FIT_STATE = List.of(SCHEMA.fieldNames())
            .subList(SCHEMA.fieldIndex("fit_bins"), SCHEMA.fieldIndex("category_sketch") + 1);

    /** {@link #SCHEMA} without the fit state: what a comparison reads of a stored profile. */
    static final StructType COMPARED = new StructType(java.util.Arrays.stream(SCHEMA.fields())
            .filter(f -> !FIT_STATE.contains(f.name())).toArray(org.apache.spark.sql.types.StructField[]::new));

    /**
     * A feature's part of the state its profile was fitted from ({@link ReferenceAccumulator}): the
     * settings, and the numeric feature's value grid or the categorical feature's frequent-items sketch.
     */
    public record FitColumns(FitSettings settings, ValueGrid grid, byte[] sketch) {
    }

    /**
     * The segment a profile row belongs to (null for the overall profile).
     *
     * @param label {@code market=DE} or "other"
     * @param key the rows' key (null for "other")
     * @param by the segment columns, comma-separated
     */
    public record SegmentOf(String label, String key, String by) {
    }

    private ProfileRows() {
    }

    /**
     * @param sourceType the feature's Spark type in the data it was profiled from, or null when unknown
     * @param history metric → its value for each merged day against the rest (merge-profiles), or null
     * @param segment the segment of a segment's profile, null for the overall one
     */
    public static Row toRow(FeatureProfile p, String role, String runId, LocalDate runDate, String sourceType,
            Map<Metric, double[]> history, SegmentOf segment) {
        return toRow(p, role, runId, runDate, sourceType, history, segment, null);
    }

    /** As above, with the feature's fit state (null: none). */
    public static Row toRow(FeatureProfile p, String role, String runId, LocalDate runDate, String sourceType,
            Map<Metric, double[]> history, SegmentOf segment, FitColumns fit) {
        Values v = new Values();
        v.put("schema_version", RunSummary.SCHEMA_VERSION);
        v.put("run_id", runId);
        v.put("role", role);
        v.put("feature", p.feature());
        v.put("type", p.type().label());
        v.put("rows", p.rows());
        v.put("nulls", p.nulls());
        v.put("nan", p.nan());
        v.put("positive_infinite", 0L);
        v.put("negative_infinite", 0L);
        if (p instanceof NumericProfile n) {
            BinnedSample b = n.sample();
            v.put("positive_infinite", n.posInf());
            v.put("negative_infinite", n.negInf());
            v.put("min", b.min());
            v.put("max", b.max());
            v.put("mean", b.mean());
            v.put("std", n.std());
            v.put("edges", new ArraySeq.ofDouble(b.edges()));
            v.put("coarse_edge_index", new ArraySeq.ofInt(n.binning().coarse()));
            v.put("bin_count", new ArraySeq.ofLong(b.counts()));
            v.put("bin_min", new ArraySeq.ofDouble(b.mins()));
            v.put("bin_max", new ArraySeq.ofDouble(b.maxs()));
            v.put("bin_offset_sum", new ArraySeq.ofDouble(b.offsetSums()));
            v.put("bin_offset_square_sum", new ArraySeq.ofDouble(b.offsetSquares()));
            v.put("bin_offset_unit", Math.getExponent(b.scale()));
            v.put("discrete", n.binning().discrete());
        } else if (p instanceof CategoricalProfile c) {
            v.put("categories", c.binning().vocabulary());
            v.put("category_count", new ArraySeq.ofLong(c.counts()));
            v.put("vocabulary_complete", c.binning().complete());
            v.put("outside_categories", c.outside().counts());
            v.put("outside_exact", c.outside().exact());
            v.put("reference_values", c.binning().referenceValues() == null ? null : c.binning().referenceValues().toBytes());
            v.put("novel_count", c.novel());
        }
        v.put("source_type", sourceType);
        if (history != null && !history.isEmpty()) {
            Map<String, ArraySeq.ofDouble> h = new java.util.LinkedHashMap<>();
            history.forEach((m, values) -> h.put(m.key(), new ArraySeq.ofDouble(values)));
            v.put("history", h);
        }
        if (segment != null) {
            v.put("segment", segment.label());
            v.put("segment_key", segment.key());
            v.put("segment_by", segment.by());
        }
        if (fit != null) {
            v.put("fit_bins", fit.settings().bins());
            v.put("fit_resolution", fit.settings().resolution());
            v.put("fit_max_categories", fit.settings().maxCategories());
            if (fit.grid() != null) {
                ValueGrid g = fit.grid();
                ValueGrid.Buckets b = g.buckets();
                v.put("grid_budget", g.budget());
                v.put("grid_level", g.level());
                v.put("grid_scale", b.scaleExp());
                v.put("grid_count", new ArraySeq.ofLong(b.counts()));
                v.put("grid_min", new ArraySeq.ofDouble(b.mins()));
                v.put("grid_max", new ArraySeq.ofDouble(b.maxs()));
                v.put("grid_offset_sum", new ArraySeq.ofDouble(b.sums()));
                v.put("grid_offset_square_sum", new ArraySeq.ofDouble(b.squares()));
            }
            v.put("category_sketch", fit.sketch());
        }
        v.put("run_date", Date.valueOf(runDate));
        return RowFactory.create(v.values);
    }

    /** The role of a row that records a column of the profiled data without a profile ({@link #columnRow}). */
    public static final String COLUMN_ROLE = "column";

    /**
     * A column of the profiled data that has no profile (a partition or segment column, one left
     * out, or one of a type that is not compared), with its Spark type in {@code source_type}: so
     * that a run against this profile knows the reference had the column, and does not report it
     * as added by the current data. Its counts are 0 and {@code type} is "none".
     */
    public static Row columnRow(String column, String sparkType, String runId, LocalDate runDate) {
        Values v = new Values();
        v.put("schema_version", RunSummary.SCHEMA_VERSION);
        v.put("run_id", runId);
        v.put("role", COLUMN_ROLE);
        v.put("feature", column);
        v.put("type", "none");
        for (String c : List.of("rows", "nulls", "nan", "positive_infinite", "negative_infinite")) {
            v.put(c, 0L);
        }
        v.put("source_type", sparkType);
        v.put("run_date", Date.valueOf(runDate));
        return RowFactory.create(v.values);
    }

    /** A row's values, set by column name (a name not in {@link #SCHEMA} fails at once). */
    private static final class Values {
        final Object[] values = new Object[SCHEMA.size()];

        void put(String column, Object value) {
            values[SCHEMA.fieldIndex(column)] = value;
        }
    }

    /** The history a row holds (metric → values per day), empty when none. */
    public static Map<Metric, double[]> history(Row r) {
        Map<Metric, double[]> out = new java.util.EnumMap<>(Metric.class);
        int i = r.fieldIndex("history");
        if (r.isNullAt(i)) {
            return out;
        }
        Map<String, Object> raw = r.getJavaMap(i);
        raw.forEach((k, v) -> {
            Metric m = Metric.byKey(k);
            if (m != null) {
                out.put(m, v instanceof ArraySeq.ofDouble a ? a.unsafeArray()
                        : toList(v).stream().mapToDouble(Double::doubleValue).toArray());
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Double> toList(Object v) {
        if (v instanceof List<?> l) {
            return (List<Double>) l;
        }
        return scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<Double>) v);
    }

    /**
     * The fit state in a row read with {@link #SCHEMA} (null when the row has none: a profile made
     * before version 4, or one whose profile was not read off its pass, e.g. with --edges-from).
     */
    public static FitColumns fitColumns(Row r) {
        Integer bins = r.getAs("fit_bins");
        if (bins == null) {
            return null;
        }
        FitSettings settings = new FitSettings(bins, r.<Integer>getAs("fit_resolution"), r.<Integer>getAs("fit_max_categories"),
                Map.of());
        if (!"numeric".equals(r.getAs("type"))) {
            return new FitColumns(settings, null, r.getAs("category_sketch"));
        }
        ValueGrid.Buckets parts = new ValueGrid.Buckets(ParquetRowReader.longs(r, r.fieldIndex("grid_count")),
                ParquetRowReader.doubles(r, r.fieldIndex("grid_min")), ParquetRowReader.doubles(r, r.fieldIndex("grid_max")),
                ParquetRowReader.doubles(r, r.fieldIndex("grid_offset_sum")),
                ParquetRowReader.doubles(r, r.fieldIndex("grid_offset_square_sum")), r.<Integer>getAs("grid_scale"));
        ValueGrid grid = ValueGrid.restore(r.<Integer>getAs("grid_budget"), r.<Integer>getAs("grid_level"), r.<Long>getAs("rows"),
                r.<Long>getAs("nulls"), r.<Long>getAs("nan"), r.<Long>getAs("positive_infinite"),
                r.<Long>getAs("negative_infinite"), parts);
        return new FitColumns(settings, grid, null);
    }

    /**
     * The unit exponent of offsets in a profile written before {@code bin_offset_unit} was: the edges'
     * scale then was 1 unless an edge's magnitude exceeded 2^480 (values near 1e−300 had no unit of
     * their own, and their squares had vanished).
     */
    static int legacyUnit(double[] edges) {
        return Math.max(0, Math.getExponent(BinnedSample.scaleFor(edges))); // the units below 1 came later
    }

    /** Brings offsets kept in units of 2^{@code unit} to the units {@link BinnedSample} keeps for these edges (exact: powers of two). */
    static void toEdgesScale(double[] edges, int unit, double[] sums, double[] squares) {
        double f = Math.scalb(1.0, unit - Math.getExponent(BinnedSample.scaleFor(edges)));
        if (f != 1.0) {
            for (int b = 0; b < sums.length; b++) {
                sums[b] = sums[b] * f;
                squares[b] = squares[b] * f * f;
            }
        }
    }

    /** The profile in a row written by {@link #toRow}. */
    public static FeatureProfile fromRow(Row r) {
        String feature = r.getAs("feature");
        long rows = r.<Long>getAs("rows");
        long nulls = r.<Long>getAs("nulls");
        if ("numeric".equals(r.getAs("type"))) {
            double[] edges = ParquetRowReader.doubles(r, r.fieldIndex("edges"));
            int[] coarse = ParquetRowReader.ints(r, r.fieldIndex("coarse_edge_index"));
            double[] sums = ParquetRowReader.doubles(r, r.fieldIndex("bin_offset_sum"));
            double[] squares = ParquetRowReader.doubles(r, r.fieldIndex("bin_offset_square_sum"));
            Integer unit = r.getAs("bin_offset_unit");
            toEdgesScale(edges, unit == null ? legacyUnit(edges) : unit, sums, squares);
            BinnedSample sample = new BinnedSample(edges, ParquetRowReader.longs(r, r.fieldIndex("bin_count")), sums, squares,
                    ParquetRowReader.doubles(r, r.fieldIndex("bin_min")), ParquetRowReader.doubles(r, r.fieldIndex("bin_max")));
            boolean discrete = Boolean.TRUE.equals(r.getAs("discrete")); // absent before schema version 2
            return new NumericProfile(feature, new NumericBinning(edges, coarse, discrete), rows, nulls, r.<Long>getAs("nan"),
                    r.<Long>getAs("positive_infinite"), r.<Long>getAs("negative_infinite"), sample);
        }
        List<String> vocab = r.getList(r.fieldIndex("categories"));
        byte[] filter = r.getAs("reference_values"); // absent before schema version 2
        CategoricalBinning binning = new CategoricalBinning(vocab, r.<Boolean>getAs("vocabulary_complete"),
                filter == null ? null : ReferenceValues.of(filter));
        Long novel = r.getAs("novel_count");
        Map<String, Long> outside = new LinkedHashMap<>(r.<String, Long>getJavaMap(r.fieldIndex("outside_categories")));
        Map<String, Long> ordered = new LinkedHashMap<>();
        outside.entrySet().stream()
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return new CategoricalProfile(feature, binning, rows, nulls, ParquetRowReader.longs(r, r.fieldIndex("category_count")),
                new OutsideCategories(ordered, r.<Boolean>getAs("outside_exact")), novel == null ? 0 : novel);
    }
}
