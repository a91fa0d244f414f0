package io.sparkdrift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver-side profile reader returns what Spark's own Parquet reader returns, row for row. */
class ProfileParquetTest {
    @TempDir
    Path tmp;

    @Test
    void readsWhatSparkReads() throws Exception {
        // a drift run's profiles/ table: numeric and categorical rows, reference and current, maps and nulls
        RunResult run = RunResult.run(tmp.resolve("run"), "--reference", "sample-data/events", "--reference-filter",
                "date < '2026-11-08'", "--current", "sample-data/events", "--current-date", "2026-11-08");
        assertEquals(ExitCode.OK, run.exit(), run.stderr());
        SparkSession spark = SparkTestSession.get();
        String table = tmp.resolve("run").resolve("profiles").toString();
        List<Row> bySpark = assertReadsWhatSparkReads(spark, table);
        assertTrue(bySpark.stream().anyMatch(r -> "categorical".equals(r.getAs("type"))));
        // a stored profile: with its fit state (grids' arrays, sketches' bytes)
        RunResult profiled = RunResult.run(tmp.resolve("stored"), "profile", "--input", "sample-data/events");
        assertEquals(ExitCode.OK, profiled.exit(), profiled.stderr());
        List<Row> stored = assertReadsWhatSparkReads(spark, tmp.resolve("stored").resolve("profile").toString());
        assertTrue(stored.stream().filter(r -> "profile".equals(r.getAs("role"))).allMatch(r -> r.getAs("fit_bins") != null),
                "every profile row holds its fit state");
        assertTrue(stored.stream().anyMatch(r -> "column".equals(r.getAs("role")) && "date".equals(r.getAs("feature"))),
                "the partition column is recorded as a column without a profile");
        assertTrue(stored.stream().anyMatch(r -> r.getAs("category_sketch") != null));
        // pointed at one run_date=... directory, the date still comes from the path
        String day = tmp.resolve("run").resolve("profiles").resolve("run_date=2026-11-08").toString();
        Object expected = bySpark.get(0).getAs("run_date");
        Object got = ProfileParquet.read(spark.sparkContext().hadoopConfiguration(), day, ProfileRows.SCHEMA).rows().get(0).getAs("run_date");
        assertEquals(expected, got);
    }

    /** Reads {@code table} with Spark and with the driver's reader; asserts every column of every row equal. */
    private static List<Row> assertReadsWhatSparkReads(SparkSession spark, String table) throws Exception {
        List<Row> bySpark = sorted(spark.read().schema(ProfileRows.SCHEMA).parquet(table).collectAsList());
        ProfileParquet.Read read = ProfileParquet.read(spark.sparkContext().hadoopConfiguration(), table, ProfileRows.SCHEMA);
        assertNull(read.missingColumn());
        List<Row> byDriver = sorted(read.rows());
        assertEquals(bySpark.size(), byDriver.size());
        for (int i = 0; i < bySpark.size(); i++) {
            for (String col : ProfileRows.SCHEMA.fieldNames()) {
                assertEquals(normal(bySpark.get(i).getAs(col)), normal(byDriver.get(i).getAs(col)),
                        col + " of " + bySpark.get(i).getAs("role") + " " + bySpark.get(i).getAs("feature"));
            }
        }
        return bySpark;
    }

    private static List<Row> sorted(List<Row> rows) {
        return rows.stream().sorted(Comparator.comparing((Row r) -> r.<String>getAs("role"))
                .thenComparing(r -> r.<String>getAs("feature"))).toList();
    }

    /** Scala collections as Java ones, so Spark's and the reader's (both Scala, different classes) compare by content. */
    private static Object normal(Object v) {
        if (v instanceof byte[] b) {
            return java.nio.ByteBuffer.wrap(b); // equal by content
        }
        if (v instanceof scala.collection.Map<?, ?> m) {
            return new java.util.HashMap<>(scala.jdk.javaapi.CollectionConverters.asJava(m));
        }
        if (v instanceof scala.collection.Seq<?> s) {
            return List.copyOf(scala.jdk.javaapi.CollectionConverters.asJava(s));
        }
        return v;
    }
}
