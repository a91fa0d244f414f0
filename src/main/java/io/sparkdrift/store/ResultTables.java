package io.sparkdrift.store;

import io.sparkdrift.compare.BinContribution;
import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.compare.Metric;
import io.sparkdrift.compare.FeatureStatus;
import io.sparkdrift.run.RunSummary;
import io.sparkdrift.run.SchemaChange;
import io.sparkdrift.run.SegmentResult;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet outputs, each partitioned by {@code run_date} (schemas in the README, version
 * {@link RunSummary#SCHEMA_VERSION}):
 * <ul>
 *   <li>results: one row per feature × metric;</li>
 *   <li>profiles: one row per dataset role × feature ({@link ProfileRows});</li>
 *   <li>contributions: one row per feature × coarse bin or category ({@link #CONTRIBUTIONS}).</li>
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
            .add("explanation", DataTypes.StringType, true)
            .add("segment", DataTypes.StringType, true)
            .add("run_date", DataTypes.DateType, false);

    private ResultTables() {
    }

    public static void writeResults(SparkSession spark, List<RunSummary> summaries, String path) {
        write(spark, resultRows(summaries), RESULTS, path);
    }

    /**
     * Writes this run's rows into the results table at {@code table}, replacing exactly the rows of
     * the run dates it covers (dynamic partition overwrite) and leaving every other date alone.
     * Spark stages the new partitions and swaps them in when the job commits, so a run that fails
     * before that leaves the table as it was.
     */
    public static void replaceRunDates(SparkSession spark, List<RunSummary> summaries, String table) {
        removeStaleStaging(spark, table);
        Dataset<Row> df = spark.createDataFrame(resultRows(summaries), RESULTS)
                .filter(new FailPoint("results-table-write"));
        df.coalesce(1).write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic")
                .partitionBy("run_date").parquet(table);
    }

    /** A Spark staging directory in the table older than this is a killed run's (younger ones may be a live run's). */
    static final long STALE_STAGING_MILLIS = 3600_000L;

    /** Removes the {@code .spark-staging-*} directories killed runs left in the table. */
    private static void removeStaleStaging(SparkSession spark, String table) {
        try {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(table);
            org.apache.hadoop.fs.FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                return;
            }
            long now = System.currentTimeMillis();
            for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(root)) {
                if (st.isDirectory() && st.getPath().getName().startsWith(".spark-staging-")
                        && now - st.getModificationTime() > STALE_STAGING_MILLIS) {
                    fs.delete(st.getPath(), true);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list the results table " + table, e);
        }
    }

    /** The summaries' rows in the results table's schema ({@link #RESULTS}), as a DataFrame (driver-side rows). */
    public static Dataset<Row> results(SparkSession spark, List<RunSummary> summaries) {
        return spark.createDataFrame(resultRows(summaries), RESULTS);
    }

    private static List<Row> resultRows(List<RunSummary> summaries) {
        List<Row> rows = new ArrayList<>();
        for (RunSummary s : summaries) {
            addResultRows(rows, s);
        }
        return rows;
    }

    private static void addResultRows(List<Row> rows, RunSummary s) {
        Date date = Date.valueOf(s.runDate());
        addFeatureRows(rows, s, s.features(), null, date);
        for (SegmentResult seg : s.segments()) {
            addFeatureRows(rows, s, seg.features(), seg.segment(), date);
        }
        for (SchemaChange c : s.schema().changes()) {
            if (c.kind() == SchemaChange.Kind.ADDED) { // not a feature of the run: one row saying so
                rows.add(RowFactory.create(RunSummary.SCHEMA_VERSION, s.runId(), c.column(), c.featureType(),
                        FeatureStatus.SCHEMA_CHANGE.key(), c.describe(), Metric.SCHEMA_CHANGE.key(), 1.0,
                        Metric.SCHEMA_CHANGE.unit(), null, null, false, null, null, date));
            }
        }
    }

    /** One row per feature × metric (one with metric null for a feature without metrics); segment null = overall. */
    private static void addFeatureRows(List<Row> rows, RunSummary s, List<FeatureResult> features, String segment, Date date) {
        for (FeatureResult r : features) {
            String text = r.explanation() == null ? null : r.explanation().text();
            if (r.metrics().isEmpty()) {
                rows.add(RowFactory.create(RunSummary.SCHEMA_VERSION, s.runId(), r.feature(), r.type().label(),
                        r.status().key(), r.error(), null, null, null, null, null, r.drifted(), text, segment, date));
            }
            for (Map.Entry<Metric, Double> m : r.metrics().entrySet()) {
                Double threshold = r.thresholds().get(m.getKey());
                Boolean drifted = threshold == null ? null : r.triggered().contains(m.getKey());
                rows.add(RowFactory.create(RunSummary.SCHEMA_VERSION, s.runId(), r.feature(), r.type().label(),
                        r.status().key(), r.error(), m.getKey().key(), m.getValue(), r.unitOf(m.getKey()), threshold, drifted,
                        r.drifted(), text, segment, date));
            }
        }
    }

    /** Per-bin contributions: one row per feature × coarse bin (or category), from the explanations. */
    public static final StructType CONTRIBUTIONS = new StructType()
            .add("schema_version", DataTypes.IntegerType, false)
            .add("run_id", DataTypes.StringType, false)
            .add("feature", DataTypes.StringType, false)
            .add("type", DataTypes.StringType, false)
            .add("bin", DataTypes.IntegerType, false)
            .add("label", DataTypes.StringType, false)
            .add("lower", DataTypes.DoubleType, true)
            .add("upper", DataTypes.DoubleType, true)
            .add("reference_share", DataTypes.DoubleType, false)
            .add("current_share", DataTypes.DoubleType, false)
            .add("kl_term", DataTypes.DoubleType, false)
            .add("js_term", DataTypes.DoubleType, false)
            .add("psi_term", DataTypes.DoubleType, false)
            .add("discriminator", DataTypes.DoubleType, false)
            .add("moved", DataTypes.BooleanType, false)
            .add("run_date", DataTypes.DateType, false);

    public static void writeContributions(SparkSession spark, List<RunSummary> summaries, String path) {
        List<Row> rows = new ArrayList<>();
        for (RunSummary s : summaries) {
            Date date = Date.valueOf(s.runDate());
            for (FeatureResult r : s.features()) {
                if (r.explanation() == null) {
                    continue;
                }
                java.util.Set<Integer> moved = new java.util.HashSet<>();
                r.explanation().moved().forEach(b -> moved.add(b.bin()));
                for (BinContribution b : r.explanation().bins()) {
                    rows.add(RowFactory.create(RunSummary.SCHEMA_VERSION, s.runId(), r.feature(), r.type().label(), b.bin(),
                            b.label(), Double.isNaN(b.lower()) ? null : b.lower(), Double.isNaN(b.upper()) ? null : b.upper(),
                            b.referenceShare(), b.currentShare(), b.klTerm(), b.jsTerm(), b.psiTerm(), b.discriminator(),
                            moved.contains(b.bin()), date));
                }
            }
        }
        write(spark, rows, CONTRIBUTIONS, path);
    }

    public static void writeProfiles(SparkSession spark, List<RunSummary> summaries, String path) {
        List<Row> rows = new ArrayList<>();
        for (RunSummary s : summaries) {
            addProfileRows(rows, s, s.features(), null);
            java.util.Set<String> profiled = new java.util.HashSet<>();
            s.features().stream().filter(r -> r.reference() != null).forEach(r -> profiled.add(r.feature()));
            s.schema().referenceTypes().forEach((column, type) -> {
                if (!profiled.contains(column)) { // so that the reference's columns are known when this is one
                    rows.add(ProfileRows.columnRow(column, type, s.runId(), s.runDate()));
                }
            });
            String by = String.join(",", s.settings().segmentBy());
            for (SegmentResult seg : s.segments()) {
                addProfileRows(rows, s, seg.features(), new ProfileRows.SegmentOf(seg.segment(), seg.key(), by));
            }
        }
        write(spark, rows, ProfileRows.SCHEMA, path);
    }

    private static void addProfileRows(List<Row> rows, RunSummary s, List<FeatureResult> features, ProfileRows.SegmentOf seg) {
        for (FeatureResult r : features) {
            if (r.reference() != null) {
                rows.add(ProfileRows.toRow(r.reference(), "reference", s.runId(), s.runDate(),
                        s.schema().referenceTypes().get(r.feature()), null, seg));
            }
            if (r.current() != null) {
                rows.add(ProfileRows.toRow(r.current(), "current", s.runId(), s.runDate(),
                        s.schema().currentTypes().get(r.feature()), null, seg));
            }
        }
    }

    /**
     * Writes driver-side rows as one Parquet file per run date, from the driver ({@link ParquetRows}):
     * these tables have rows per feature, not per data row, and a Spark job would cost more than the
     * writing. The path is a staging directory of the run's outputs (published atomically).
     */
    static void write(SparkSession spark, List<Row> rows, StructType schema, String path) {
        try {
            ParquetRows.write(spark.sparkContext().hadoopConfiguration(), rows, schema, "run_date", path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + path, e);
        }
    }
}
