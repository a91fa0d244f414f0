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
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Apache Iceberg table in a catalog of its own (Iceberg's {@code SparkCatalog}, a Hadoop catalog
 * in a temporary directory, configured as a cluster configures one), partitioned by {@code date}:
 * its first snapshot holds the sample's seven reference days; the second rewrote them with
 * income × 1.5 and added the current day. A reference pinned to the first snapshot (by its id or
 * its commit time, or a tag on it) gives the sample run's results to the last bit, the latest snapshot does not,
 * the partition column is no feature, and a date window reaches Iceberg's scan as a filter on it.
 */
class IcebergTablesTest {
    static final String CATALOG = "drift_ice";
    static final String TABLE = CATALOG + ".db.events";
    static final String REF_DAYS = "date BETWEEN '2026-11-01' AND '2026-11-07'";
    @TempDir
    static Path tmp;
    private static String firstSnapshot;
    private static String firstCommitTime;
    private static Map<String, Long> sampleBits;

    @BeforeAll
    static void table() throws Exception {
        SparkSession spark = SparkTestSession.get();
        spark.conf().set("spark.sql.catalog." + CATALOG, "org.apache.iceberg.spark.SparkCatalog");
        spark.conf().set("spark.sql.catalog." + CATALOG + ".type", "hadoop");
        spark.conf().set("spark.sql.catalog." + CATALOG + ".warehouse", tmp.resolve("iceberg").toString());
        spark.sql("DROP TABLE IF EXISTS " + TABLE);
        Dataset<Row> events = spark.read().parquet("sample-data/events");
        events.where(REF_DAYS).writeTo(TABLE).partitionedBy(col("date")).create();
        events.where(REF_DAYS).withColumn("income", col("income").multiply(1.5))
                .union(events.where("date = '2026-11-08'"))
                .writeTo(TABLE).overwritePartitions();
        List<Row> snapshots = spark.sql("SELECT snapshot_id, date_format(committed_at, 'yyyy-MM-dd HH:mm:ss.SSS') FROM "
                + TABLE + ".snapshots ORDER BY committed_at").collectAsList();
        assertEquals(2, snapshots.size(), snapshots.toString());
        firstSnapshot = Long.toString(snapshots.get(0).getLong(0));
        firstCommitTime = snapshots.get(0).getString(1);
        // a tag on the first snapshot, as a team marks its trusted reference (Iceberg's API: no SQL extensions here)
        org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, TABLE).manageSnapshots()
                .createTag("baseline", Long.parseLong(firstSnapshot)).commit();
        sampleBits = RunResult.run(tmp.resolve("sample"), "--config", "conf/sample.yaml").resultBits();
    }

    @Test
    void aReferencePinnedToTheFirstSnapshotIsThatSnapshotsProfile() throws Exception {
        RunResult pinned = RunResult.run(tmp.resolve("s1"), "--reference-table", TABLE, "--reference-as-of", firstSnapshot,
                "--current-table", TABLE, "--current-date", "2026-11-08", "--reference-window", "7d");
        assertEquals(sampleBits, pinned.resultBits(), "the first snapshot is the sample's reference, to the last bit");
        assertEquals(TABLE + " as of " + firstSnapshot, pinned.summary().get("reference").get("path").asText());
        assertTrue(pinned.summary().get("skipped_columns").has("date"), "the partition column is not a feature");

        RunResult byTime = RunResult.run(tmp.resolve("t1"), "--reference-table", TABLE, "--reference-as-of", firstCommitTime,
                "--current-table", TABLE, "--current-date", "2026-11-08", "--reference-window", "7d");
        assertEquals(sampleBits, byTime.resultBits(), "the first snapshot's commit time reads the first snapshot");

        RunResult byTag = RunResult.run(tmp.resolve("tag"), "--reference-table", TABLE, "--reference-as-of", "tag:baseline",
                "--current-table", TABLE, "--current-date", "2026-11-08", "--reference-window", "7d");
        assertEquals(sampleBits, byTag.resultBits(), "the tag on the first snapshot reads the first snapshot");
        assertEquals(TABLE + " as of tag:baseline", byTag.summary().get("reference").get("path").asText());

        RunResult latest = RunResult.run(tmp.resolve("s2"), "--reference-table", TABLE,
                "--current-table", TABLE, "--current-date", "2026-11-08", "--reference-window", "7d", "--exact");
        Map<String, Long> now = latest.resultBits();
        assertNotEquals(sampleBits.get("income|wasserstein"), now.get("income|wasserstein"), "the second snapshot scaled income");
        assertEquals(sampleBits.get("age|psi"), now.get("age|psi"), "other features are unchanged");
    }

    @Test
    void tagsThatDoNotExistOrCannotBeNamesAreOneLineErrors() {
        for (String[] c : new String[][] {{"tag:no_such_tag", "error: cannot read the reference table " + TABLE},
                {"tag:x'y", "error: invalid --reference-as-of 'tag:x'y': a tag or branch name is"}}) {
            RunResult r = RunResult.run(tmp.resolve("bad-tag"), "--reference-table", TABLE, "--reference-as-of", c[0],
                    "--current-table", TABLE, "--current-date", "2026-11-08", "--reference-window", "7d");
            assertEquals(io.sparkdrift.run.ExitCode.INVALID_INPUT, r.exit(), r.stderr());
            assertEquals(1, r.stderr().lines().count(), r.stderr());
            assertTrue(r.stderr().startsWith(c[1]), r.stderr());
        }
    }

    @Test
    void aDateWindowReachesIcebergsScanAsAPartitionFilter() {
        InputReader.Input in = InputReader.read(SparkTestSession.get(), "current", new Source.Table(TABLE, null),
                "date = '2026-11-08'");
        assertEquals(java.util.Set.of("date"), in.partitionColumns());
        String plan = in.frame().queryExecution().executedPlan().toString();
        long day = java.time.LocalDate.parse("2026-11-08").toEpochDay(); // the partition column is a date
        assertTrue(plan.contains("BatchScan " + TABLE) && plan.contains("filters=date IS NOT NULL, date = " + day + ","), plan);
        assertEquals(1500, in.frame().count());
    }
}
