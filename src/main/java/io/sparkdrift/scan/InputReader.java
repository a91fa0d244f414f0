package io.sparkdrift.scan;

import io.sparkdrift.run.InputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Opens one input (files or directories, Hive-style partitions allowed) as a DataFrame, applies the
 * user's filter (partition filters are pruned by Spark), and tells which columns are partition
 * columns. Every problem becomes an {@link InputException} naming the role ("reference"/"current").
 */
public final class InputReader {
    public static final List<String> FORMATS = List.of("parquet", "csv", "orc", "json");

    /** A filtered input and its partition columns. */
    public record Input(Dataset<Row> frame, Set<String> partitionColumns) {
        /**
         * For CSV, whose types are inferred: a column read as text here but numeric in {@code other}
         * (all empty, or holding non-numbers) is cast to that numeric type, values that are not numbers
         * becoming null — so an empty column shows as all null (and drifts on its null rate) instead
         * of failing as a type change. Other formats keep their declared types.
         */
        public Input reconciledWith(StructType other, String format) {
            if (!format.equals("csv")) {
                return this;
            }
            Dataset<Row> df = frame;
            for (org.apache.spark.sql.types.StructField f : frame.schema().fields()) {
                if (f.dataType() instanceof org.apache.spark.sql.types.StringType
                        && java.util.Arrays.asList(other.fieldNames()).contains(f.name())
                        && other.apply(f.name()).dataType() instanceof org.apache.spark.sql.types.NumericType t) {
                    df = df.withColumn(f.name(), df.col("`" + f.name().replace("`", "``") + "`").try_cast(t));
                }
            }
            return new Input(df, partitionColumns);
        }
    }

    private InputReader() {
    }

    public static Input read(SparkSession spark, String role, String path, String format, String filter) {
        return read(spark, role, path, format, filter, false);
    }

    /**
     * A Parquet table this job wrote (the results table): its files may span schema versions, which
     * only add columns, so their schemas are merged (older rows read null in newer columns).
     */
    public static Input readOwnTable(SparkSession spark, String role, String path) {
        return read(spark, role, path, "parquet", null, true);
    }

    private static Input read(SparkSession spark, String role, String path, String format, String filter,
            boolean mergeSchema) {
        if (!FORMATS.contains(format)) {
            throw new InputException("unknown format '" + format + "'; use one of " + String.join(", ", FORMATS));
        }
        requireExists(spark, role, path);
        DataFrameReader reader = spark.read().format(format);
        if (format.equals("csv")) {
            // RFC 4180: a quoted field may hold line breaks and "" stands for a quote
            reader = reader.option("header", "true").option("inferSchema", "true").option("multiLine", "true")
                    .option("escape", "\"");
        }
        if (mergeSchema) {
            reader = reader.option("mergeSchema", "true");
        }
        Dataset<Row> df;
        try {
            df = reader.load(path);
        } catch (Exception e) { // Spark throws checked AnalysisException/SparkException from Scala
            throw new InputException("cannot read the " + role + " data at " + path + " as " + format + ": "
                    + firstLine(e) + "; check --" + role + " and --format", e);
        }
        Set<String> partitions = partitionColumns(df);
        if (filter != null && !filter.isBlank()) {
            try {
                df = df.where(filter);
                df.queryExecution().analyzed();
            } catch (Exception e) {
                throw new InputException("invalid --" + role + "-filter \"" + filter + "\": " + firstLine(e)
                        + "; it must be a Spark SQL predicate over the " + role + " columns "
                        + String.join(", ", df.columns()), e);
            }
        }
        return new Input(df, partitions);
    }

    public static void requireExists(SparkSession spark, String role, String path) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] matches = fs.globStatus(p);
            if (matches == null || matches.length == 0) {
                throw new InputException("the " + role + " path " + path + " does not exist; check --" + role);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("cannot open the " + role + " path " + path + ": " + firstLine(e)
                    + "; check --" + role + " and the file system's credentials", e);
        }
    }

    /** Partition columns of the file-based relations under the DataFrame's plan. */
    static Set<String> partitionColumns(Dataset<Row> df) {
        Set<String> out = new LinkedHashSet<>();
        LogicalPlan plan = df.queryExecution().analyzed();
        List<LogicalPlan> leaves = new ArrayList<>(CollectionConverters.asJava(plan.collectLeaves()));
        for (LogicalPlan leaf : leaves) {
            if (leaf instanceof LogicalRelation lr && lr.relation() instanceof HadoopFsRelation fs) {
                out.addAll(List.of(fs.partitionSchema().fieldNames()));
            }
        }
        return out;
    }

    /**
     * One line saying what went wrong: the first non-blank line of the deepest cause that has a
     * message (Spark wraps a task's failure in several layers of "Job aborted ...").
     */
    public static String firstLine(Throwable e) {
        Throwable chosen = e;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                chosen = t;
            }
        }
        String msg = chosen instanceof AnalysisException ae ? ae.getSimpleMessage() : chosen.getMessage();
        if (msg == null || msg.isBlank()) {
            return chosen.getClass().getSimpleName();
        }
        return msg.strip().lines().findFirst().orElse("").trim();
    }
}
