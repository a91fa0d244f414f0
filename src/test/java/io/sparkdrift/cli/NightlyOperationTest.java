package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.profile.CategoricalProfile;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.store.ProfileStore;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SameProfile;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Stored reference profiles, merged daily profiles, date windows, range mode, the results table
 * (idempotent reruns, failed writes) and the query mode, on the sample table.
 */
class NightlyOperationTest {
    private static final String SAMPLE = "sample-data/events";
    private static final String WEEK = "date < '2026-11-08'";

    @TempDir
    Path tmp;

    @Test
    void storedProfileComparesExactlyLikeTheRawReference() throws Exception {
        RunResult direct = RunResult.run(tmp.resolve("direct"), "--reference", SAMPLE, "--reference-filter", WEEK,
                "--current", SAMPLE, "--current-date", "2026-11-08");
        assertEquals(ExitCode.OK, direct.exit(), direct.stderr());
        RunResult profiled = RunResult.run(tmp.resolve("ref"), "profile", "--input", SAMPLE, "--filter", WEEK);
        assertEquals(ExitCode.OK, profiled.exit(), profiled.stderr());
        RunResult stored = RunResult.run(tmp.resolve("stored"), "--reference-profile", tmp.resolve("ref").toString(),
                "--current", SAMPLE, "--current-date", "2026-11-08");
        assertEquals(ExitCode.OK, stored.exit(), stored.stderr());
        Map<String, JsonNode> a = direct.features();
        Map<String, JsonNode> b = stored.features();
        assertEquals(a.keySet(), b.keySet());
        for (String f : a.keySet()) {
            assertEquals(a.get(f).get("metrics"), b.get(f).get("metrics"), "metric for metric, to the last bit: " + f);
            assertEquals(a.get(f).get("reference"), b.get(f).get("reference"), f);
        }
        assertEquals(SampleRunTest.INJECTED, stored.drifted());
        assertEquals(10_500, stored.summary().get("reference").get("rows").asLong());
        // a run's own profiles/ output serves as a stored reference too
        RunResult fromRunOutput = RunResult.run(tmp.resolve("stored2"), "--reference-profile",
                tmp.resolve("direct").toString(), "--current", SAMPLE, "--current-date", "2026-11-08");
        assertEquals(a.get("income").get("metrics"), fromRunOutput.features().get("income").get("metrics"));
    }

    @Test
    void mergedDailyProfilesEqualTheProfileOfTheUnion() throws Exception {
        Path week = tmp.resolve("week");
        assertEquals(ExitCode.OK, RunResult.run(week, "profile", "--input", SAMPLE, "--filter", WEEK).exit());
        for (int d = 1; d <= 7; d++) {
            RunResult r = RunResult.run(tmp.resolve("daily/2026-11-0" + d), "profile", "--input", SAMPLE,
                    "--filter", "date = '2026-11-0" + d + "'", "--edges-from", week.toString());
            assertEquals(ExitCode.OK, r.exit(), r.stderr());
        }
        RunResult merged = RunResult.run(tmp.resolve("merged"), "merge-profiles", "--profiles", tmp.resolve("daily/*").toString());
        assertEquals(ExitCode.OK, merged.exit(), merged.stderr());
        SparkSession spark = SparkTestSession.get();
        DatasetProfile union = ProfileStore.read(spark, week.toString(), "test").profile();
        DatasetProfile sum = ProfileStore.read(spark, tmp.resolve("merged").toString(), "test").profile();
        assertEquals(union.rows(), sum.rows());
        for (FeatureProfile u : union.features().values()) {
            SameProfile.assertSame(u, sum.feature(u.feature()));
        }
        RunResult vsUnion = RunResult.run(tmp.resolve("vs-union"), "--reference-profile", week.toString(), "--current", SAMPLE,
                "--current-date", "2026-11-08");
        RunResult vsMerged = RunResult.run(tmp.resolve("vs-merged"), "--reference-profile", tmp.resolve("merged").toString(),
                "--current", SAMPLE, "--current-date", "2026-11-08");
        RunResult.assertSameMetrics(vsUnion, vsMerged);

        // a profile on a user's edges keeps no fit state, so it merges only on shared edges
        Path other = tmp.resolve("other-edges");
        assertEquals(ExitCode.OK, RunResult.run(other, "profile", "--input", SAMPLE, "--filter", "date = '2026-11-01'",
                "--edges", "income=0,30000,60000").exit());
        RunResult mismatch = RunResult.run(tmp.resolve("bad-merge"), "merge-profiles", "--profiles",
                week + "," + other);
        assertEquals(ExitCode.INVALID_INPUT, mismatch.exit());
        assertTrue(mismatch.stderr().contains("cannot be merged") && mismatch.stderr().contains("--edges-from"), mismatch.stderr());
    }

    @Test
    void resultsTableRerunsReplaceOneDateAndFailedWritesChangeNothing() throws Exception {
        String table = tmp.resolve("table").toString();
        assertEquals(ExitCode.OK, RunResult.run(tmp.resolve("o7"), "--reference", SAMPLE, "--reference-window", "6d",
                "--current", SAMPLE, "--current-date", "2026-11-07", "--results-table", table).exit());
        List<Row> day7 = rows(table, "2026-11-07");
        for (int i = 0; i < 2; i++) {
            RunResult r = RunResult.run(tmp.resolve("o8-" + i), "--reference", SAMPLE, "--reference-window", "7d",
                    "--current", SAMPLE, "--current-date", "2026-11-08", "--results-table", table);
            assertEquals(ExitCode.OK, r.exit(), r.stderr());
        }
        long oneRun = SparkTestSession.get().read().parquet(tmp.resolve("o8-1/results").toString()).count();
        List<Row> day8 = rows(table, "2026-11-08");
        assertEquals(oneRun, day8.size(), "a rerun leaves one copy of its date's rows");
        assertEquals(1, day8.stream().map(r -> r.getAs("run_id")).distinct().count());
        assertEquals(day7, rows(table, "2026-11-07"), "other dates untouched");

        System.setProperty("sparkdrift.failpoint", "results-table-write");
        RunResult failed;
        try {
            failed = RunResult.run(tmp.resolve("o8-fail"), "--reference", SAMPLE, "--reference-window", "7d",
                    "--current", SAMPLE, "--current-date", "2026-11-08", "--results-table", table);
        } finally {
            System.clearProperty("sparkdrift.failpoint");
        }
        assertEquals(ExitCode.RUNTIME_FAILURE, failed.exit(), failed.stderr());
        assertTrue(failed.stderr().startsWith("runtime failure: "), failed.stderr());
        assertEquals(day8, rows(table, "2026-11-08"), "a failed write leaves the table as it was");
        assertEquals(day7, rows(table, "2026-11-07"));

        RunResult q = RunResult.run(tmp.resolve("unused"), "query", "--results-table", table, "--output-format", "json",
                "--sql", "SELECT run_date, count(DISTINCT feature) AS drifted FROM drift_results WHERE feature_drifted"
                        + " GROUP BY run_date ORDER BY run_date");
        assertEquals(ExitCode.OK, q.exit(), q.stderr());
        JsonNode json = new ObjectMapper().readTree(q.stdout());
        assertEquals(1, json.size(), q.stdout());
        assertEquals("2026-11-08", json.get(0).get("run_date").asText());
        assertEquals(4, json.get(0).get("drifted").asInt());
        RunResult csv = RunResult.run(tmp.resolve("unused"), "query", "--results-table", table, "--output-format", "csv",
                "--sql", "SELECT feature, value FROM drift_results WHERE metric = 'js_distance' AND run_date = '2026-11-08'"
                        + " ORDER BY value DESC LIMIT 3");
        assertTrue(csv.stdout().startsWith("feature,value\ndevice,0.26"), csv.stdout());
        RunResult badSql = RunResult.run(tmp.resolve("unused"), "query", "--results-table", table, "--sql", "SELECT nope FROM drift_results");
        assertEquals(ExitCode.INVALID_INPUT, badSql.exit());
        assertTrue(badSql.stderr().contains("drift_results with columns"), badSql.stderr());
    }

    @Test
    void rangeModeReportsEachDayFromOneScan() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("range"), "--reference", SAMPLE, "--reference-window", "5d",
                "--current", SAMPLE, "--current-range", "2026-11-06..2026-11-08");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        for (String day : List.of("2026-11-06", "2026-11-07", "2026-11-08")) {
            JsonNode s = new ObjectMapper().readTree(tmp.resolve("range/summary-" + day + ".json").toFile());
            assertEquals(day, s.get("run_date").asText());
            assertEquals(1500, s.get("current").get("rows").asLong());
            assertEquals(7500, s.get("reference").get("rows").asLong(), "the 5 days before the first current day");
            long drifted = 0;
            for (JsonNode f : s.get("features")) {
                drifted += f.get("drifted").asBoolean() ? 1 : 0;
            }
            assertEquals(day.equals("2026-11-08") ? 4 : 0, drifted, day);
        }
        assertTrue(!Files.exists(tmp.resolve("range/summary.json")));
        assertEquals(3, SparkTestSession.get().read().parquet(tmp.resolve("range/results").toString())
                .select("run_date").distinct().count());
    }

    @Test
    void aDayOfTheRangeWithoutRowsIsSaidOnTheConsole() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("range-short"), "--reference", SAMPLE, "--reference-window", "5d",
                "--current", SAMPLE, "--current-range", "2026-11-08..2026-11-10");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        assertTrue(Files.exists(tmp.resolve("range-short/summary-2026-11-08.json")));
        assertTrue(r.stdout().contains("no current rows for 2026-11-09: not compared\nno current rows for 2026-11-10: not compared\n"),
                r.stdout());
        assertEquals("", r.stderr(), "said once, on the console");
    }

    @Test
    void dateWindowsReadOnlyTheirPartitions() {
        InputReader.Input in = InputReader.read(SparkTestSession.get(), "reference", SAMPLE, "parquet",
                "`date` BETWEEN '2026-11-05' AND '2026-11-07'");
        in.frame().queryExecution().toRdd().count();
        SparkPlan plan = in.frame().queryExecution().executedPlan();
        List<SparkPlan> scans = new ArrayList<>();
        for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
            if (leaf instanceof FileSourceScanExec) {
                scans.add(leaf);
            }
        }
        assertEquals(1, scans.size(), plan.toString());
        long partitionsRead = scans.get(0).metrics().get("numPartitions").get().value();
        long filesRead = scans.get(0).metrics().get("numFiles").get().value();
        assertEquals(3, partitionsRead, "3 of the 8 date partitions: " + plan);
        assertEquals(3, filesRead);
    }

    private static List<Row> rows(String table, String date) {
        return SparkTestSession.get().read().parquet(table).where("run_date = '" + date + "'")
                .orderBy("feature", "metric").collectAsList();
    }
}
