package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RowsRead;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-segment drift: markets of skewed sizes (and rows without a market), the amount of one market
 * moved. Each segment's results equal, to the last bit, filtering that segment on both sides and
 * running it alone on the same bins; a listener counts the rows read: segments cost no scan more than
 * a plain run (each dataset read once: the reference's single pass keeps every segment key's rows in
 * lanes of its grids), and the overall comparison is the unsegmented run's (to 1e-9). A stored
 * profile keeps its segments; each day of a range is segmented.
 */
class SegmentsTest {
    static final List<String> TOP = List.of("DE", "FR", "IT", "ES", "NL");
    @TempDir
    static Path tmp;
    private static String refPath;
    private static String curPath;
    private static RunResult segmented;

    @BeforeAll
    static void data() {
        SparkSession spark = SparkTestSession.get();
        refPath = tmp.resolve("ref").toString();
        curPath = tmp.resolve("cur").toString();
        // market by share: DE 40 %, FR 25 %, IT 15 %, ES 10 %, NL 5 %, then PL, SE and no market (other)
        String market = "CASE WHEN h < 40 THEN 'DE' WHEN h < 65 THEN 'FR' WHEN h < 80 THEN 'IT' WHEN h < 90 THEN 'ES'"
                + " WHEN h < 95 THEN 'NL' WHEN h < 97 THEN 'PL' WHEN h < 99 THEN 'SE' END";
        write(spark, refPath, 20_000, market, 0);
        write(spark, curPath, 8_000, market, 1);
        segmented = RunResult.run(tmp.resolve("segmented"), "--reference", refPath, "--current", curPath, "--segment-by",
                "market", "--segments", "5");
        assertEquals(ExitCode.OK, segmented.exit(), segmented.stderr());
    }

    /** In the current data ({@code moved} 1) France's amounts are 30 % higher. */
    private static void write(SparkSession spark, String path, int rows, String market, int moved) {
        spark.range(rows).selectExpr("id", "pmod(hash(id, " + moved + "), 100) AS h", "pmod(hash(id, 7), 1000) AS u")
                .selectExpr(market + " AS market",
                        "CASE WHEN " + market + " = 'FR' AND " + moved + " = 1 THEN 1.3 ELSE 1.0 END * (10 + u / 10.0) AS amount",
                        "cast(pmod(hash(id, 3), 9) as int) AS visits",
                        "CASE WHEN pmod(hash(id, 5), 3) = 0 THEN 'web' ELSE 'app' END AS channel")
                .repartition(4).write().parquet(path);
    }

    @Test
    void eachSegmentIsComparedAndTheMovedOneDrifts() throws Exception {
        JsonNode s = segmented.summary();
        List<String> labels = new ArrayList<>();
        s.get("segments").forEach(x -> labels.add(x.get("segment").asText()));
        assertEquals(List.of("market=DE", "market=FR", "market=IT", "market=ES", "market=NL", "other"), labels);
        assertTrue(s.get("skipped_columns").get("market").asText().equals("segment column"));
        for (JsonNode seg : s.get("segments")) {
            boolean fr = seg.get("segment").asText().equals("market=FR");
            for (JsonNode f : seg.get("features")) {
                boolean amount = f.get("feature").asText().equals("amount");
                assertEquals(fr && amount, f.get("drifted").asBoolean(), seg.get("segment").asText() + " " + f);
            }
        }
        long rows = 0;
        for (JsonNode seg : s.get("segments")) {
            rows += seg.get("reference_rows").asLong();
        }
        assertEquals(20_000, rows, "every reference row is in exactly one segment");
        Dataset<Row> results = SparkTestSession.get().read().parquet(segmented.out().resolve("results").toString());
        assertEquals(7, results.select("segment").distinct().count(), "overall (null) and six segments");
        assertTrue(segmented.stdout().contains("segment market=FR (5"), segmented.stdout());
        String report = Files.readString(segmented.out().resolve("report.html"));
        assertTrue(report.contains("<h2>Segments</h2>") && report.contains("market=FR"));
    }

    @Test
    void eachSegmentEqualsFilteringItAndRunningItAloneToTheLastBit() throws Exception {
        Dataset<Row> results = SparkTestSession.get().read().parquet(segmented.out().resolve("results").toString());
        Map<String, String> filters = new TreeMap<>();
        for (String m : TOP) {
            filters.put("market=" + m, "market = '" + m + "'");
        }
        filters.put("other", "market IS NULL OR market NOT IN ('" + String.join("', '", TOP) + "')");
        for (Map.Entry<String, String> seg : filters.entrySet()) {
            String name = seg.getKey().replace('=', '_');
            RunResult profiled = RunResult.run(tmp.resolve("alone-ref-" + name), "profile", "--input", refPath, "--filter",
                    seg.getValue(), "--edges-from", segmented.out().toString());
            assertEquals(ExitCode.OK, profiled.exit(), profiled.stderr());
            RunResult alone = RunResult.run(tmp.resolve("alone-" + name), "--reference-profile", profiled.out().toString(),
                    "--current", curPath, "--current-filter", seg.getValue(), "--exclude", "market");
            assertEquals(ExitCode.OK, alone.exit(), alone.stderr());
            Map<String, Long> expected = bits(SparkTestSession.get().read().parquet(alone.out().resolve("results").toString())
                    .where("segment IS NULL"));
            Map<String, Long> actual = bits(results.where("segment = '" + seg.getKey() + "'"));
            assertFalse(expected.isEmpty());
            assertEquals(expected, actual, seg.getKey());
        }
    }

    @Test
    void segmentsAddNoScanAndKeepTheOverallComparison() throws Exception {
        SparkSession spark = SparkTestSession.get();
        long without = rowsRead(spark, "plain", "--exclude", "market");
        long with = rowsRead(spark, "seg", "--segment-by", "market");
        assertEquals(20_000 + 8_000, without, "a plain run: the reference once (bins and profile), the current once");
        assertEquals(without, with, "segments: the same single scan of each dataset (bins, overall and segment profiles)");
        // the overall profile is the segments' merged: counts exact, sums added in another order
        Map<String, Long> plain = bits(spark.read().parquet(tmp.resolve("count-plain").resolve("results").toString())
                .where("segment IS NULL"));
        Map<String, Long> seg = bits(spark.read().parquet(tmp.resolve("count-seg").resolve("results").toString())
                .where("segment IS NULL"));
        assertEquals(plain.keySet(), seg.keySet());
        plain.forEach((k, v) -> {
            double a = Double.longBitsToDouble(v);
            double b = Double.longBitsToDouble(seg.get(k));
            assertTrue(a == b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)), k + ": " + a + " vs " + b);
        });
    }

    @Test
    void aStoredProfileKeepsItsSegmentsAndGivesTheSameResults() throws Exception {
        RunResult profiled = RunResult.run(tmp.resolve("stored-profile"), "profile", "--input", refPath, "--segment-by", "market",
                "--segments", "5");
        assertEquals(ExitCode.OK, profiled.exit(), profiled.stderr());
        RunResult nightly = RunResult.run(tmp.resolve("stored-nightly"), "--reference-profile", profiled.out().toString(),
                "--current", curPath);
        assertEquals(ExitCode.OK, nightly.exit(), nightly.stderr());
        assertEquals(6, nightly.summary().get("segments").size(), "the profile's segments, without --segment-by");
        SparkSession spark = SparkTestSession.get();
        assertEquals(segmentBits(spark.read().parquet(segmented.out().resolve("results").toString())),
                segmentBits(spark.read().parquet(nightly.out().resolve("results").toString())),
                "every segment's metrics as against the raw reference, to the last bit");
        RunResult other = RunResult.run(tmp.resolve("stored-other"), "--reference-profile", profiled.out().toString(),
                "--current", curPath, "--segment-by", "channel");
        assertEquals(ExitCode.INVALID_INPUT, other.exit());
        assertTrue(other.stderr().contains("is segmented by market"), other.stderr());
    }

    @Test
    void dailyProfilesMadeOnTheSameEdgesMergeSegmentBySegment() throws Exception {
        RunResult base = RunResult.run(tmp.resolve("merge-base"), "profile", "--input", refPath, "--segment-by", "market",
                "--segments", "5");
        assertEquals(ExitCode.OK, base.exit(), base.stderr());
        List<String> parts = new ArrayList<>();
        for (String half : List.of("visits < 4", "visits >= 4")) {
            RunResult p = RunResult.run(tmp.resolve("merge-part-" + parts.size()), "profile", "--input", refPath,
                    "--filter", half, "--edges-from", base.out().toString(), "--run-date", "2026-11-0" + (parts.size() + 1));
            assertEquals(ExitCode.OK, p.exit(), p.stderr());
            parts.add(p.out().toString());
        }
        RunResult merged = RunResult.run(tmp.resolve("merged"), "merge-profiles", "--profiles", String.join(",", parts));
        assertEquals(ExitCode.OK, merged.exit(), merged.stderr());
        JsonNode whole = RunResult.run(tmp.resolve("vs-base"), "--reference-profile", base.out().toString(), "--current", curPath)
                .summary().get("segments");
        RunResult r = RunResult.run(tmp.resolve("vs-merged"), "--reference-profile", merged.out().toString(), "--current", curPath);
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        JsonNode halves = r.summary().get("segments");
        assertEquals(whole.size(), halves.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i).get("segment"), halves.get(i).get("segment"));
            assertEquals(whole.get(i).get("reference_rows"), halves.get(i).get("reference_rows"), "counts add exactly");
            Map<String, JsonNode> byName = new TreeMap<>();
            halves.get(i).get("features").forEach(f -> byName.put(f.get("feature").asText(), f));
            assertEquals(whole.get(i).get("features").size(), byName.size());
            for (JsonNode a : whole.get(i).get("features")) {
                JsonNode b = byName.get(a.get("feature").asText());
                double x = RunResult.metric(a, "psi");
                double y = RunResult.metric(b, "psi");
                assertTrue(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)), a.get("feature") + ": " + x + " vs " + y);
            }
        }
    }

    @Test
    void eachDayOfARangeIsSegmentedInTheSameScan() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String daily = tmp.resolve("daily").toString();
        spark.read().parquet(curPath).selectExpr("*", "date_add(DATE'2026-11-08', cast(pmod(hash(amount), 2) as int)) AS day")
                .write().parquet(daily);
        RunResult r = RunResult.run(tmp.resolve("range"), "--reference", refPath, "--current", daily, "--date-column", "day",
                "--current-range", "2026-11-08..2026-11-09", "--segment-by", "market", "--segments", "5", "--exclude", "day");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        long total = 0;
        for (String day : List.of("2026-11-08", "2026-11-09")) {
            JsonNode s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out().resolve("summary-" + day + ".json").toFile());
            assertEquals(6, s.get("segments").size(), day);
            long rows = 0;
            for (JsonNode seg : s.get("segments")) {
                rows += seg.get("current_rows").asLong();
            }
            assertEquals(s.get("current").get("rows").asLong(), rows, day + ": every row in one segment");
            total += rows;
        }
        assertEquals(8_000, total);
    }

    /** segment|feature|metric → bits. */
    private static Map<String, Long> segmentBits(Dataset<Row> results) {
        Map<String, Long> out = new TreeMap<>();
        for (Row r : results.where("metric IS NOT NULL").collectAsList()) {
            Double v = r.getAs("value");
            out.put(r.getAs("segment") + "|" + r.getAs("feature") + "|" + r.getAs("metric"),
                    v == null ? null : Double.doubleToRawLongBits(v));
        }
        return out;
    }

    private long rowsRead(SparkSession spark, String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--reference", refPath, "--current", curPath));
        args.addAll(List.of(extra));
        return RowsRead.during(spark, () -> {
            RunResult r = RunResult.run(tmp.resolve("count-" + name), args.toArray(new String[0]));
            assertEquals(ExitCode.OK, r.exit(), r.stderr());
            return r;
        });
    }

    /** feature|metric → bits, without the schema_change rows (the alone run reports the segment column as added). */
    private static Map<String, Long> bits(Dataset<Row> results) {
        Map<String, Long> out = new TreeMap<>();
        for (Row r : results.where("metric IS NOT NULL AND metric <> 'schema_change'").collectAsList()) {
            Double v = r.getAs("value");
            out.put(r.getAs("feature") + "|" + r.getAs("metric"), v == null ? null : Double.doubleToRawLongBits(v));
        }
        return out;
    }
}
