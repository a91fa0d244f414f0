package io.sparkdrift.spark;

import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.job.RunSummary;
import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.NumericProfile;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The two Parquet outputs, both partitioned by {@code run_date} (schemas in the README, version
 * {@link RunSummary#SCHEMA_VERSION}):
 * <ul>
 *   <li>results: one row per feature × metric;</li>
 *   <li>profiles: one row per dataset role × feature, with everything needed to rebuild it.</li>
 * </ul>
 * They are built on the driver from the run's results, whose size depends on features and bins,
 * never on rows.
 */
public final class ResultTables {
    public static final StructType RESULTS = new StructType()
            .add("schema_version", DataTypes.IntegerType, false)
            .add("run_id", DataTypes.StringType, false)
            .add("feature", DataTypes.StringType, false)
            .add("type", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, true)
            .add("metric", DataTypes.StringType, true)
            .add("value", DataTypes.DoubleType, true)
            .add("unit", DataTypes.StringType, true)
            .add("threshold", DataTypes.DoubleType, true)
            .add("drifted", DataTypes.BooleanType, true)
            .add("feature_drifted", DataTypes.BooleanType, false)
            .add("run_date", DataTypes.DateType, false);

    public static final StructType PROFILES = new StructType()
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
            .add("categories", DataTypes.createArrayType(DataTypes.StringType, false), true)
            .add("category_count", DataTypes.createArrayType(DataTypes.LongType, false), true)
            .add("vocabulary_complete", DataTypes.BooleanType, true)
            .add("outside_categories", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), true)
            .add("run_date", DataTypes.DateType, false);

    private ResultTables() {
    }

    public static void writeResults(SparkSession spark, RunSummary s, String path) {
        List<Row> rows = new ArrayList<>();
        Date date = Date.valueOf(s.runDate());
        for (FeatureResult r : s.features()) {
            if (r.metrics().isEmpty()) {
                rows.add(RowFactory.create(RunSummary.SCHEMA_VERSION, s.runId(), r.feature(), r.type().label(),
                        r.status(), r.error(), null, null, null, null, null, r.drifted(), date));
            }
            for (Map.Entry<Metric, Double> m : r.metrics().entrySet()) {
                Double threshold = r.thresholds().get(m.getKey());
                Boolean drifted = threshold == null ? null : r.triggered().contains(m.getKey());
                rows.add(RowFactory.create(RunSummary.SCHEMA_VERSION, s.runId(), r.feature(), r.type().label(),
                        r.status(), r.error(), m.getKey().key(), m.getValue(), m.getKey().unit(), threshold, drifted,
                        r.drifted(), date));
            }
        }
        write(spark, rows, RESULTS, path);
    }

    public static void writeProfiles(SparkSession spark, RunSummary s, String path) {
        List<Row> rows = new ArrayList<>();
        for (FeatureResult r : s.features()) {
            addProfile(rows, s, "reference", r.reference());
            addProfile(rows, s, "current", r.current());
        }
        write(spark, rows, PROFILES, path);
    }

    private static void addProfile(List<Row> rows, RunSummary s, String role, FeatureProfile p) {
        if (p == null) {
            return;
        }
        Object[] v = new Object[PROFILES.size()];
        v[0] = RunSummary.SCHEMA_VERSION;
        v[1] = s.runId();
        v[2] = role;
        v[3] = p.feature();
        v[4] = p.type().label();
        v[5] = p.rows();
        v[6] = p.nulls();
        v[7] = p.nan();
        v[8] = p instanceof NumericProfile n ? n.posInf() : 0L;
        v[9] = p instanceof NumericProfile n ? n.negInf() : 0L;
        if (p instanceof NumericProfile n) {
            BinnedSample b = n.sample();
            v[10] = b.min();
            v[11] = b.max();
            v[12] = b.mean();
            v[13] = n.std();
            v[14] = boxed(b.edges());
            v[15] = Arrays.stream(n.binning().coarse()).boxed().toList();
            v[16] = Arrays.stream(b.counts()).boxed().toList();
            v[17] = boxed(b.mins());
            v[18] = boxed(b.maxs());
            v[19] = boxed(b.offsetSums());
            v[20] = boxed(b.offsetSquares());
        } else if (p instanceof CategoricalProfile c) {
            v[21] = c.binning().vocabulary();
            v[22] = Arrays.stream(c.counts()).boxed().toList();
            v[23] = c.binning().complete();
            v[24] = c.outside().counts();
        }
        v[25] = Date.valueOf(s.runDate());
        rows.add(RowFactory.create(v));
    }

    private static List<Double> boxed(double[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static void write(SparkSession spark, List<Row> rows, StructType schema, String path) {
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
                .partitionBy("run_date").parquet(path);
    }
}
