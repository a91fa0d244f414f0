package io.sparkdrift.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.scan.InputReader;
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
    }

    @Test
    void formatDeltaOnAPathReadsTheTableAsOfAVersion() throws Exception {
        RunResult path = RunResult.run(tmp.resolve("path"), "--reference", location, "--format", "delta",
                "--reference-as-of", "0", "--current", location, "--current-date", "2026-11-08", "--reference-window", "7d");
        assertEquals(sampleBits, path.resultBits());
        assertEquals("delta", path.summary().get("reference").get("format").asText());
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
