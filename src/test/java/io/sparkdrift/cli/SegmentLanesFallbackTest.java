package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RowsRead;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
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
        write(spark, refPath, 20_000, 0);
        write(spark, curPath, 8_000, 1);
    }

    /** 30 shops of skewed sizes (shop 0 the largest), a continuous amount and a category. */
    private static void write(SparkSession spark, String path, int rows, int seed) {
        spark.range(rows).selectExpr("id", "rand(" + (11 + seed) + ") AS u", "randn(" + (23 + seed) + ") AS z")
                .selectExpr("cast(floor(30 * u * u) AS int) AS shop",
                        "exp(0.7 * z) * (1 + 0.1 * " + seed + ") AS amount",
                        "CASE WHEN z > 0.5 THEN 'web' ELSE 'app' END AS channel")
                .repartition(4).write().parquet(path);
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
        JsonNode a = segment(laned[0].summary(), "shop=0");
        JsonNode b = segment(scanned[0].summary(), "shop=0");
        assertEquals(a.get("reference_rows"), b.get("reference_rows"));
        assertEquals(a.get("current_rows"), b.get("current_rows"));
        Map<String, Double> x = metrics(a);
        Map<String, Double> y = metrics(b);
        assertEquals(x.keySet(), y.keySet());
        assertTrue(x.size() > 20, x.toString());
        x.forEach((k, v) -> {
            double w = y.get(k);
            assertTrue(Double.compare(v, w) == 0 || Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(v)), k + ": " + v + " vs " + w);
        });
    }

    private static RunResult run(String name, String segments) {
        RunResult r = RunResult.run(tmp.resolve(name), "--reference", refPath, "--current", curPath, "--segment-by", "shop",
                "--segments", segments);
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        return r;
    }

    private static JsonNode segment(JsonNode summary, String label) {
        for (JsonNode s : summary.get("segments")) {
            if (s.get("segment").asText().equals(label)) {
                return s;
            }
        }
        throw new AssertionError("no segment " + label + " in " + summary.get("segments"));
    }

    /** feature|metric → value, every finite metric of every feature. */
    private static Map<String, Double> metrics(JsonNode segment) {
        Map<String, Double> out = new TreeMap<>();
        for (JsonNode f : segment.get("features")) {
            f.get("metrics").fieldNames().forEachRemaining(m -> {
                double v = RunResult.metric(f, m);
                if (Double.isFinite(v)) {
                    out.put(f.get("feature").asText() + "|" + m, v);
                }
            });
        }
        return out;
    }
}
