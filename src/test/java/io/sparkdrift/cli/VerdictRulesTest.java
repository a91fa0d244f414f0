package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run-level verdict rules through the real entry point on the sample: thresholds learned from
 * the reference's seven days (from the raw reference in one pass, and from merged daily profiles),
 * Benjamini–Hochberg adjusted p-values, and no verdict on too few rows.
 */
class VerdictRulesTest {
    private static final String SAMPLE = "sample-data/events";
    @TempDir
    Path tmp;

    private RunResult nightly(String name, String... extra) {
        String[] base = {"--reference", SAMPLE, "--reference-window", "7d", "--current", SAMPLE, "--current-date", "2026-11-08"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return RunResult.run(tmp.resolve(name), all);
    }

    @Test
    void thresholdsLearnedFromTheReferencesDaysAreShownWithTonightsPlaceInTheirHistory() throws Exception {
        RunResult r = nightly("learned", "--learn-thresholds");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        assertTrue(r.summary().get("settings").get("learn_thresholds").asBoolean());
        Map<String, JsonNode> f = r.features();
        JsonNode income = f.get("income");
        JsonNode learned = income.get("details").get("learned_thresholds").get("wasserstein_normed");
        double threshold = learned.get("threshold").asDouble();
        assertEquals(threshold, income.get("thresholds").get("wasserstein_normed").asDouble(), 0.0, "the learned one applies");
        assertEquals(7, learned.get("history_days").asInt());
        assertTrue(threshold >= learned.get("floor").asDouble() && threshold > learned.get("history_max").asDouble(),
                learned.toString());
        assertEquals(1.0, learned.get("tonight_percentile").asDouble(), 0.0, "tonight's income moved more than any reference day");
        assertTrue(income.get("drifted").asBoolean());
        for (String injected : SampleRunTest.INJECTED) {
            assertTrue(f.get(injected).get("drifted").asBoolean(), injected + " is still found");
        }
        assertTrue(f.get("device").get("details").get("learned_thresholds").has("js_distance"));
        String report = Files.readString(r.out().resolve("report.html"));
        assertTrue(report.contains("learned from 7 reference days") && report.contains("(learned)"), "the report shows them");

        // a feature's own threshold wins over the learned one
        RunResult own = nightly("own", "--learn-thresholds", "--threshold", "income:wasserstein_normed=5");
        assertFalse(own.features().get("income").get("details").has("learned_thresholds"));
        assertFalse(own.features().get("income").get("drifted").asBoolean());
    }

    @Test
    void mergedDailyProfilesCarryTheHistoryANightlyRunLearnsFrom() throws Exception {
        RunResult base = RunResult.run(tmp.resolve("base"), "profile", "--input", SAMPLE, "--filter", "date = '2026-11-01'");
        assertEquals(ExitCode.OK, base.exit(), base.stderr());
        StringBuilder daily = new StringBuilder();
        for (int d = 1; d <= 7; d++) {
            String day = "2026-11-0" + d;
            RunResult p = RunResult.run(tmp.resolve("daily").resolve(day), "profile", "--input", SAMPLE, "--filter",
                    "date = '" + day + "'", "--edges-from", base.out().toString(), "--run-date", day);
            assertEquals(ExitCode.OK, p.exit(), p.stderr());
            daily.append(daily.isEmpty() ? "" : ",").append(p.out());
        }
        RunResult merged = RunResult.run(tmp.resolve("rolling"), "merge-profiles", "--profiles", daily.toString());
        assertEquals(ExitCode.OK, merged.exit(), merged.stderr());
        Row row = SparkTestSession.get().read().parquet(merged.out().resolve("profile").toString())
                .where("feature = 'income'").first();
        Map<String, scala.collection.Seq<Double>> history = row.getJavaMap(row.fieldIndex("history"));
        assertEquals(7, history.get("wasserstein_normed").size(), "the merged profile stores each day against the rest");

        RunResult r = RunResult.run(tmp.resolve("nightly"), "--reference-profile", merged.out().toString(), "--current", SAMPLE,
                "--current-date", "2026-11-08", "--learn-thresholds");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        JsonNode learned = r.features().get("income").get("details").get("learned_thresholds").get("wasserstein_normed");
        assertEquals(7, learned.get("history_days").asInt());
        assertTrue(r.features().get("income").get("drifted").asBoolean());

        RunResult none = RunResult.run(tmp.resolve("none"), "--reference-profile", tmp.resolve("daily").resolve("2026-11-03").toString(),
                "--current", SAMPLE, "--current-date", "2026-11-08", "--learn-thresholds");
        assertEquals(ExitCode.INVALID_INPUT, none.exit());
        assertTrue(none.stderr().startsWith("error: --learn-thresholds: the stored profile"), none.stderr());
        RunResult few = nightly("few", "--learn-thresholds", "--reference-window", "3d");
        assertEquals(ExitCode.INVALID_INPUT, few.exit());
        assertTrue(few.stderr().startsWith("error: --learn-thresholds needs at least 7 reference days; the reference has 3"),
                few.stderr());
    }

    /**
     * With segments, each segment learns from its own days (each against the segment's other days),
     * and the Bonferroni count spans every comparison: a segment holding every row learns exactly the
     * overall thresholds (the same history at the same level); device segments learn their own; the
     * overall thresholds rise with the count.
     */
    @Test
    void eachSegmentLearnsItsThresholdsFromItsOwnDays() throws Exception {
        String oneKey = tmp.resolve("one-key").toString();
        SparkTestSession.get().read().parquet(SAMPLE).withColumn("everyone", org.apache.spark.sql.functions.lit("all"))
                .write().partitionBy("date").parquet(oneKey);
        RunResult whole = RunResult.run(tmp.resolve("whole"), "--reference", oneKey, "--reference-window", "7d", "--current", oneKey,
                "--current-date", "2026-11-08", "--learn-thresholds", "--segment-by", "everyone");
        assertEquals(ExitCode.OK, whole.exit(), whole.stderr());
        Map<String, JsonNode> overall = whole.features();
        int learnedSeen = 0;
        for (JsonNode f : whole.segment("everyone=all").get("features")) {
            JsonNode segmentLearned = f.get("details").get("learned_thresholds");
            JsonNode overallLearned = overall.get(f.get("feature").asText()).get("details").get("learned_thresholds");
            assertEquals(overallLearned, segmentLearned, f.get("feature").asText() + ": every row's segment learns the overall thresholds");
            learnedSeen += segmentLearned.size();
        }
        assertTrue(learnedSeen >= 20, "thresholds learned in the segment: " + learnedSeen);

        RunResult plain = nightly("learned-plain", "--learn-thresholds");
        RunResult byDevice = nightly("learned-device", "--learn-thresholds", "--segment-by", "device");
        assertEquals(ExitCode.OK, byDevice.exit(), byDevice.stderr());
        String key = byDevice.summary().get("segments").get(0).get("segment").asText();
        JsonNode segmentIncome = null;
        for (JsonNode f : byDevice.segment(key).get("features")) {
            if (f.get("feature").asText().equals("income")) {
                segmentIncome = f.get("details").get("learned_thresholds").get("wasserstein_normed");
            }
        }
        JsonNode overallIncome = byDevice.features().get("income").get("details").get("learned_thresholds").get("wasserstein_normed");
        JsonNode plainIncome = plain.features().get("income").get("details").get("learned_thresholds").get("wasserstein_normed");
        assertEquals(7, segmentIncome.get("history_days").asInt(), segmentIncome.toString());
        assertTrue(segmentIncome.get("threshold").asDouble() != overallIncome.get("threshold").asDouble(),
                "segment " + key + " learns from its own days: " + segmentIncome + " vs " + overallIncome);
        assertTrue(overallIncome.get("threshold").asDouble() > plainIncome.get("threshold").asDouble(),
                "more thresholds learned, each at a smaller share of alpha: " + overallIncome + " vs " + plainIncome);
    }

    /**
     * merge-profiles of segmented daily profiles stores each segment's history beside the overall one
     * — the history a merge of that segment's rows alone has — and a nightly run against the merge
     * learns every segment's thresholds from it.
     */
    @Test
    void mergedSegmentedDailyProfilesCarryEachSegmentsHistory() throws Exception {
        RunResult base = RunResult.run(tmp.resolve("seg-base"), "profile", "--input", SAMPLE, "--filter", "date = '2026-11-01'",
                "--segment-by", "device");
        assertEquals(ExitCode.OK, base.exit(), base.stderr());
        RunResult merged = mergedDays("seg", base, "");
        RunResult mobileOnly = mergedDays("mobile", base, " AND device = 'mobile'");
        org.apache.spark.sql.Dataset<Row> rows = SparkTestSession.get().read().parquet(merged.out().resolve("profile").toString());
        org.apache.spark.sql.Dataset<Row> alone = SparkTestSession.get().read().parquet(mobileOnly.out().resolve("profile").toString());
        for (String feature : List.of("income", "session_minutes", "basket_value")) { // device: the segment column
            Map<String, scala.collection.Seq<Double>> segment = history(rows.where("segment = 'device=mobile' AND feature = '"
                    + feature + "'").first());
            Map<String, scala.collection.Seq<Double>> whole = history(alone.where("segment IS NULL AND feature = '" + feature + "'")
                    .first());
            assertEquals(whole.keySet(), segment.keySet(), feature);
            whole.forEach((metric, values) -> {
                for (int d = 0; d < 7; d++) {
                    double a = values.apply(d);
                    double b = segment.get(metric).apply(d);
                    assertTrue(Double.compare(a, b) == 0 || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)),
                            feature + " " + metric + " day " + d + ": " + a + " vs " + b);
                }
            });
        }

        RunResult r = RunResult.run(tmp.resolve("seg-nightly"), "--reference-profile", merged.out().toString(), "--current",
                SAMPLE, "--current-date", "2026-11-08", "--learn-thresholds");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        Map<String, Double> overall = RunResult.learnedThresholds(r.summary());
        Map<String, Double> mobile = RunResult.learnedThresholds(r.segment("device=mobile"));
        assertEquals(7.0, mobile.get("income|wasserstein_normed|history_days"), 0.0, mobile.toString());
        double storedMax = 0;
        scala.collection.Seq<Double> stored = history(rows.where("segment = 'device=mobile' AND feature = 'income'").first())
                .get("wasserstein_normed");
        for (int d = 0; d < stored.size(); d++) {
            storedMax = Math.max(storedMax, Math.abs(stored.apply(d)));
        }
        assertEquals(storedMax, mobile.get("income|wasserstein_normed|history_max"), 0.0, "learned from the stored history");
        assertTrue(!mobile.get("income|wasserstein_normed|threshold").equals(overall.get("income|wasserstein_normed|threshold")),
                "the segment's own: " + mobile + " vs " + overall);
    }

    /** merge-profiles of the sample's seven days, each profiled on {@code base}'s bins and segments, rows where {@code also}. */
    private RunResult mergedDays(String name, RunResult base, String also) {
        StringBuilder daily = new StringBuilder();
        for (int d = 1; d <= 7; d++) {
            String day = "2026-11-0" + d;
            RunResult p = RunResult.run(tmp.resolve(name + "-daily").resolve(day), "profile", "--input", SAMPLE, "--filter",
                    "date = '" + day + "'" + also, "--edges-from", base.out().toString(), "--run-date", day);
            assertEquals(ExitCode.OK, p.exit(), p.stderr());
            daily.append(daily.isEmpty() ? "" : ",").append(p.out());
        }
        RunResult merged = RunResult.run(tmp.resolve(name + "-rolling"), "merge-profiles", "--profiles", daily.toString());
        assertEquals(ExitCode.OK, merged.exit(), merged.stderr());
        return merged;
    }

    private static Map<String, scala.collection.Seq<Double>> history(Row row) {
        return row.getJavaMap(row.fieldIndex("history"));
    }

    @Test
    void fdrAdjustsTheRunsPValuesTogetherAndThresholdsApplyToTheAdjustedOnes() throws Exception {
        RunResult r = nightly("fdr", "--fdr", "0.05", "--threshold", "numeric:ks_pvalue=0.01");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        int tests = 0;
        for (JsonNode f : r.summary().get("features")) {
            JsonNode m = f.get("metrics");
            String raw = m.has("ks_pvalue") ? "ks_pvalue" : "chi2_pvalue";
            assertTrue(m.has(raw + "_adjusted"), f.get("feature").asText());
            assertTrue(RunResult.metric(f, raw + "_adjusted") >= RunResult.metric(f, raw), "adjusted ≥ raw");
            tests++;
            double expected = raw.equals("ks_pvalue") ? 0.01 : 0.05; // a given threshold moves to the adjusted value; else q
            assertEquals(expected, f.get("thresholds").get(raw + "_adjusted").asDouble(), 0.0, f.toString());
            assertFalse(f.get("thresholds").has(raw), "no threshold on the raw p-value");
        }
        assertEquals(10, tests);
        assertEquals(10, r.features().get("income").get("details").get("fdr").get("tests").asInt());
        Row adjusted = SparkTestSession.get().read().parquet(r.out().resolve("results").toString())
                .where("feature = 'income' AND metric = 'ks_pvalue_adjusted'").first();
        assertEquals(0.01, (Double) adjusted.getAs("threshold"));
    }

    @Test
    void tooFewRowsGetNoVerdict() throws Exception {
        RunResult r = nightly("few-rows", "--min-rows", "2000");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        for (JsonNode f : r.summary().get("features")) {
            assertEquals("insufficient_data", f.get("status").asText());
            assertFalse(f.get("drifted").asBoolean());
            assertTrue(f.get("error").asText().startsWith("the current data has 1500 rows, fewer than the 2000"), f.toString());
            assertTrue(f.get("metrics").has("psi"), "metrics are still reported");
            assertEquals(0, f.get("thresholds").size());
        }
        assertEquals(0, r.summary().get("features_error").asInt());
        assertTrue(Files.readString(r.out().resolve("report.html")).contains("10 without a verdict (fewer than 2000 rows)"));
        assertTrue(r.stdout().contains("INSUFFICIENT_DATA"), r.stdout());
    }

    @Test
    void aMostlyNullColumnIsJudgedOnItsNullRateNotOnTooFewValues() throws Exception {
        // 40 numbers among 20,000 rows on each side, drawn from one distribution: between two such draws
        // wasserstein_normed is about 0.26 (median), beyond the default 0.1 nearly always: nearly every night cried wolf
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("sparse", org.apache.spark.sql.types.DataTypes.DoubleType)
                .add("filling", org.apache.spark.sql.types.DataTypes.DoubleType)
                .add("dense", org.apache.spark.sql.types.DataTypes.DoubleType);
        java.util.Random rnd = new java.util.Random(4);
        List<Row> ref = new java.util.ArrayList<>();
        List<Row> cur = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ref.add(org.apache.spark.sql.RowFactory.create(i % 500 == 0 ? rnd.nextGaussian() : null,
                    i % 500 == 0 ? rnd.nextGaussian() : null, rnd.nextGaussian()));
        }
        for (int i = 0; i < 400; i++) { // "filling": 90 values in 400 rows, a null rate down from 99.8 % to 77.5 %
            cur.add(org.apache.spark.sql.RowFactory.create(i % 10 == 0 ? rnd.nextGaussian() : null,
                    i < 90 ? rnd.nextGaussian() : null, rnd.nextGaussian() + 0.5));
        }
        String r = SparkTestSession.writeParquet(tmp.resolve("ref"), schema, ref);
        String c = SparkTestSession.writeParquet(tmp.resolve("cur"), schema, cur);
        RunResult run = RunResult.run(tmp.resolve("out"), "--reference", r, "--current", c);
        assertEquals(ExitCode.OK, run.exit(), run.stderr());
        Map<String, JsonNode> f = run.features();
        JsonNode sparse = f.get("sparse");
        assertEquals("ok", sparse.get("status").asText());
        assertTrue(RunResult.metric(sparse, "wasserstein_normed") >= 0.1, "the metric is reported, and beyond 0.1: " + sparse);
        assertFalse(sparse.get("thresholds").has("wasserstein_normed"), sparse.get("thresholds").toString());
        assertTrue(sparse.get("thresholds").has("null_rate_delta"));
        assertFalse(sparse.get("drifted").asBoolean());
        assertTrue(sparse.get("warnings").toString().contains("the current data has 40 values (of 400 rows), fewer than the 100"),
                sparse.get("warnings").toString());
        JsonNode filling = f.get("filling");
        assertTrue(filling.get("drifted").asBoolean(), "the null rate is still judged: " + filling);
        assertEquals("[\"null_rate_delta\"]", filling.get("triggered").toString());
        JsonNode dense = f.get("dense");
        assertTrue(dense.get("drifted").asBoolean() && dense.get("thresholds").has("wasserstein_normed"), dense.toString());
        // 400 values: chance alone reaches more than 0.1 one night in a hundred, so the threshold is that level (0.5 σ is beyond it)
        assertTrue(dense.get("details").get("chance_levels").has("wasserstein_normed"), dense.toString());
        java.util.List<String> keys = new java.util.ArrayList<>();
        dense.get("details").get("chance_levels").get("wasserstein_normed").fieldNames().forEachRemaining(keys::add);
        assertEquals(java.util.List.of("level", "threshold", "alpha"), keys, "one order in every run's summary.json");
        assertTrue(dense.get("warnings").toString().contains("with probability at least 0.01"), dense.get("warnings").toString());

        RunResult few = RunResult.run(tmp.resolve("out-few"), "--reference", r, "--current", c, "--min-rows", "40",
                "--chance-alpha", "0");
        assertEquals(ExitCode.OK, few.exit(), few.stderr());
        assertTrue(few.features().get("sparse").get("thresholds").has("wasserstein_normed"), "40 values are enough for --min-rows 40");
        assertTrue(few.features().get("sparse").get("drifted").asBoolean(), "and then, without chance levels, chance drifts");
        RunResult chance = RunResult.run(tmp.resolve("out-chance"), "--reference", r, "--current", c, "--min-rows", "40");
        JsonNode judged = chance.features().get("sparse");
        assertFalse(judged.get("drifted").asBoolean(), "with them (the default) it does not: " + judged);
        assertTrue(judged.get("thresholds").get("wasserstein_normed").asDouble() > RunResult.metric(judged, "wasserstein_normed"),
                judged.toString());

        // a p-value's test accounts for the sample's size: its threshold holds at 40 values
        RunResult p = RunResult.run(tmp.resolve("out-p"), "--reference", r, "--current", c, "--threshold",
                "sparse:ks_pvalue=0.001", "--threshold", "sparse:wasserstein_normed=0.1");
        assertEquals(ExitCode.OK, p.exit(), p.stderr());
        JsonNode pSparse = p.features().get("sparse");
        assertTrue(pSparse.get("thresholds").has("ks_pvalue") && !pSparse.get("thresholds").has("wasserstein_normed"),
                pSparse.get("thresholds").toString());
        assertFalse(pSparse.get("drifted").asBoolean(), "two draws of one distribution: " + pSparse.get("metrics"));
    }
}
