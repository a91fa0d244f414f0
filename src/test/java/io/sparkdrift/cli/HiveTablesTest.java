package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.scan.InputReader;
import io.sparkdrift.scan.Source;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hive-format catalog tables, the most common tables in a Hive metastore: the sample, partitioned
 * by {@code date}, as a Hive table {@code STORED AS PARQUET}, {@code ORC} and {@code TEXTFILE}, in
 * a session with Hive support and a metastore of its own (Derby, in a temporary directory). Spark
 * reads the first two through its own Parquet and ORC readers and the text table through Hive's
 * SerDe; read by name, each gives the sample run's results to the last bit, and a date window
 * prunes the table's partitions in the metastore.
 */
class HiveTablesTest {
    private static final String SAMPLE = "sample-data/events";
    private static final List<String> FORMATS = List.of("PARQUET", "ORC", "TEXTFILE");
    @TempDir
    static Path tmp;

    @BeforeAll
    static void hiveTables() {
        SparkTestSession.get().stop();
        System.setProperty("derby.stream.error.file", tmp.resolve("derby.log").toString()); // not in the working directory
        SparkSession hive = SparkTestSession.builder().enableHiveSupport()
                .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString())
                .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                        "jdbc:derby:;databaseName=" + tmp.resolve("metastore") + ";create=true")
                .config("spark.hadoop.hive.exec.dynamic.partition.mode", "nonstrict")
                .getOrCreate();
        assertEquals("hive", hive.conf().get("spark.sql.catalogImplementation"));
        hive.read().parquet(SAMPLE).createOrReplaceTempView("sample_events");
        String columns = String.join(", ", java.util.Arrays.stream(hive.table("sample_events").schema().fields())
                .filter(f -> !f.name().equals("date"))
                .map(f -> "`" + f.name() + "` " + f.dataType().sql()).toList());
        for (String format : FORMATS) {
            String table = table(format);
            hive.sql("DROP TABLE IF EXISTS " + table);
            hive.sql("CREATE TABLE " + table + " (" + columns + ") PARTITIONED BY (`date` STRING) STORED AS " + format);
            hive.sql("INSERT OVERWRITE TABLE " + table + " PARTITION (`date`) SELECT * FROM sample_events");
            String provider = hive.sql("DESCRIBE TABLE EXTENDED " + table).where("col_name = 'Provider'")
                    .first().getString(1);
            assertEquals("hive", provider, table + " is a Hive-format table");
        }
    }

    @AfterAll
    static void stop() {
        SparkSession.active().stop(); // the next test gets the shared session anew
    }

    static String table(String format) {
        return "hive_events_" + format.toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void hiveTablesStoredAsParquetOrcOrTextGiveTheSampleRunsBits() throws Exception {
        java.util.Map<String, Long> expected = RunResult.run(tmp.resolve("files"), "--config", "conf/sample.yaml", "--exact")
                .resultBits();
        for (String format : FORMATS) {
            String table = table(format);
            RunResult r = RunResult.run(tmp.resolve(table), "--reference-table", table, "--current-table", table,
                    "--current-date", "2026-11-08", "--reference-window", "7d", "--run-date", "2026-11-08", "--exact");
            assertEquals(expected, r.resultBits(), table);
            assertEquals(10_500, r.summary().get("reference").get("rows").asLong(), table);
            assertTrue(r.summary().get("skipped_columns").has("date"), table + ": the partition column is not a feature");
        }
    }

    @Test
    void aDateWindowPrunesAHiveTablesPartitions() {
        for (String format : FORMATS) {
            InputReader.Input in = InputReader.read(SparkTestSession.get(), "current", new Source.Table(table(format), null),
                    "date = '2026-11-08'");
            String plan = in.frame().queryExecution().executedPlan().toString();
            if (format.equals("TEXTFILE")) { // Hive's reader: the metastore lists the one partition
                assertTrue(plan.contains("Pruned Partitions: [(date=2026-11-08)]"), plan);
            } else { // converted to Spark's reader: the partition filter picks one directory
                assertTrue(plan.contains("PartitionFilters: [isnotnull(date") && plan.contains("= 2026-11-08)]")
                        && plan.contains("InMemoryFileIndex(1 paths)"), format + ": " + plan);
            }
            assertEquals(1500, in.frame().count(), format);
        }
    }
}
