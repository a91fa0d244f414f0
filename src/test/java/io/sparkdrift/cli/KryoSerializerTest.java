package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.api.DriftCheck;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.run.InputException;
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
 * a plain and an exact run with segments, an exact run without (the current data read once, its
 * profile states in the routing shuffle), a stored profile and a nightly run against it, a range of
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

    /**
     * Under {@code spark.kryo.registrationRequired=true} Spark's own Parquet reading stops at its first
     * unregistered class, which used to surface as "cannot read the current data" (blaming the input).
     * Passed the way spark-submit passes settings (system properties), it is refused before Spark
     * starts: exit 2, one line naming the setting and the fix, nothing written.
     */
    @Test
    void registrationRequiredIsRefusedBeforeSparkStartsInOneLine() {
        SparkTestSession.get(); // the shared session exists before the settings are set, so it is not made under them
        Path out = tmp.resolve("refused");
        System.setProperty("spark.serializer", KRYO);
        System.setProperty("spark.kryo.registrationRequired", "true");
        ExitCode code;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try {
            code = Main.run(new String[] {"--config", "conf/sample.yaml", "--out", out.toString()},
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(err, true));
        } finally {
            System.clearProperty("spark.serializer");
            System.clearProperty("spark.kryo.registrationRequired");
        }
        String stderr = err.toString();
        assertEquals(ExitCode.INVALID_INPUT, code, stderr);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.startsWith("error: spark.kryo.registrationRequired=true is not supported")
                && stderr.contains("--conf spark.kryo.registrationRequired=false"), stderr);
        assertFalse(Files.exists(out), "nothing written");
    }

    /** From code, on a session made with the setting, the check refuses it with the same message. */
    @Test
    void registrationRequiredIsRefusedFromCode() {
        SparkTestSession.get().stop();
        try {
            SparkSession kryo = SparkTestSession.builder().config("spark.serializer", KRYO)
                    .config("spark.kryo.registrationRequired", "true").getOrCreate();
            InputException e = assertThrows(InputException.class, () -> DriftCheck.on(kryo)
                    .option("reference", SAMPLE).option("current", SAMPLE)
                    .option("reference-filter", "date < '2026-11-08'").option("current-filter", "date = '2026-11-08'")
                    .run());
            assertTrue(e.getMessage().startsWith("spark.kryo.registrationRequired=true is not supported"), e.getMessage());
        } finally {
            SparkSession.active().stop(); // the next test gets the shared session anew
        }
    }

    /** Output table → its rows as text (run ids left out), sorted, for every mode. */
    private static Map<String, List<String>> runEveryMode(Path dir) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        run(dir.resolve("exact"), "--config", "conf/sample.yaml", "--exact", "--segment-by", "device");
        run(dir.resolve("exact-once"), "--config", "conf/sample.yaml", "--exact"); // the current data read once
        run(dir.resolve("profile"), "profile", "--input", SAMPLE, "--filter", "date BETWEEN '2026-11-01' AND '2026-11-07'");
        run(dir.resolve("nightly"), "--reference-profile", dir.resolve("profile").toString(), "--current", SAMPLE,
                "--current-filter", "date = '2026-11-08'", "--run-date", "2026-11-08");
        run(dir.resolve("range"), "--reference", SAMPLE, "--reference-window", "5d", "--current", SAMPLE,
                "--current-range", "2026-11-06..2026-11-08");
        run(dir.resolve("learned"), "--reference", SAMPLE, "--reference-window", "7d", "--current", SAMPLE,
                "--current-date", "2026-11-08", "--learn-thresholds");
        for (String mode : List.of("exact", "exact-once", "profile", "nightly", "range", "learned")) {
            for (String table : List.of("results", "contributions", "profiles", "profile")) {
                Path t = dir.resolve(mode).resolve(table);
                if (Files.isDirectory(t)) {
                    out.put(mode + "/" + table, rows(SparkSession.active().read().parquet(t.toString())));
                }
            }
        }
        assertTrue(out.containsKey("exact/results") && out.containsKey("exact-once/results") && out.containsKey("profile/profile")
                && out.containsKey("range/results"),
                out.keySet().toString());
        return out;
    }

    private static void run(Path out, String... args) {
        RunResult r = RunResult.run(out, args);
        assertEquals(ExitCode.OK, r.exit(), Arrays.toString(args) + ": " + r.stderr());
    }

    private static List<String> rows(Dataset<Row> table) {
        List<String> columns = new ArrayList<>();
        for (org.apache.spark.sql.types.StructField f : table.schema().fields()) {
            if (!f.name().equals("run_id")) { // binary columns (sketches, filters) by their bytes, not by a reference
                columns.add(f.dataType() instanceof org.apache.spark.sql.types.BinaryType ? "hex(" + f.name() + ") AS " + f.name()
                        : f.name());
            }
        }
        List<String> rows = new ArrayList<>();
        for (Row r : table.selectExpr(columns.toArray(new String[0])).collectAsList()) {
            rows.add(r.toString());
        }
        rows.sort(null);
        return rows;
    }
}
