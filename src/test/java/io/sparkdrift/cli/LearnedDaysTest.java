package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.scan.ProfileScan;
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
 * --learn-thresholds on a raw reference, both ways its days' profiles are made: read off the
 * reference's one pass (a state per day), or — past the days a pass keeps apart
 * ({@code spark.drift.learn.maxDays}) — by a second scan. The rows read say which way each run went;
 * the learned thresholds (each day against the rest on the fitted bins) and every metric agree to
 * 1e-9 (a day read off its grid adds offsets part by part, a scan value by value). The reference is
 * shaped like a real table: a heavy-tailed amount, a zero-inflated count, a category, eight days
 * and rows without a day, which count in the reference but in no day.
 */
class LearnedDaysTest {
    private static final int REFERENCE_ROWS = 24_000;
    private static final int CURRENT_ROWS = 6_000;
    @TempDir
    static Path tmp;
    private static String refPath;
    private static String curPath;
    private static long undated;

    @BeforeAll
    static void data() {
        SparkSession spark = SparkTestSession.get();
        refPath = tmp.resolve("ref").toString();
        curPath = tmp.resolve("cur").toString();
        write(spark, refPath, REFERENCE_ROWS, 0);
        write(spark, curPath, CURRENT_ROWS, 1);
        undated = spark.read().parquet(refPath).where("day IS NULL").count();
        assertTrue(undated > 100, "some reference rows have no day");
    }

    /** Eight days (about 3 % of rows without one), partitioned by day. */
    private static void write(SparkSession spark, String path, int rows, int seed) {
        spark.range(rows).selectExpr("id", "rand(" + (11 + seed) + ") AS u", "randn(" + (23 + seed) + ") AS z",
                        "rand(" + (37 + seed) + ") AS v")
                .selectExpr("exp(1.3 * z) * (1 + 0.2 * " + seed + ") AS amount",
                        "CASE WHEN u < 0.6 THEN 0 ELSE cast(floor(-3 * ln(v)) AS int) END AS visits",
                        "CASE WHEN z > 0.8 THEN 'web' WHEN u < 0.3 THEN 'app' ELSE 'store' END AS channel",
                        "CASE WHEN v < 0.03 THEN NULL ELSE concat('2026-11-0', cast(1 + floor(8 * u) AS int)) END AS day")
                .repartition(4).write().partitionBy("day").parquet(path);
    }

    @Test
    void theDaysComeOffTheReferencesOnePassAndEqualThoseOfASecondScan() throws Exception {
        SparkSession spark = SparkTestSession.get();
        RunResult[] readOff = new RunResult[1];
        long readOffRows = RowsRead.during(spark, () -> readOff[0] = run("read-off"));
        RunResult[] scanned = new RunResult[1];
        long scannedRows = RowsRead.during(spark, () -> scanned[0] = pooled("scanned"));
        RunResult plain = run("plain", List.of(), false);
        assertEquals(REFERENCE_ROWS + CURRENT_ROWS, readOffRows, "the days off the pass: each dataset read once");
        assertEquals(2 * REFERENCE_ROWS + CURRENT_ROWS, scannedRows, "more days than kept apart: a second scan of the reference");
        assertEquals(REFERENCE_ROWS, readOff[0].summary().get("reference").get("rows").asInt(), "rows without a day count");
        Map<String, Double> learned = assertSameLearned(readOff[0], scanned[0]);
        assertTrue(learned.keySet().containsAll(List.of("amount|wasserstein_normed|history_days", "visits|wasserstein_normed|threshold",
                "channel|js_distance|threshold")), learned.keySet().toString());
        assertEquals(8.0, learned.get("amount|wasserstein_normed|history_days"), 0.0, "eight days; rows without a day in none");
        RunResult.assertSameMetrics(plain, readOff[0]);
        RunResult.assertSameMetrics(plain, scanned[0]);
    }

    /**
     * A feature no day can be read off — {@code amount} with user edges inside the value grid's
     * parts — is scanned again by day on its own (its whole-reference profile merged from the same
     * scan, the rows without a day included); the others come off the pass. The same thresholds as
     * a run whose days all come from the second scan.
     */
    @Test
    void aFeatureADayCannotBeReadOffIsScannedAgainAloneTheOthersComeOffThePass() throws Exception {
        SparkSession spark = SparkTestSession.get();
        List<String> edges = List.of("--edges", "amount=0.3,0.71,1.234567,2.5,4.44");
        RunResult[] mixed = new RunResult[1];
        long mixedRows = RowsRead.during(spark, () -> mixed[0] = run("edges", edges, true));
        RunResult pooled = pooled("edges-pooled", edges.toArray(new String[0]));
        RunResult plain = run("edges-plain", edges, false);
        assertEquals(2 * REFERENCE_ROWS + CURRENT_ROWS, mixedRows, "the pass, one scan of amount's column by day, the current data");
        assertSameLearned(mixed[0], pooled);
        RunResult.assertSameMetrics(plain, mixed[0]);
    }

    /** Every learned threshold's figures equal in both runs to 1e-9 (feature|metric|field → value). */
    private static Map<String, Double> assertSameLearned(RunResult one, RunResult other) throws Exception {
        Map<String, Double> a = learned(one);
        RunResult.assertSameValues(a, learned(other));
        return a;
    }

    @Test
    void aMaxDaysSettingThatIsNoNumberIsOneLineNamingIt() {
        SparkSession spark = SparkTestSession.get();
        spark.conf().set(ProfileScan.MAX_DAYS_CONF, "a week");
        try {
            RunResult r = RunResult.run(tmp.resolve("bad-max-days"), "--reference", refPath, "--current", curPath, "--date-column",
                    "day", "--learn-thresholds");
            assertEquals(ExitCode.INVALID_INPUT, r.exit());
            assertTrue(r.stderr().startsWith("error: the Spark setting spark.drift.learn.maxDays is 'a week'"), r.stderr());
            assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
        } finally {
            spark.conf().unset(ProfileScan.MAX_DAYS_CONF);
        }
    }

    /** Every learned threshold's figures, each feature having learned some. */
    private static Map<String, Double> learned(RunResult r) throws Exception {
        for (Map.Entry<String, JsonNode> f : r.features().entrySet()) {
            JsonNode l = f.getValue().get("details").get("learned_thresholds");
            assertTrue(l != null && l.size() > 0, f.getKey() + " learned nothing");
        }
        return RunResult.learnedThresholds(r.summary());
    }

    /** A learning run whose pass keeps at most three days apart (eight here): the days come from a second scan. */
    private static RunResult pooled(String name, String... extra) {
        SparkSession spark = SparkTestSession.get();
        spark.conf().set(ProfileScan.MAX_DAYS_CONF, "3");
        try {
            return run(name, List.of(extra), true);
        } finally {
            spark.conf().unset(ProfileScan.MAX_DAYS_CONF);
        }
    }

    private static RunResult run(String name) {
        return run(name, List.of(), true);
    }

    private static RunResult run(String name, List<String> extra, boolean learn) {
        List<String> args = new ArrayList<>(List.of("--reference", refPath, "--current", curPath, "--date-column", "day"));
        if (learn) {
            args.add("--learn-thresholds");
        }
        args.addAll(extra);
        RunResult r = RunResult.run(tmp.resolve(name), args.toArray(new String[0]));
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        return r;
    }
}
