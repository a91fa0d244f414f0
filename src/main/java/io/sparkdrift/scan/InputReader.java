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
import org.apache.spark.sql.catalyst.catalog.HiveTableRelation;
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
    public static final List<String> FORMATS = List.of("parquet", "csv", "orc", "json", "delta");

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
        return read(spark, role, Source.files(path, format), filter);
    }

    /**
     * Opens {@code source} and applies {@code filter}; every problem is an {@link InputException}
     * naming the role and the option to fix.
     */
    public static Input read(SparkSession spark, String role, Source source, String filter) {
        Dataset<Row> df;
        if (source instanceof Source.Files f) {
            df = files(spark, role, f, false);
        } else if (source instanceof Source.Table t) {
            df = table(spark, role, t);
        } else {
            df = ((Source.Frame) source).frame();
        }
        return filtered(df, role, filter);
    }

    /**
     * A Parquet table this job wrote (the results table): its files may span schema versions, which
     * only add columns, so their schemas are merged (older rows read null in newer columns).
     */
    public static Input readOwnTable(SparkSession spark, String role, String path) {
        return filtered(files(spark, role, Source.files(path, "parquet"), true), role, null);
    }

    private static Dataset<Row> files(SparkSession spark, String role, Source.Files f, boolean mergeSchema) {
        String format = f.format();
        if (!FORMATS.contains(format)) {
            throw new InputException("unknown format '" + format + "'; use one of " + String.join(", ", FORMATS));
        }
        String path = f.path();
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
        if (f.asOf() != null) {
            if (refName(role, f.asOf()) != null) {
                throw new InputException("--" + role + "-as-of " + f.asOf() + " names a tag or branch, which Iceberg tables"
                        + " keep: give the table as --" + role + "-table");
            }
            if (!format.equals("delta")) {
                throw new InputException("--" + role + "-as-of needs a table that keeps versions: use --format delta"
                        + " or a --" + role + "-table of a Delta or Iceberg catalog");
            }
            reader = isVersion(f.asOf()) ? reader.option("versionAsOf", f.asOf())
                    : reader.option("timestampAsOf", timestamp(role, f.asOf()));
        }
        try {
            Dataset<Row> df = reader.load(path);
            df.queryExecution().analyzed();
            StructType wide = format.equals("parquet") && !mergeSchema ? ParquetWidening.widened(df.schema(), partitionColumns(df)) : null;
            if (wide != null) { // files written before and after a column was widened (ParquetWidening); the listing is cached
                df = reader.schema(wide).load(path);
                df.queryExecution().analyzed();
            }
            return df;
        } catch (Exception e) { // Spark throws checked AnalysisException/SparkException from Scala
            String missing = missingPackage(format, e);
            if (missing != null) {
                throw new InputException("--format " + format + " needs " + missing, e);
            }
            throw new InputException("cannot read the " + role + " data at " + path + " as " + format + ": "
                    + firstLine(e) + "; check --" + role + " and --format", e);
        }
    }

    /**
     * A catalog table, read through the session catalog (so Hive, Delta and Iceberg tables work as the
     * session configures them); the name is parsed as Spark parses identifiers and re-quoted, and a
     * version or timestamp becomes Spark's {@code VERSION AS OF} / {@code TIMESTAMP AS OF}.
     */
    private static Dataset<Row> table(SparkSession spark, String role, Source.Table t) {
        String option = "--" + role + "-table";
        List<String> parts;
        try {
            parts = CollectionConverters.asJava(spark.sessionState().sqlParser().parseMultipartIdentifier(t.name()));
        } catch (Exception e) {
            throw new InputException(option + " '" + t.name() + "' is not a table name: " + firstLine(e)
                    + "; give NAME, DB.NAME or CATALOG.DB.NAME", e);
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM ");
        sql.append(String.join(".", parts.stream().map(p -> "`" + p.replace("`", "``") + "`").toList()));
        if (t.asOf() != null) {
            String ref = refName(role, t.asOf());
            sql.append(ref != null ? " VERSION AS OF '" + ref + "'" : isVersion(t.asOf()) ? " VERSION AS OF " + t.asOf()
                    : " TIMESTAMP AS OF '" + timestamp(role, t.asOf()) + "'");
        }
        try {
            Dataset<Row> df = spark.sql(sql.toString());
            df.queryExecution().analyzed();
            return df;
        } catch (Exception e) {
            String reason = firstLine(e);
            if (t.asOf() != null && condition(e).startsWith("UNSUPPORTED_FEATURE.TIME_TRAVEL")) {
                throw new InputException("--" + role + "-as-of " + t.asOf() + ": the table " + t.name()
                        + " does not keep versions (" + reason + "); pin the reference only on Delta or Iceberg tables", e);
            }
            throw new InputException("cannot read the " + role + " table " + t.location() + ": " + reason + "; check "
                    + option + (t.asOf() == null ? "" : " and --" + role + "-as-of") + " and the session's catalog settings", e);
        }
    }

    /** The Spark error condition of {@code e} or its causes (e.g. TABLE_OR_VIEW_NOT_FOUND), or "". */
    private static String condition(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof org.apache.spark.SparkThrowable st && st.getCondition() != null) {
                return st.getCondition();
            }
        }
        return "";
    }

    /** The package a format needs when Spark could not find its data source, or null. */
    private static String missingPackage(String format, Exception e) {
        if (!condition(e).equals("DATA_SOURCE_NOT_FOUND")) {
            return null;
        }
        return format.equals("delta") ? "Delta Lake on the classpath: add --packages io.delta:delta-spark_2.13:4.1.0 to"
                + " spark-submit (with Delta's SQL extension and catalog for Delta tables)" : "its data source on the classpath";
    }

    /**
     * The name of {@code tag:NAME} or {@code branch:NAME} (an Iceberg table's tag or branch, which
     * Spark reads as {@code VERSION AS OF 'NAME'}), or null for anything else. The name is letters,
     * digits, '_', '.' and '-', so it cannot close the quote.
     */
    private static String refName(String role, String asOf) {
        if (!asOf.startsWith("tag:") && !asOf.startsWith("branch:")) {
            return null;
        }
        String name = asOf.substring(asOf.indexOf(':') + 1);
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}")) {
            throw new InputException("invalid --" + role + "-as-of '" + asOf + "': a tag or branch name is letters, digits,"
                    + " '_', '.' and '-'");
        }
        return name;
    }

    /** A Delta version or an Iceberg snapshot id: a number that fits a long (snapshot ids take 19 digits). */
    private static boolean isVersion(String asOf) {
        return asOf.matches("[0-9]{1,19}") && (asOf.length() < 19 || asOf.compareTo(Long.toString(Long.MAX_VALUE)) <= 0);
    }

    /** A timestamp as Spark reads it in TIMESTAMP AS OF, checked so that it cannot close the quote. */
    private static String timestamp(String role, String asOf) {
        if (!asOf.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,6})?)?)?")) {
            throw new InputException("invalid --" + role + "-as-of '" + asOf + "': give a version number (e.g. 12), a snapshot id,"
                    + " tag:NAME or branch:NAME, or a timestamp (e.g. 2026-11-01 or 2026-11-01 06:00:00)");
        }
        return asOf.replace('T', ' ');
    }

    private static Input filtered(Dataset<Row> df, String role, String filter) {
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

    /** Partition columns of the file-based, Hive and catalog relations under the DataFrame's plan. */
    static Set<String> partitionColumns(Dataset<Row> df) {
        Set<String> out = new LinkedHashSet<>();
        LogicalPlan plan = df.queryExecution().analyzed();
        List<LogicalPlan> leaves = new ArrayList<>(CollectionConverters.asJava(plan.collectLeaves()));
        for (LogicalPlan leaf : leaves) {
            if (leaf instanceof LogicalRelation lr && lr.relation() instanceof HadoopFsRelation fs) {
                out.addAll(List.of(fs.partitionSchema().fieldNames()));
            } else if (leaf instanceof HiveTableRelation hive) {
                // a Hive table Spark reads through Hive's SerDe (text, Avro, ...), not converted to its own reader
                out.addAll(CollectionConverters.asJava(hive.tableMeta().partitionColumnNames()));
            } else if (leaf instanceof org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation v2) {
                // a catalog's own table (Iceberg, ...): its identity partitions are partition columns
                for (org.apache.spark.sql.connector.expressions.Transform t : v2.table().partitioning()) {
                    if (t.name().equals("identity") && t.references().length == 1) {
                        out.add(String.join(".", t.references()[0].fieldNames()));
                    }
                }
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
