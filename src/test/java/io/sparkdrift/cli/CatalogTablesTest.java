package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.run.ExitCode;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.scan.Source;
import io.sparkdrift.testing.ResultBits;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog tables read by name through the session catalog: a partitioned Parquet table in Spark's
 * built-in catalog gives the same results as its files, date windows prune its partitions, and
 * every misuse is a one-line error.
 */
class CatalogTablesTest {
    static final String TABLE = "drift_catalog_events";
    @TempDir
    static Path tmp;

    @BeforeAll
    static void table() {
        SparkSession spark = SparkTestSession.get();
        spark.sql("DROP TABLE IF EXISTS " + TABLE);
        spark.read().parquet("sample-data/events").write().format("parquet").partitionBy("date")
                .option("path", tmp.resolve("events").toString()).saveAsTable(TABLE);
    }

    @Test
    void aCatalogTableGivesTheSameResultsAsItsFiles() throws Exception {
        RunResult files = RunResult.run(tmp.resolve("files"), "--config", "conf/sample.yaml");
        RunResult table = RunResult.run(tmp.resolve("table"), "--reference-table", TABLE, "--current-table", TABLE,
                "--current-date", "2026-11-08", "--reference-window", "7d", "--run-date", "2026-11-08");
        assertEquals(ExitCode.OK, table.exit(), table.stderr());
        assertEquals(ResultBits.of(SparkTestSession.get().read().parquet(files.out().resolve("results").toString())),
                ResultBits.of(SparkTestSession.get().read().parquet(table.out().resolve("results").toString())));
        assertEquals("table", table.summary().get("reference").get("format").asText());
        assertEquals(TABLE, table.summary().get("reference").get("path").asText());
        assertEquals(10_500, table.summary().get("reference").get("rows").asLong());
        assertTrue(table.summary().get("skipped_columns").has("date"), "the table's partition column is not a feature");
    }

    @Test
    void aDateWindowPrunesTheTablesPartitions() {
        InputReader.Input in = InputReader.read(SparkTestSession.get(), "current", new Source.Table(TABLE, null),
                "date = '2026-11-08'");
        String plan = in.frame().queryExecution().executedPlan().toString();
        assertTrue(plan.contains("PartitionFilters: [isnotnull(date"), plan);
        assertTrue(plan.contains("= 2026-11-08)"), plan);
        assertEquals(1500, in.frame().count());
    }

    @Test
    void misusesAreOneLineErrors() {
        expect("error: cannot read the reference table no_such_table: ", "--reference-table", "no_such_table",
                "--current-table", TABLE);
        expect("error: --reference-table 'a b' is not a table name", "--reference-table", "a b", "--current-table", TABLE);
        expect("error: --reference-as-of 3: the table " + TABLE + " does not keep versions", "--reference-table", TABLE,
                "--reference-as-of", "3", "--current-table", TABLE);
        expect("error: give --reference PATH or --reference-table NAME, not both", "--reference", "sample-data/events",
                "--reference-table", TABLE, "--current-table", TABLE);
        expect("error: invalid --reference-as-of 'yesterday'", "--reference-table", TABLE, "--reference-as-of", "yesterday",
                "--current-table", TABLE);
        expect("error: --reference-as-of applies to --reference-table", "--reference", "sample-data/events",
                "--reference-as-of", "1", "--current-table", TABLE);
        expect("error: --reference-as-of tag:baseline names a tag or branch, which Iceberg tables keep", "--reference",
                "sample-data/events", "--format", "delta", "--reference-as-of", "tag:baseline", "--current-table", TABLE);
    }

    private void expect(String start, String... args) {
        RunResult r = RunResult.run(tmp.resolve("err"), args);
        assertEquals(ExitCode.INVALID_INPUT, r.exit(), r.stderr());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith(start), r.stderr());
    }
}
