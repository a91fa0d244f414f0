package io.sparkdrift.api;

import io.sparkdrift.job.DriftJob;
import io.sparkdrift.job.JobConfig;
import io.sparkdrift.run.InputException;
import io.sparkdrift.scan.Source;
import io.sparkdrift.settings.Commands;
import io.sparkdrift.settings.Mode;
import io.sparkdrift.settings.Settings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A drift check from code: the reference (a DataFrame, a catalog table, files, or a stored or
 * in-memory {@link ReferenceProfile}) against the current data, with the same settings as the
 * command line and its config file, returning a {@link DriftResult} that writes nothing until asked.
 *
 * <pre>{@code
 * DriftResult r = DriftCheck.on(spark)
 *         .reference(spark.table("sales").where("date < '2026-11-01'"))
 *         .current(spark.table("sales").where("date = '2026-11-01'"))
 *         .option("exclude", List.of("order_id"))
 *         .option("thresholds", Map.of("numeric", Map.of("psi", 0.25)))
 *         .run();
 * r.features().forEach(f -> System.out.println(f.feature() + " drifted: " + f.drifted()));
 * r.toDataFrame().write().mode("append").partitionBy("run_date").parquet("/warehouse/drift_results");
 * r.writeTo("/reports/sales/2026-11-01");   // results/, profiles/, summary.json, report.html
 * }</pre>
 *
 * <p>Options are the config file's keys ({@code bins}, {@code features}, {@code thresholds},
 * {@code reference-table}, {@code on-schema-change}, ...; see the README's option table) with the
 * values a YAML file would hold: strings, numbers, booleans, lists and maps. A bad key or value is an
 * {@link InputException} with the same one-line message the command line prints. Inputs set with
 * the methods below take the place of the {@code reference}/{@code current} path and table options.
 *
 * <p>Not thread-safe: build one per check. {@link #run()} may be called again (it re-reads the inputs).
 */
public final class DriftCheck {
    /** Run settings that belong to the command line's process, not to a check. */
    private static final java.util.Set<String> COMMAND_LINE_ONLY = java.util.Set.of("config", "master", "app-name",
            "notify-webhook", "notify-format", "notify-on", "prometheus-file", "prometheus-pushgateway");

    private final SparkSession spark;
    private final Settings settings = new Settings();
    private Source reference;
    private Source current;
    private ReferenceProfile profile;

    private DriftCheck(SparkSession spark) {
        this.spark = spark;
    }

    /** A check run on this session (its catalog resolves table names). */
    public static DriftCheck on(SparkSession spark) {
        return new DriftCheck(spark);
    }

    /** The reference data; shown as "reference DataFrame" in the outputs. */
    public DriftCheck reference(Dataset<Row> data) {
        return reference(data, "reference DataFrame");
    }

    /** The reference data, named {@code label} in the outputs. */
    public DriftCheck reference(Dataset<Row> data, String label) {
        this.reference = new Source.Frame(data, label);
        return this;
    }

    /** A stored or in-memory reference profile: the reference data is not read at all. */
    public DriftCheck reference(ReferenceProfile profile) {
        this.profile = profile;
        return this;
    }

    /** The current data; shown as "current DataFrame" in the outputs. */
    public DriftCheck current(Dataset<Row> data) {
        return current(data, "current DataFrame");
    }

    /** The current data, named {@code label} in the outputs. */
    public DriftCheck current(Dataset<Row> data, String label) {
        this.current = new Source.Frame(data, label);
        return this;
    }

    /**
     * One setting by its config-file key, e.g. {@code option("bins", 30)},
     * {@code option("reference-table", "db.sales")}, {@code option("features", List.of("a", "b"))}.
     * Lists append and maps merge, as in the config file.
     *
     * @throws InputException for a key the drift run does not take (with the closest keys)
     */
    public DriftCheck option(String key, Object value) {
        Mode.RUN.checkKey(key);
        if (COMMAND_LINE_ONLY.contains(key)) {
            throw new InputException("'" + key + "' is a setting of the command line, not of a check run from code"
                    + " (the session, notices and exit codes are the caller's)");
        }
        settings.put(key, value);
        return this;
    }

    /** Several settings; see {@link #option}. */
    public DriftCheck options(Map<String, ?> values) {
        values.forEach(this::option);
        return this;
    }

    /**
     * Reads both sides, profiles them (one scan each) and compares every feature. Writes nothing.
     *
     * @throws InputException for bad settings or inputs (a one-line message naming the fix)
     */
    public DriftResult run() {
        JobConfig c = Commands.run(settings, new Commands.Given(reference, current, profile == null ? null : profile.stored()),
                false);
        return run(spark, c);
    }

    /** Runs checked settings (what the command line does after parsing its arguments). */
    public static DriftResult run(SparkSession spark, JobConfig c) {
        DriftJob job = new DriftJob(spark, new PrintStream(OutputStream.nullOutputStream()));
        return new DriftResult(spark, c, job.compare(c));
    }
}
