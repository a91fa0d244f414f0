package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clusters often set {@code spark.serializer} to Kryo, whose Spark version cannot write Java
 * records; everything the job sends through Spark's serializer (profile states, binnings, exact
 * mode's plan, blocks and partial sums) travels {@code Shipped}. Every mode that sends something —
 * a plain and an exact run with segments, a stored profile and a nightly run against it, a range of
 * days from one scan, thresholds learned from the reference's days — runs under the shared session
 * (Java serialization), then again in a session with Kryo, and writes the same outputs to the last
 * bit.
 */
class KryoSerializerTest {
    private static final String SAMPLE = "sample-data/events";
    private static final String KRYO = "org.apache.spark.serializer.KryoSerializer";
    @TempDir
    Path tmp;

    @Test
    void everyModeWritesTheSameBitsUnderKryoAsUnderJavaSerialization() throws Exception {
        Map<String, List<String>> java = runEveryMode(tmp.resolve("java"));
        SparkTestSession.get().stop();
        try {
            SparkSession kryo = SparkTestSession.builder().config("spark.serializer", KRYO).getOrCreate();
            assertEquals(KRYO, kryo.sparkContext().getConf().get("spark.serializer"));
            Map<String, List<String>> underKryo = runEveryMode(tmp.resolve("kryo"));
            assertEquals(java.keySet(), underKryo.keySet());
            for (String table : java.keySet()) {
                assertEquals(java.get(table), underKryo.get(table), table);
            }
        } finally {
            SparkSession.active().stop(); // the next test gets the shared session anew
        }
    }

    /** Output table → its rows as text (run ids left out), sorted, for every mode. */
    private static Map<String, List<String>> runEveryMode(Path dir) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        run(dir.resolve("exact"), "--config", "conf/sample.yaml", "--exact", "--segment-by", "device");
        run(dir.resolve("profile"), "profile", "--input", SAMPLE, "--filter", "date BETWEEN '2026-11-01' AND '2026-11-07'");
        run(dir.resolve("nightly"), "--reference-profile", dir.resolve("profile").toString(), "--current", SAMPLE,
                "--current-filter", "date = '2026-11-08'", "--run-date", "2026-11-08");
        run(dir.resolve("range"), "--reference", SAMPLE, "--reference-window", "5d", "--current", SAMPLE,
                "--current-range", "2026-11-06..2026-11-08");
        run(dir.resolve("learned"), "--reference", SAMPLE, "--reference-window", "7d", "--current", SAMPLE,
                "--current-date", "2026-11-08", "--learn-thresholds");
        for (String mode : List.of("exact", "profile", "nightly", "range", "learned")) {
            for (String table : List.of("results", "contributions", "profiles", "profile")) {
                Path t = dir.resolve(mode).resolve(table);
                if (Files.isDirectory(t)) {
                    out.put(mode + "/" + table, rows(SparkSession.active().read().parquet(t.toString())));
                }
            }
        }
        assertTrue(out.containsKey("exact/results") && out.containsKey("profile/profile") && out.containsKey("range/results"),
                out.keySet().toString());
        return out;
    }

    private static void run(Path out, String... args) {
        RunResult r = RunResult.run(out, args);
        assertEquals(ExitCode.OK, r.exit(), Arrays.toString(args) + ": " + r.stderr());
    }

    private static List<String> rows(Dataset<Row> table) {
        List<String> columns = new ArrayList<>(Arrays.asList(table.columns()));
        columns.remove("run_id");
        List<String> rows = new ArrayList<>();
        for (Row r : table.selectExpr(columns.toArray(new String[0])).collectAsList()) {
            rows.add(r.toString());
        }
        rows.sort(null);
        return rows;
    }
}
