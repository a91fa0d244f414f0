package io.sparkdrift.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.FeatureType;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.profile.ReferenceAccumulator;
import io.sparkdrift.run.InputException;
import io.sparkdrift.testing.Profiles;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scan tasks sized by rows ({@link TaskSplits}): narrow tables keep Spark's splits; a wide table's
 * tasks come in whole waves over the cores, each holding the rows asked for where the data has them;
 * the profiles do not change, and the session's settings are left as they were.
 */
class TaskSplitsTest {
    private static final long MB = 1L << 20;
    @TempDir
    Path tmp;

    @Test
    void narrowTablesKeepSparksSplits() {
        // 10 columns: 250,000 rows are about 20 MB, within Spark's 128 MB
        assertEquals(-1, TaskSplits.split(128 * MB, 847 * MB, 15 * MB, 10, 250_000, 2));
        assertEquals(-1, TaskSplits.split(128 * MB, 847 * MB, 15 * MB, 64, 250_000, 2), "64 columns: 122 MB");
        assertEquals(-1, TaskSplits.split(128 * MB, 0, 0, 1000, 250_000, 2), "no data");
    }

    @Test
    void aWideTablesTasksComeInWholeWavesOverTheCoresEachHoldingTheRowsAsked() {
        // the benchmark's 1000 columns × 200K rows: 56 files, 1.4 GB with Spark's open cost; 2 cores: one wave
        assertEquals(700 * MB + 25 * MB, TaskSplits.split(128 * MB, 1400 * MB, 25 * MB, 1000, 250_000, 2));
        // 1000 columns × 1M rows, 6 GB: 2 GB is the least a task should read; 6 / (2 × 2) → still one wave of 2
        assertEquals(3072 * MB + 100 * MB, TaskSplits.split(128 * MB, 6144 * MB, 100 * MB, 1000, 250_000, 2));
        // 48 GB on 2 cores: 12 waves of 2 GB (plus a file's slack)
        long minimum = 250_000L * 8 * 1000;
        long split = TaskSplits.split(128 * MB, 12 * 2 * minimum, 100 * MB, 1000, 250_000, 2);
        assertEquals(minimum + 100 * MB, split);
        // 100 cores: 6 GB over 100 tasks, fewer rows than asked but never fewer tasks than cores
        assertEquals(62 * MB, TaskSplits.split(60 * MB, 6200 * MB, 100 * MB, 1000, 250_000, 100) - 62 * MB / 8);
        // a few huge files: the slack is at most an eighth of a task, so Spark still cuts them
        assertEquals(3072 * MB + 384 * MB, TaskSplits.split(128 * MB, 6144 * MB, 6144 * MB, 1000, 250_000, 2));
        // absurd settings saturate instead of overflowing: one wave
        assertEquals(3072 * MB + 100 * MB, TaskSplits.split(128 * MB, 6144 * MB, 100 * MB, Integer.MAX_VALUE, Long.MAX_VALUE, 2));
    }

    @Test
    void aWideParquetScanIsReadInFewerLargerTasksWithTheSameProfilesAndTheSettingsLeftAsTheyWere() {
        SparkSession spark = SparkTestSession.get();
        int columns = 80;
        List<Column> cols = new ArrayList<>();
        List<FeatureSpec> numeric = new ArrayList<>();
        for (int k = 0; k < columns; k++) {
            Column c = k % 3 == 0 ? functions.floor(functions.rand(k).multiply(20)) : functions.randn(k).multiply(k + 1);
            cols.add(c.as("x" + k));
            numeric.add(new FeatureSpec("x" + k, FeatureType.NUMERIC));
        }
        String path = tmp.resolve("wide").toString();
        // four files of 6,000 rows in row groups of a few hundred, so that Spark can cut them finely
        spark.range(0, 24_000, 1, 4).select(cols.toArray(new Column[0])).write().option("parquet.block.size", 256 * 1024)
                .parquet(path);
        Dataset<Row> df = spark.read().parquet(path);
        long minRows = 5_000;
        spark.conf().set("spark.sql.files.maxPartitionBytes", "1MB"); // Spark's own tasks: about 1,600 rows each
        try {
            spark.conf().set(TaskSplits.MIN_ROWS, "0");
            ScanInput<?> sparks = ScanInput.of(df, numeric, List.of(), null);
            ReferenceAccumulator.Fit expected = ProfileScan.referencePass(df, numeric, List.of(), new FitSettings(20, 1000, 8, Map.of())).fit();
            spark.conf().set(TaskSplits.MIN_ROWS, String.valueOf(minRows));
            ScanInput<?> sized = ScanInput.of(df, numeric, List.of(), null);
            ReferenceAccumulator.Fit actual = ProfileScan.referencePass(df, numeric, List.of(), new FitSettings(20, 1000, 8, Map.of())).fit();

            assertTrue(sized instanceof VectorizedPlan, "read as column batches");
            int cores = spark.sparkContext().defaultParallelism();
            List<Long> rows = rowsPerTask((VectorizedPlan) sized);
            assertTrue(rows.size() >= cores && rows.size() < sparks.rdd().getNumPartitions(),
                    rows.size() + " tasks against Spark's " + sparks.rdd().getNumPartitions());
            assertEquals(0, rows.size() % cores, "whole waves: " + rows);
            for (long r : rows) {
                assertTrue(r >= minRows / 2, "a task of " + r + " rows among " + rows); // the bytes per row are estimated
            }
            assertEquals(expected.numeric(), actual.numeric(), "the same edges");
            for (FeatureSpec f : numeric) {
                Profiles.assertSameProfile((NumericProfile) expected.profiles().get(f.name()),
                        (NumericProfile) actual.profiles().get(f.name()), f.name(), 1e-9);
            }
            assertEquals("1MB", spark.conf().get("spark.sql.files.maxPartitionBytes"), "the session's split is restored");
            assertFalse(spark.conf().getOption(TaskSplits.MIN_PARTITION_NUM).isDefined(), "and nothing else is left set");

            // a user's spark.sql.files.minPartitionNum counts the cores, as it does for Spark's own split
            spark.conf().set(TaskSplits.MIN_PARTITION_NUM, "16");
            List<Long> sixteen = rowsPerTask((VectorizedPlan) ScanInput.of(df, numeric, List.of(), null));
            assertTrue(sixteen.size() > rows.size(), "16 cores: " + sixteen + ", against " + rows);
            assertEquals("16", spark.conf().get(TaskSplits.MIN_PARTITION_NUM), "and it is left as it was");

            spark.conf().set(TaskSplits.MIN_ROWS, "many");
            InputException bad = assertThrows(InputException.class, () -> ScanInput.of(df, numeric, List.of(), null));
            assertEquals(TaskSplits.MIN_ROWS + " is 'many': give a number of rows (0 keeps Spark's own task sizes)", bad.getMessage());
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
            spark.conf().unset(TaskSplits.MIN_ROWS);
            spark.conf().unset(TaskSplits.MIN_PARTITION_NUM);
        }
    }

    private static List<Long> rowsPerTask(VectorizedPlan plan) {
        return plan.rdd().mapPartitions(batches -> {
            long n = 0;
            while (batches.hasNext()) {
                ColumnarBatch b = batches.next();
                n += b.numRows();
            }
            return List.of(n).iterator();
        }).collect();
    }
}
