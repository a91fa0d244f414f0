package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The novelty signal survives a truncated vocabulary: with far more reference categories than are
 * kept, the share of current values the reference never had is still measured (a Bloom filter of
 * every reference value; no false negatives), live and from a stored profile, and drifts.
 */
class NoveltyTest {
    @TempDir
    Path tmp;

    @Test
    void newValuesAreToldFromRareOnesBeyondTheKeptCategories() throws Exception {
        Random r = new Random(11);
        StructType schema = new StructType().add("user_agent", DataTypes.StringType);
        List<Row> ref = new ArrayList<>();
        List<Row> half = new ArrayList<>();
        List<Row> rare = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            ref.add(RowFactory.create("ua" + r.nextInt(20_000)));
            half.add(RowFactory.create(i % 2 == 0 ? "brand-new-" + r.nextInt(20_000) : "ua" + r.nextInt(20_000)));
            rare.add(RowFactory.create("ua" + (10_000 + r.nextInt(10_000)))); // old values, mostly outside the kept 200
        }
        java.util.Set<Object> known = new java.util.HashSet<>();
        ref.forEach(row -> known.add(row.get(0)));
        double truth = half.stream().filter(row -> !known.contains(row.get(0))).count() / (double) half.size();
        String refPath = write("ref", schema, ref);
        String halfPath = write("half", schema, half);
        String rarePath = write("rare", schema, rare);

        RunResult withNew = RunResult.run(tmp.resolve("out1"), "--reference", refPath, "--current", halfPath);
        assertEquals(ExitCode.OK, withNew.exit(), withNew.stderr());
        JsonNode f = withNew.features().get("user_agent");
        double share = RunResult.metric(f, "new_category_share");
        assertEquals(truth, share, 1e-4, "the share of current values the reference never had");
        assertTrue(truth > 0.5, "half are brand new, and some old-looking ones too: " + truth);
        assertTrue(f.get("triggered").toString().contains("new_category_share"), f.get("triggered").toString());
        assertTrue(f.get("details").get("new_category_false_positive_rate").asDouble() < 1e-6);
        assertTrue(f.get("explanation").get("text").asText().startsWith(io.sparkdrift.compare.Words.pct(share)
                + " of current values are new (never in the reference)"), f.get("explanation").get("text").asText());

        RunResult onlyOld = RunResult.run(tmp.resolve("out2"), "--reference", refPath, "--current", rarePath);
        JsonNode g = onlyOld.features().get("user_agent");
        double rareTruth = rare.stream().filter(row -> !known.contains(row.get(0))).count() / (double) rare.size();
        assertEquals(rareTruth, RunResult.metric(g, "new_category_share"), 1e-4,
                "old values outside the kept categories are not new (no false negatives; the few the reference lacked are)");
        assertTrue(RunResult.metric(g, "js_distance") > 0, "the old values did move");

        // the same from a stored reference profile
        RunResult profile = RunResult.run(tmp.resolve("profile"), "profile", "--input", refPath);
        assertEquals(ExitCode.OK, profile.exit(), profile.stderr());
        RunResult nightly = RunResult.run(tmp.resolve("out3"), "--reference-profile", tmp.resolve("profile").toString(),
                "--current", halfPath);
        assertEquals(ExitCode.OK, nightly.exit(), nightly.stderr());
        assertEquals(share, RunResult.metric(nightly.features().get("user_agent"), "new_category_share"), 0.0);
    }

    private String write(String name, StructType schema, List<Row> rows) {
        String path = tmp.resolve(name).toString();
        SparkTestSession.get().createDataFrame(rows, schema).repartition(3).write().parquet(path);
        return path;
    }
}
