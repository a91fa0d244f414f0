package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.store.ResultTables;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every alert explains itself, on the sample data whose drifts the generator injected: the
 * explanation of each drifted feature names what the generator changed, the per-bin shares add up
 * to the divergence, and the sentence is in summary.json, the results table, the console and the
 * report.
 */
class WhatMovedTest {
    @TempDir
    static Path tmp;
    private static RunResult run;

    @BeforeAll
    static void runSample() {
        run = RunResult.run(tmp.resolve("out"), "--config", "conf/sample.yaml");
        assertEquals(ExitCode.OK, run.exit(), run.stderr());
    }

    @Test
    void eachInjectedDriftIsExplainedByWhatTheGeneratorChanged() throws Exception {
        // device: mobile 50 → 70 %, desktop 40 → 20 %, new category smart_tv
        String device = text("device");
        assertTrue(device.contains("'mobile' rose from"), device);
        assertTrue(device.contains("'desktop' fell from"), device);
        assertTrue(device.contains("new categories ('smart_tv') rose from 0.0 %"), device);
        // basket_value: the null rate went from 2 % to 25 %, the distribution did not change
        String basket = text("basket_value");
        assertTrue(basket.startsWith("null, NaN and infinite values rose from"), basket);
        assertTrue(!basket.contains("values in"), "its bins moved by chance only: " + basket);
        // income scaled by 1.35, session_minutes shifted up by 0.6 sigma: the moved bins that rose lie
        // above the reference median, those that fell below it, and the median moved up
        for (String f : List.of("income", "session_minutes")) {
            JsonNode e = run.features().get(f).get("explanation");
            double median = e.get("quantiles").get("p50").get("reference").asDouble();
            assertTrue(e.get("quantiles").get("p50").get("shift").asDouble() > 0, f);
            for (JsonNode b : e.get("moved")) {
                boolean rose = b.get("current_share").asDouble() > b.get("reference_share").asDouble();
                double lower = b.get("lower").isNumber() ? b.get("lower").asDouble() : Double.NEGATIVE_INFINITY;
                double upper = b.get("upper").isNumber() ? b.get("upper").asDouble() : Double.POSITIVE_INFINITY;
                assertTrue(rose ? lower >= median : upper <= median, f + ": " + b);
            }
            assertTrue(e.get("text").asText().contains("median"), e.toString());
        }
    }

    @Test
    void theBinSharesAddUpToTheDivergenceAndTheMovedBinsCoverEightyPercent() throws Exception {
        Dataset<Row> bins = SparkTestSession.get().read().parquet(run.out().resolve("contributions").toString());
        assertEquals(ResultTables.CONTRIBUTIONS.fieldNames().length, bins.columns().length);
        for (JsonNode f : run.summary().get("features")) {
            String name = f.get("feature").asText();
            List<Row> rows = bins.where(bins.col("feature").equalTo(name)).collectAsList();
            double js = 0;
            double kl = 0;
            double psi = 0;
            double moved = 0;
            for (Row r : rows) {
                js += r.<Double>getAs("js_term");
                kl += r.<Double>getAs("kl_term");
                psi += r.<Double>getAs("psi_term");
                moved += r.<Boolean>getAs("moved") ? r.<Double>getAs("js_term") : 0;
            }
            assertEquals(RunResult.metric(f, "js_divergence"), js, 1e-12, name);
            assertEquals(RunResult.metric(f, "kl_divergence"), kl, 1e-12, name);
            assertEquals(RunResult.metric(f, "psi"), psi, 1e-12, name);
            assertTrue(moved >= 0.8 * js, name);
            assertEquals(f.get("explanation").get("js_covered").asDouble(), moved / js, 1e-12, name);
            double accuracy = f.get("explanation").get("best_accuracy").asDouble();
            assertTrue(accuracy >= 0.5 && accuracy <= 1, name);
        }
    }

    @Test
    void theSentenceIsInTheResultsTableTheConsoleAndTheReport() throws Exception {
        Dataset<Row> results = SparkTestSession.get().read().parquet(run.out().resolve("results").toString());
        String report = Files.readString(run.out().resolve("report.html"));
        List<String> drifted = new ArrayList<>(run.drifted());
        for (String f : drifted) {
            String text = text(f);
            Row row = results.where(results.col("feature").equalTo(f)).first();
            assertEquals(text, row.getAs("explanation"), f);
            assertTrue(run.stdout().contains("what moved in " + f + ": " + text), run.stdout());
            assertTrue(report.contains("what moved: " + io.sparkdrift.testing.Text.html(text)), f);
        }
        assertEquals(4, drifted.size());
    }

    @Test
    void queryModeReadsTheExplanationBesideTablesWrittenBeforeTheColumnExisted() throws Exception {
        Path table = tmp.resolve("table");
        // an older run's partition, without the explanation column (schema version 1)
        SparkTestSession.get().read().parquet(run.out().resolve("results").toString()).drop("explanation")
                .where("feature = 'age'").write().partitionBy("run_date").parquet(table.resolve("old").toString());
        Files.move(table.resolve("old").resolve("run_date=2026-11-08"), table.resolve("run_date=2026-11-07"));
        RunResult again = RunResult.run(tmp.resolve("out2"), "--config", "conf/sample.yaml", "--results-table", table.toString());
        assertEquals(ExitCode.OK, again.exit(), again.stderr());
        deleteTree(table.resolve("old"));
        RunResult q = RunResult.run(tmp.resolve("unused"), "query", "--results-table", table.toString(), "--sql",
                "SELECT run_date, count(explanation) AS explained FROM drift_results WHERE metric = 'psi'"
                        + " GROUP BY run_date ORDER BY run_date", "--output-format", "csv");
        assertEquals(ExitCode.OK, q.exit(), q.stderr());
        assertTrue(q.stdout().contains("2026-11-07,0"), q.stdout());
        assertTrue(q.stdout().contains("2026-11-08,10"), q.stdout());
    }

    @Test
    void explanationsAndNoticesReadNoRowBeyondTheProfilingScans() throws Exception {
        long records = io.sparkdrift.testing.RowsRead.during(SparkTestSession.get(), () -> {
            RunResult r = RunResult.run(tmp.resolve("counted"), "--config", "conf/sample.yaml",
                    "--prometheus-file", tmp.resolve("counted.prom").toString());
            assertEquals(ExitCode.OK, r.exit(), r.stderr());
            return r;
        });
        // the reference is read once (bins and its profile from one pass), the current data once
        assertEquals(10_500 + 1_500, records);
    }

    private static String text(String feature) throws Exception {
        return run.features().get(feature).get("explanation").get("text").asText();
    }

    private static void deleteTree(Path p) throws Exception {
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
