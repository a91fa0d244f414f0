package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly partition that dropped one column ({@code amount}), retyped another to another kind
 * ({@code score}: double → string), widened a third ({@code visits}: int → bigint) and added a fourth
 * ({@code coupon}): against the raw reference and against a stored profile, every change is reported,
 * the rule decides the verdict and the exit code, and every other feature is compared as usual.
 */
class SchemaChangeTest {
    @TempDir
    static Path tmp;
    private static String refPath;
    private static String curPath;
    private static String profilePath;

    @BeforeAll
    static void data() {
        SparkSession spark = SparkTestSession.get();
        refPath = tmp.resolve("ref").toString();
        curPath = tmp.resolve("cur").toString();
        spark.range(4000).selectExpr("cast(id % 97 as double) AS amount", "cast(id % 13 as double) / 3 AS score",
                "cast(id % 7 as int) AS visits", "CASE WHEN id % 3 = 0 THEN 'web' ELSE 'app' END AS channel",
                "cast(sqrt(id) as double) AS latency").write().parquet(refPath);
        spark.range(2000).selectExpr("cast(cast(id % 13 as double) / 3 as string) AS score",
                "cast(id % 7 as bigint) AS visits", "CASE WHEN id % 3 = 0 THEN 'web' ELSE 'app' END AS channel",
                "cast(sqrt(id * 2) + 5 as double) AS latency", "CASE WHEN id % 2 = 0 THEN 'X10' END AS coupon")
                .write().parquet(curPath);
        RunResult profiled = RunResult.run(tmp.resolve("profile"), "profile", "--input", refPath, "--run-date", "2026-11-01");
        assertEquals(ExitCode.OK, profiled.exit(), profiled.stderr());
        profilePath = profiled.out().toString();
    }

    @Test
    void againstTheRawReferenceEveryChangeIsReportedAndDroppedOrRetypedFeaturesDrift() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("raw"), "--reference", refPath, "--current", curPath, "--run-date", "2026-11-02");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        assertEquals("", r.stderr());
        assertAllChangesReported(r, true);
        Map<String, JsonNode> f = r.features();
        assertEquals("schema_change", f.get("amount").get("status").asText());
        assertTrue(f.get("amount").get("drifted").asBoolean(), "a dropped feature drifts by default");
        assertEquals("dropped (was double)", f.get("amount").get("error").asText());
        assertEquals("schema_change", f.get("score").get("status").asText());
        assertTrue(f.get("score").get("drifted").asBoolean());
        for (String compared : List.of("visits", "channel", "latency")) {
            assertEquals("ok", f.get(compared).get("status").asText(), compared);
            assertTrue(f.get(compared).get("metrics").has("psi"), compared + " is compared as usual");
        }
        assertEquals(1.0, RunResult.metric(f.get("visits"), "schema_change"), "the widening is noted on the compared feature");
        assertFalse(f.get("visits").get("drifted").asBoolean(), "int → bigint with the same values does not drift");
        assertTrue(f.get("latency").get("drifted").asBoolean(), "the real drift is still found");
        assertFalse(f.containsKey("coupon"), "an added column is a finding, not a feature");
        assertTrue(r.stdout().contains("schema changes (on-schema-change drift): "), r.stdout());

        Dataset<Row> results = SparkTestSession.get().read().parquet(r.out().resolve("results").toString())
                .where("metric = 'schema_change'");
        Map<String, Row> byFeature = new HashMap<>();
        results.collectAsList().forEach(row -> byFeature.put(row.getAs("feature"), row));
        assertEquals(Set.of("amount", "score", "visits", "coupon"), byFeature.keySet());
        assertEquals(true, byFeature.get("amount").getAs("drifted"));
        assertEquals(1.0, (Double) byFeature.get("amount").getAs("threshold"));
        assertEquals("schema_change", byFeature.get("coupon").getAs("status"));
        assertEquals("added (string)", byFeature.get("coupon").getAs("error"));
        assertEquals(null, (Double) byFeature.get("visits").getAs("threshold"));
        assertEquals("ok", byFeature.get("visits").getAs("status"));
    }

    @Test
    void againstAStoredProfileTheSameChangesAreReported() throws Exception {
        RunResult r = RunResult.run(tmp.resolve("stored"), "--reference-profile", profilePath, "--current", curPath,
                "--run-date", "2026-11-02");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        assertAllChangesReported(r, true);
        Map<String, JsonNode> f = r.features();
        assertTrue(f.get("amount").get("drifted").asBoolean());
        assertEquals("ok", f.get("channel").get("status").asText());
        assertTrue(f.get("latency").get("drifted").asBoolean());
    }

    @Test
    void warnReportsWithoutAVerdictAndFailExitsOneAfterWritingEverything() throws Exception {
        RunResult warn = RunResult.run(tmp.resolve("warn"), "--reference", refPath, "--current", curPath,
                "--on-schema-change", "warn");
        assertEquals(ExitCode.OK, warn.exit(), warn.stderr());
        assertAllChangesReported(warn, false);
        assertFalse(warn.features().get("amount").get("drifted").asBoolean(), "warn: reported, not drifted");
        assertEquals("schema_change", warn.features().get("amount").get("status").asText());

        RunResult fail = RunResult.run(tmp.resolve("fail"), "--reference-profile", profilePath, "--current", curPath,
                "--on-schema-change", "fail");
        assertEquals(ExitCode.DRIFT, fail.exit(), fail.stderr());
        assertTrue(fail.stderr().startsWith("schema changed (--on-schema-change fail): amount dropped (was double)"), fail.stderr());
        assertEquals(1, fail.stderr().lines().count(), fail.stderr());
        assertAllChangesReported(fail, true);

        RunResult same = RunResult.run(tmp.resolve("same"), "--reference", refPath, "--current", refPath,
                "--on-schema-change", "fail");
        assertEquals(ExitCode.OK, same.exit(), "no change, no failure: " + same.stderr());
        assertEquals(0, same.summary().get("schema_changes").size());
    }

    @Test
    void aColumnNamedExplicitlyThatTheReferenceLacksStaysAnInputError() {
        RunResult r = RunResult.run(tmp.resolve("err"), "--reference", refPath, "--current", curPath, "--features", "coupon");
        assertEquals(ExitCode.INVALID_INPUT, r.exit());
        assertTrue(r.stderr().startsWith("error: column 'coupon' named in --features is not in the reference data"), r.stderr());
        RunResult bad = RunResult.run(tmp.resolve("bad"), "--reference", refPath, "--current", curPath, "--on-schema-change", "ignore");
        assertEquals(ExitCode.INVALID_INPUT, bad.exit());
        assertEquals("error: --on-schema-change ignore: use one of drift, warn, fail", bad.stderr().strip());
    }

    @Test
    void aStoredProfileRemembersTheColumnsItDidNotProfileSoTheyAreNotAddedByTheNight() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String ref = tmp.resolve("ref-other").toString();
        String cur = tmp.resolve("cur-other").toString();
        String[] columns = {"cast(id % 13 as double) AS amount", "array('a', cast(id % 3 as string)) AS tags",
            "concat('note ', id % 5) AS note"};
        spark.range(3000).selectExpr(columns).write().parquet(ref);
        spark.range(1000).selectExpr(columns).write().parquet(cur);
        RunResult profiled = RunResult.run(tmp.resolve("profile-other"), "profile", "--input", ref, "--exclude", "note",
                "--run-date", "2026-11-01");
        assertEquals(ExitCode.OK, profiled.exit(), profiled.stderr());
        RunResult raw = RunResult.run(tmp.resolve("raw-other"), "--reference", ref, "--current", cur, "--exclude", "note",
                "--run-date", "2026-11-01");
        assertEquals(ExitCode.OK, raw.exit(), raw.stderr());
        assertEquals("its type array<string> is not compared; list it in --categorical to compare its values as categories",
                raw.summary().get("skipped_columns").get("tags").asText());
        RunResult merged = RunResult.run(tmp.resolve("merged-other"), "merge-profiles", "--profiles",
                profiled.out() + "," + raw.out());
        assertEquals(ExitCode.OK, merged.exit(), merged.stderr());
        // the profile mode's profile, a run's profiles/ output, and a merge of the two
        for (RunResult made : List.of(profiled, raw, merged)) {
            RunResult night = RunResult.run(tmp.resolve("night-" + made.out().getFileName()), "--reference-profile",
                    made.out().toString(), "--current", cur, "--on-schema-change", "fail", "--run-date", "2026-11-02");
            assertEquals(ExitCode.OK, night.exit(), made.out() + ": " + night.stderr());
            assertEquals("", night.stderr());
            assertEquals(0, night.summary().get("schema_changes").size(), night.summary().get("schema_changes").toString());
            JsonNode skipped = night.summary().get("skipped_columns");
            assertEquals("not in the stored profile: its type array<string> is not compared", skipped.get("tags").asText());
            assertEquals("not in the stored profile: left out when it was made", skipped.get("note").asText());
            assertTrue(night.stdout().contains("note (not in the stored profile") && night.stdout().contains("tags (not in the stored profile"),
                    night.stdout());
        }
        RunResult named = RunResult.run(tmp.resolve("named-other"), "--reference-profile", profiled.out().toString(), "--current",
                cur, "--features", "amount,note");
        assertEquals(ExitCode.INVALID_INPUT, named.exit());
        assertEquals("error: column 'note' is not in the stored profile: left out when it was made; make the profile with it"
                + " (profile --categorical note for a type that is not compared) or leave it out of --features and --categorical",
                named.stderr().strip());
    }

    private static void assertAllChangesReported(RunResult r, boolean dropCounts) throws Exception {
        Map<String, JsonNode> changes = new HashMap<>();
        r.summary().get("schema_changes").forEach(c -> changes.put(c.get("column").asText(), c));
        assertEquals(Set.of("amount", "score", "visits", "coupon"), changes.keySet(), r.summary().toString());
        assertEquals("dropped", changes.get("amount").get("change").asText());
        assertEquals("double", changes.get("amount").get("reference_type").asText());
        assertEquals("retyped", changes.get("score").get("change").asText());
        assertEquals("string", changes.get("score").get("current_type").asText());
        assertFalse(changes.get("score").get("compared").asBoolean());
        assertEquals("retyped", changes.get("visits").get("change").asText());
        assertEquals("int", changes.get("visits").get("reference_type").asText());
        assertEquals("bigint", changes.get("visits").get("current_type").asText());
        assertTrue(changes.get("visits").get("compared").asBoolean());
        assertEquals("added", changes.get("coupon").get("change").asText());
        assertEquals(dropCounts, r.features().get("amount").get("drifted").asBoolean());
        String report = java.nio.file.Files.readString(r.out().resolve("report.html"));
        assertTrue(report.contains("schema changes") && report.contains("amount dropped (was double)"), "the report lists them");
    }
}
