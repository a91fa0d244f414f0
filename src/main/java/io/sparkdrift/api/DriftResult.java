package io.sparkdrift.api;

import io.sparkdrift.compare.FeatureResult;
import io.sparkdrift.job.DriftJob;
import io.sparkdrift.job.JobConfig;
import io.sparkdrift.output.ConsoleTable;
import io.sparkdrift.output.SummaryJson;
import io.sparkdrift.report.HtmlReport;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.run.InputException;
import io.sparkdrift.run.RunSummary;
import io.sparkdrift.run.SchemaChange;
import io.sparkdrift.scan.Source;
import io.sparkdrift.settings.PathRules;
import io.sparkdrift.store.ResultTables;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a {@link DriftCheck} found, in memory: typed per-feature results, the results table's rows
 * as a DataFrame, summary.json and report.html as strings, and {@link #writeTo} producing exactly the
 * command line's outputs. One {@link RunSummary} per compared day (one, unless the settings give a
 * {@code current-range}); the single-day accessors read the first.
 */
public final class DriftResult {
    private final SparkSession spark;
    private final JobConfig config;
    private final List<RunSummary> summaries;

    DriftResult(SparkSession spark, JobConfig config, List<RunSummary> summaries) {
        this.spark = spark;
        this.config = config;
        this.summaries = List.copyOf(summaries);
    }

    /** Every compared day's summary, in day order. */
    public List<RunSummary> summaries() {
        return summaries;
    }

    /** The (first) day's summary. */
    public RunSummary summary() {
        return summaries.get(0);
    }

    /** The (first) day's feature results, drifted first, then by severity. */
    public List<FeatureResult> features() {
        return summary().features();
    }

    /** The result of one feature of the (first) day, or null when it was not compared. */
    public FeatureResult feature(String name) {
        return features().stream().filter(f -> f.feature().equals(name)).findFirst().orElse(null);
    }

    /** The schema changes between the reference and the current data (added, dropped, retyped columns). */
    public List<SchemaChange> schemaChanges() {
        return summary().schema().changes();
    }

    /** True when any day's dataset drifted (the share of drifted features reached {@code dataset-drift-share}). */
    public boolean datasetDrift() {
        return summaries.stream().anyMatch(RunSummary::datasetDrift);
    }

    /**
     * The exit code the command line gives this result: 1 when {@code fail-on-drift} is set and the
     * dataset drifted, or {@code on-schema-change: fail} and the schema changed; else 0.
     */
    public ExitCode exitCode() {
        boolean schemaFails = summaries.stream().anyMatch(s -> s.schema().fails());
        return schemaFails || config.failOnDrift() && datasetDrift() ? ExitCode.DRIFT : ExitCode.OK;
    }

    /** The results table's rows of every day (schema version and columns as in the README). */
    public Dataset<Row> toDataFrame() {
        return ResultTables.results(spark, summaries);
    }

    /** summary.json of the (first) day. */
    public String summaryJson() {
        return new String(SummaryJson.render(summary()), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** report.html of the (first) day: one self-contained file. */
    public String htmlReport() {
        return new String(HtmlReport.render(summary()), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The days of a {@code current-range} that had no current rows, so no summary (empty for a single
     * day: an empty current day is an input error instead).
     */
    public List<java.time.LocalDate> daysWithoutRows() {
        return ConsoleTable.daysWithoutRows(summaries, config.days());
    }

    /** The console table the command line prints, of every day, then a line for each day of the range without rows. */
    public String consoleTable() {
        return ConsoleTable.render(summaries, config.days());
    }

    /** Publishes every output into {@code out}, as the command line does; see {@link #writeTo(String, String)}. */
    public void writeTo(String out) {
        writeTo(out, null);
    }

    /**
     * Publishes results/, profiles/, contributions/, summary.json and report.html into {@code out}
     * (atomically: readers see the previous outputs or these) and, when {@code resultsTable} is not
     * null, replaces this run's dates in that table first. Paths are checked as the command line
     * checks them: neither may lie inside the other or an input.
     */
    public void writeTo(String out, String resultsTable) {
        if (out == null) {
            throw new InputException("no output directory: give writeTo a path");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("out", out);
        outputs.put("results-table", resultsTable);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("reference", config.reference() instanceof Source.Files f ? f.path() : null);
        inputs.put("current", config.current() instanceof Source.Files f ? f.path() : null);
        inputs.put("reference-profile", config.referenceProfile());
        PathRules.check(outputs, inputs);
        write(out, resultsTable);
    }

    private void write(String out, String resultsTable) {
        new DriftJob(spark, new PrintStream(java.io.OutputStream.nullOutputStream())).write(summaries, out, resultsTable);
    }

    /**
     * Writes to the settings' {@code out} (and {@code results-table}), as the command line does; the
     * settings' front door checked those paths already.
     */
    public void writeConfigured() {
        write(config.out(), config.resultsTable());
    }
}
