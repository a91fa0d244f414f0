package io.sparkdrift.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.scan.SizeEstimate;
import io.sparkdrift.scan.Source;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delta Lake table, by name and by path: version 0 holds the sample's seven reference days;
 * version 1 rewrote them with income × 1.5 and added the current day. A reference pinned to version 0
 * (by number or by its commit time) gives exactly the profile of the sample's reference; the latest
 * version does not; a date window prunes the table's partitions.
 */
class DeltaTablesTest {
    static final String TABLE = "drift_delta_events";
    static final String REF_DAYS = "date BETWEEN '2026-11-01' AND '2026-11-07'";
    @TempDir
    static Path tmp;
    private static String location;
    private static String versionZeroTime;
    private static Map<String, Long> sampleBits;

    @BeforeAll
    static void table() {
        SparkSession spark = SparkTestSession.get();
        spark.sql("DROP TABLE IF EXISTS " + TABLE);
        location = tmp.resolve("delta-events").toString();
        Dataset<Row> events = spark.read().parquet("sample-data/events");
        events.where(REF_DAYS).write().format("delta").partitionBy("date").option("path", location).saveAsTable(TABLE);
        events.where(REF_DAYS).withColumn("income", col("income").multiply(1.5))
                .union(events.where("date = '2026-11-08'"))
                .write().format("delta").mode("overwrite").saveAsTable(TABLE);
        versionZeroTime = spark.sql("DESCRIBE HISTORY " + TABLE).where("version = 0").select("timestamp").first()
                .get(0).toString();
        sampleBits = RunResult.run(tmp.resolve("sample"), "--config", "conf/sample.yaml").resultBits();
    }

    @Test
    void aReferencePinnedToVersionZeroIsThatVersionsProfile() throws Exception {
        RunResult pinned = RunResult.run(tmp.resolve("v0"), "--reference-table", TABLE, "--reference-as-of", "0",
                "--current-table", TABLE, "--current-date", "2026-11-08", "--reference-window", "7d");
        assertEquals(sampleBits, pinned.resultBits(), "version 0 is the sample's reference, to the last bit");
        assertEquals(TABLE + " as of 0", pinned.summary().get("reference").get("path").asText());

        RunResult byTime = RunResult.run(tmp.resolve("t0"), "--reference-table", TABLE, "--reference-as-of", versionZeroTime,
                "--current-table", TABLE, "--current-date", "2026-11-08", "--reference-window", "7d");
        assertEquals(sampleBits, byTime.resultBits(), "the commit time of version 0 reads version 0");

        RunResult latest = RunResult.run(tmp.resolve("v1"), "--reference-table", TABLE,
                "--current-table", TABLE, "--current-date", "2026-11-08", "--reference-window", "7d");
        Map<String, Long> now = latest.resultBits();
        assertNotEquals(sampleBits.get("income|wasserstein"), now.get("income|wasserstein"), "version 1 scaled income");
        assertEquals(sampleBits.get("age|wasserstein"), now.get("age|wasserstein"), "other features are unchanged");
        assertEquals("[]", latest.summary().get("reference").get("missing_days").toString(), "every day of the window");

        RunResult longer = RunResult.run(tmp.resolve("v1-9d"), "--reference-table", TABLE,
                "--current-table", TABLE, "--current-date", "2026-11-08", "--reference-window", "9d");
        assertEquals("[\"2026-10-30\",\"2026-10-31\"]", longer.summary().get("reference").get("missing_days").toString(),
                "the Delta log's files say which days the table lacks");
    }

    @Test
    void formatDeltaOnAPathReadsTheTableAsOfAVersion() throws Exception {
        RunResult path = RunResult.run(tmp.resolve("path"), "--reference", location, "--format", "delta",
                "--reference-as-of", "0", "--current", location, "--current-date", "2026-11-08", "--reference-window", "7d");
        assertEquals(sampleBits, path.resultBits());
        assertEquals("delta", path.summary().get("reference").get("format").asText());
    }

    /**
     * Exact mode on the table: the routing's tasks are sized by the bytes of the files each side's
     * days select (one day against seven, not the whole table twice), and every exact W1 lies inside
     * the enclosure the estimate reports.
     */
    @Test
    void exactModeOnTheTableSizesItsTasksByTheDaysEachSideSelects() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> week = InputReader.read(spark, "reference", new Source.Table(TABLE, null), REF_DAYS).frame();
        Dataset<Row> day = InputReader.read(spark, "current", new Source.Table(TABLE, null), "date = '2026-11-08'").frame();
        double ratio = SizeEstimate.ratio(week, day);
        assertTrue(ratio > 0.05 && ratio < 0.4, "one day's files against seven days': " + ratio);
        String[] run = {"--reference-table", TABLE, "--current-table", TABLE, "--current-date", "2026-11-08",
            "--reference-window", "7d"};
        Map<String, JsonNode> estimated = RunResult.run(tmp.resolve("estimated"), run).features();
        String[] exactRun = java.util.Arrays.copyOf(run, run.length + 1);
        exactRun[run.length] = "--exact";
        Map<String, JsonNode> exact = RunResult.run(tmp.resolve("exact"), exactRun).features();
        int numeric = 0;
        for (Map.Entry<String, JsonNode> e : exact.entrySet()) {
            if (!e.getValue().get("metrics").has("wasserstein_p2")) {
                continue; // categorical
            }
            numeric++;
            assertTrue(e.getValue().get("details").get("exact").asBoolean(), e.getKey());
            double w1 = RunResult.metric(e.getValue(), "wasserstein");
            JsonNode est = estimated.get(e.getKey());
            assertEquals(RunResult.metric(est, "wasserstein"), w1, RunResult.metric(est, "wasserstein_bound") + 1e-9,
                    e.getKey() + ": the exact W1 inside the estimate's enclosure");
        }
        assertTrue(numeric >= 3, "the sample's numeric features: " + numeric);
    }

    @Test
    void aDateWindowPrunesTheDeltaTablesPartitions() {
        InputReader.Input in = InputReader.read(SparkTestSession.get(), "current", new Source.Table(TABLE, null),
                "date = '2026-11-08'");
        assertEquals(java.util.Set.of("date"), in.partitionColumns());
        String plan = in.frame().queryExecution().executedPlan().toString();
        assertTrue(plan.contains("PartitionFilters: [isnotnull(date"), plan);
        assertTrue(plan.contains("= 2026-11-08)"), plan);
        assertEquals(1500, in.frame().count());
    }
}
