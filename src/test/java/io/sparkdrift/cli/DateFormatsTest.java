package io.sparkdrift.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables whose date partitions are written {@code dt=20261108}, as many Hive tables are: on a path
 * Spark infers the column as an integer, in a catalog table it stays a string. With
 * {@code --date-column dt --date-format yyyyMMdd} the date windows and range mode select the same
 * days as on the sample's {@code date} column, so the results are the sample's to the last bit; a
 * format the windows cannot use (not in day order, or writing a quote) is a one-line error.
 */
class DateFormatsTest {
    static final String TABLE = "drift_dt_events";
    @TempDir
    static Path tmp;
    private static String intPath;

    @BeforeAll
    static void tables() {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> dt = spark.read().parquet("sample-data/events")
                .withColumn("dt", date_format(col("date"), "yyyyMMdd")).drop("date");
        intPath = tmp.resolve("dt-events").toString();
        dt.write().partitionBy("dt").parquet(intPath);
        assertEquals(DataTypes.IntegerType, spark.read().parquet(intPath).schema().apply("dt").dataType(),
                "Spark infers dt=20261108 as an integer");
        spark.sql("DROP TABLE IF EXISTS " + TABLE);
        dt.write().format("parquet").partitionBy("dt").option("path", tmp.resolve("dt-table").toString()).saveAsTable(TABLE);
        assertEquals(DataTypes.StringType, spark.table(TABLE).schema().apply("dt").dataType(), "the catalog keeps a string");
    }

    @Test
    void aDayWrittenYyyyMMddSelectsTheSameDaysAsTheSamplesDateColumn() throws Exception {
        Map<String, Long> sample = RunResult.run(tmp.resolve("sample"), "--reference", "sample-data/events",
                "--current", "sample-data/events", "--current-date", "2026-11-08", "--reference-window", "7d").resultBits();
        List<String[]> inputs = List.of(new String[] {"--reference", intPath, "--current", intPath},
                new String[] {"--reference-table", TABLE, "--current-table", TABLE});
        for (String[] input : inputs) {
            List<String> args = new ArrayList<>(List.of(input));
            args.addAll(List.of("--date-column", "dt", "--date-format", "yyyyMMdd", "--current-date", "2026-11-08",
                    "--reference-window", "7d"));
            RunResult r = RunResult.run(tmp.resolve("day-" + input[0].substring(2)), args.toArray(new String[0]));
            assertEquals(sample, r.resultBits(), String.join(" ", input));
            assertTrue(r.summary().get("current").get("filter").asText().contains("`dt` = '20261108'"),
                    r.summary().get("current").toString());
            assertTrue(r.summary().get("skipped_columns").has("dt"), "the partition column is not a feature");
        }
    }

    /**
     * A window whose days are not all in the table — its first weeks not there yet, a day an upstream
     * job missed — is said from the file listing: the days without files in summary.json and on the
     * console, whichever way the date column writes a day.
     */
    @Test
    void aReferenceWindowWithDaysWithoutFilesNamesThem() throws Exception {
        Path gap = tmp.resolve("dt-gap");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(Path.of(intPath))) {
            for (Path f : files.toList()) {
                String rel = Path.of(intPath).relativize(f).toString();
                if (!rel.startsWith("dt=20261104")) {
                    java.nio.file.Files.copy(f, gap.resolve(rel));
                }
            }
        }
        RunResult sample = RunResult.run(tmp.resolve("window-sample"), "--reference", "sample-data/events", "--current",
                "sample-data/events", "--current-date", "2026-11-08", "--reference-window", "10d");
        assertEquals(ExitCode.OK, sample.exit(), sample.stderr());
        assertEquals(10, sample.summary().get("reference").get("window_days").asInt());
        assertEquals("[\"2026-10-29\",\"2026-10-30\",\"2026-10-31\"]",
                sample.summary().get("reference").get("missing_days").toString(), "the days before the sample's first");
        assertTrue(sample.stdout().contains("warning: the reference window is short: 3 of its 10 days have no files"
                + " (2026-10-29 … 2026-10-31)\n"), sample.stdout());
        RunResult withGap = RunResult.run(tmp.resolve("window-gap"), "--reference", gap.toString(), "--current", gap.toString(),
                "--date-column", "dt", "--date-format", "yyyyMMdd", "--current-date", "2026-11-08", "--reference-window", "7d");
        assertEquals(ExitCode.OK, withGap.exit(), withGap.stderr());
        assertEquals("[\"2026-11-04\"]", withGap.summary().get("reference").get("missing_days").toString());
        assertTrue(withGap.stdout().contains("1 of its 7 days has no files (2026-11-04)"), withGap.stdout());
        RunResult table = RunResult.run(tmp.resolve("window-table"), "--reference-table", TABLE, "--current-table", TABLE,
                "--date-column", "dt", "--date-format", "yyyyMMdd", "--current-date", "2026-11-08", "--reference-window", "7d");
        assertEquals("[]", table.summary().get("reference").get("missing_days").toString(), "every day there, as strings");
        assertTrue(!table.stdout().contains("window is short"), table.stdout());
    }

    @Test
    void rangeModeMatchesEachDayToItsYyyyMMddPartition() throws Exception {
        Map<String, Long> sample = RunResult.run(tmp.resolve("range-sample"), "--reference", "sample-data/events",
                "--current", "sample-data/events", "--current-range", "2026-11-07..2026-11-08",
                "--reference-range", "2026-11-01..2026-11-06").resultBits(true);
        for (String[] input : List.of(new String[] {"--reference", intPath, "--current", intPath},
                new String[] {"--reference-table", TABLE, "--current-table", TABLE})) {
            List<String> args = new ArrayList<>(List.of(input));
            args.addAll(List.of("--date-column", "dt", "--date-format", "yyyyMMdd", "--current-range", "2026-11-07..2026-11-08",
                    "--reference-range", "2026-11-01..2026-11-06"));
            RunResult r = RunResult.run(tmp.resolve("range-" + input[0].substring(2)), args.toArray(new String[0]));
            Map<String, Long> got = r.resultBits(true);
            assertTrue(got.keySet().stream().anyMatch(k -> k.startsWith("2026-11-07|"))
                    && got.keySet().stream().anyMatch(k -> k.startsWith("2026-11-08|")), "both days reported");
            assertEquals(sample, got, String.join(" ", input));
            assertTrue(r.out().resolve("summary-2026-11-07.json").toFile().isFile()
                    && r.out().resolve("summary-2026-11-08.json").toFile().isFile(), "one summary per day");
        }
    }

    @Test
    void formatsTheWindowsCannotUseAreOneLineErrors() {
        expect("error: invalid --date-format 'dd-MM-yyyy': its days do not sort as the days do", "dd-MM-yyyy");
        expect("error: invalid --date-format 'yyyy''MMdd': it writes a quote or a backslash", "yyyy''MMdd");
        expect("error: invalid --date-format 'yyyy-MM': ", "yyyy-MM");
        expect("error: invalid --date-format 'bogus{': ", "bogus{");
    }

    private static void expect(String start, String format) {
        RunResult r = RunResult.run(tmp.resolve("err"), "--reference", intPath, "--current", intPath, "--date-column", "dt",
                "--date-format", format, "--current-date", "2026-11-08", "--reference-window", "7d");
        assertEquals(ExitCode.INVALID_INPUT, r.exit(), r.stderr());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith(start), r.stderr());
    }
}
