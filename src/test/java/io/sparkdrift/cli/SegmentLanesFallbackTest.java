package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RowsRead;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments on a continuous column, both ways the reference's segment profiles are made: read off
 * the lanes of the single pass (30 shop keys, --segments 20: 2K + 8 = 48 lanes suffice), or — with
 * more keys than a pass keeps lanes for (--segments 1: 10 lanes) — by a second scan of the
 * reference. The rows read say which way each run went; the most frequent shop, compared on its own
 * in both runs, gets the same counts and the same metrics to 1e-9 (a lane adds offsets part by
 * part, a scan value by value, so on a continuous column the sums agree to rounding, not to the bit).
 * And in between: one feature the pass cannot profile scanned again alone, the others off the lanes.
 */
class SegmentLanesFallbackTest {
    @TempDir
    static Path tmp;
    private static String refPath;
    private static String curPath;

    @BeforeAll
    static void data() {
        SparkSession spark = SparkTestSession.get();
        refPath = tmp.resolve("ref").toString();
        curPath = tmp.resolve("cur").toString();
        write(spark, refPath, 20_000, 0, 0);
        write(spark, curPath, 8_000, 1, 0);
    }

    /** 30 shops of skewed sizes (shop 0 the largest), a continuous amount, a category and {@code more} normal columns. */
    private static void write(SparkSession spark, String path, int rows, int seed, int more) {
        List<String> cols = new ArrayList<>(List.of("cast(floor(30 * u * u) AS int) AS shop",
                "exp(0.7 * z) * (1 + 0.1 * " + seed + ") AS amount", "CASE WHEN z > 0.5 THEN 'web' ELSE 'app' END AS channel"));
        for (int k = 0; k < more; k++) {
            cols.add("randn(" + (100 + k + 50 * seed) + ") * " + (k + 1) + " AS n" + k);
        }
        spark.range(rows).selectExpr("id", "rand(" + (11 + seed) + ") AS u", "randn(" + (23 + seed) + ") AS z")
                .selectExpr(cols.toArray(new String[0])).repartition(4).write().parquet(path);
    }

    @Test
    void segmentsFromLanesEqualSegmentsFromASecondScan() throws Exception {
        SparkSession spark = SparkTestSession.get();
        RunResult[] laned = new RunResult[1];
        long lanedRows = RowsRead.during(spark, () -> laned[0] = run("laned", "20"));
        RunResult[] scanned = new RunResult[1];
        long scannedRows = RowsRead.during(spark, () -> scanned[0] = run("scanned", "1"));
        assertEquals(20_000 + 8_000, lanedRows, "30 keys in lanes: each dataset read once");
        assertEquals(2 * 20_000 + 8_000, scannedRows, "more keys than lanes: the segments from a second scan of the reference");
        Map<String, Double> metrics = assertSameSegment(laned[0], scanned[0], "shop=0");
        assertTrue(metrics.size() > 20, metrics.toString());
    }

    /**
     * A feature the single pass cannot profile: {@code amount} with user edges inside the value
     * grid's parts (twelve other numeric features and {@code channel} it can). Only amount's columns
     * are scanned again, segmented — as the plain run scans them again: the same rows read with
     * segments as without — and the other features' segments come off the lanes; the largest
     * segment's results equal those of a run whose segments all come from a second scan.
     */
    @Test
    void aFeatureThePassCannotProfileIsScannedAgainAloneTheOthersComeFromTheLanes() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String ref = tmp.resolve("wide-ref").toString();
        String cur = tmp.resolve("wide-cur").toString();
        write(spark, ref, 20_000, 0, 12);
        write(spark, cur, 8_000, 1, 12);
        String[] common = {"--reference", ref, "--current", cur, "--edges", "amount=0.3,0.71,1.234567,2.5,4.44"};
        RunResult[] plain = new RunResult[1];
        long plainRows = RowsRead.during(spark, () -> plain[0] = run("wide-plain", common, "--exclude", "shop"));
        RunResult[] laned = new RunResult[1];
        long lanedRows = RowsRead.during(spark, () -> laned[0] = run("wide-laned", common, "--segment-by", "shop", "--segments", "20"));
        RunResult pooled = run("wide-pooled", common, "--segment-by", "shop", "--segments", "1");
        assertEquals(2 * 20_000 + 8_000, plainRows, "the reference's pass, its second scan for amount, the current data once");
        assertEquals(plainRows, lanedRows, "segments add no scan: the other features' segments come off the pass's lanes");
        Map<String, Double> metrics = assertSameSegment(laned[0], pooled, "shop=0");
        for (String f : List.of("amount|", "n11|", "channel|")) {
            assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith(f)), f + " in " + metrics.keySet());
        }
        assertEquals(RunResult.finiteMetrics(plain[0].summary()).keySet(), RunResult.finiteMetrics(laned[0].summary()).keySet(),
                "the overall comparison has the plain run's features and metrics");
    }

    /** The segment's rows equal in both runs and every finite metric equal to 1e-9; returns the metrics. */
    private static Map<String, Double> assertSameSegment(RunResult one, RunResult other, String label) throws Exception {
        JsonNode a = one.segment(label);
        JsonNode b = other.segment(label);
        assertEquals(a.get("reference_rows"), b.get("reference_rows"));
        assertEquals(a.get("current_rows"), b.get("current_rows"));
        Map<String, Double> x = RunResult.finiteMetrics(a);
        RunResult.assertSameValues(x, RunResult.finiteMetrics(b));
        return x;
    }

    private static RunResult run(String name, String[] common, String... extra) {
        List<String> args = new ArrayList<>(List.of(common));
        args.addAll(List.of(extra));
        RunResult r = RunResult.run(tmp.resolve(name), args.toArray(new String[0]));
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        return r;
    }

    private static RunResult run(String name, String segments) {
        RunResult r = RunResult.run(tmp.resolve(name), "--reference", refPath, "--current", curPath, "--segment-by", "shop",
                "--segments", segments);
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        return r;
    }
}
