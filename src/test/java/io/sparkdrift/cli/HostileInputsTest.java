package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Files;
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

/** Cases from the hostile-input trial: each gets a clear result or a one-line error. */
class HostileInputsTest {
    @TempDir
    Path tmp;

    @Test
    void aThresholdForAFeatureThatIsNotComparedIsAnErrorWithASuggestion() throws Exception {
        RunResult typo = RunResult.run(tmp.resolve("a"), "--config", "conf/sample.yaml", "--threshold", "numerc:psi=0.1");
        assertEquals(ExitCode.INVALID_INPUT, typo.exit());
        assertEquals(List.of("error: --threshold numerc:...: 'numerc' is neither numeric, categorical nor a compared feature;"
                + " did you mean numeric?"), typo.stderr().lines().toList());
        RunResult feature = RunResult.run(tmp.resolve("b"), "--config", "conf/sample.yaml", "--threshold", "incme:psi=0.1");
        assertTrue(feature.stderr().contains("did you mean income?"), feature.stderr());
        RunResult skipped = RunResult.run(tmp.resolve("c"), "--config", "conf/sample.yaml", "--threshold", "date:psi=0.1");
        assertEquals(ExitCode.INVALID_INPUT, skipped.exit());
        assertTrue(skipped.stderr().contains("a column that is not compared (partition column)"), skipped.stderr());
        assertTrue(!Files.exists(tmp.resolve("a")) && !Files.exists(tmp.resolve("c")), "nothing written");
    }

    @Test
    void csvWithQuotedLineBreaksAndDoubledQuotesIsReadAsItsRows() throws Exception {
        Path ref = tmp.resolve("ref.csv");
        StringBuilder b = new StringBuilder("amount,comment\n");
        for (int i = 0; i < 200; i++) {
            b.append(i % 10).append(",\"line one\nline two, with \"\"quotes\"\"\"\n");
        }
        Files.writeString(ref, b);
        RunResult r = RunResult.run(tmp.resolve("out"), "--reference", ref.toString(), "--current", ref.toString(),
                "--format", "csv");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        assertEquals(200, r.summary().get("reference").get("rows").asLong(), "200 records, not 400 lines");
        JsonNode comment = r.features().get("comment");
        assertEquals(0, comment.get("reference").get("nulls").asLong());
        assertEquals(1, comment.get("histogram").get("categories").size());
        assertEquals("line one\nline two, with \"quotes\"", comment.get("histogram").get("categories").get(0).asText());
    }

    @Test
    void csvColumnsThatAreEmptyAreAllNullNotATypeChangeAndNewColumnsAreListed() throws Exception {
        Path ref = tmp.resolve("ref.csv");
        Path cur = tmp.resolve("cur.csv");
        Path headerOnly = tmp.resolve("header.csv");
        StringBuilder a = new StringBuilder("amount,kind\n");
        StringBuilder b = new StringBuilder("amount,kind,extra\n");
        for (int i = 0; i < 300; i++) {
            a.append(i % 17).append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
            b.append(',').append(i % 3 == 0 ? "x" : "y").append(",1\n"); // amount empty in every row
        }
        Files.writeString(ref, a);
        Files.writeString(cur, b);
        Files.writeString(headerOnly, "amount,kind\n");
        RunResult r = RunResult.run(tmp.resolve("out"), "--reference", ref.toString(), "--current", cur.toString(),
                "--format", "csv");
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        JsonNode amount = r.features().get("amount");
        assertEquals("error", amount.get("status").asText());
        assertTrue(amount.get("error").asText().contains("current data has no finite values"), amount.toString());
        assertEquals(1.0, RunResult.metric(amount, "null_rate_delta"), 0.0);
        assertTrue(amount.get("drifted").asBoolean());
        JsonNode added = r.summary().get("schema_changes").get(0);
        assertEquals("extra", added.get("column").asText(), r.summary().get("schema_changes").toString());
        assertEquals("added", added.get("change").asText());

        RunResult empty = RunResult.run(tmp.resolve("out2"), "--reference", ref.toString(), "--current", headerOnly.toString(),
                "--format", "csv");
        assertEquals(ExitCode.INVALID_INPUT, empty.exit());
        assertEquals(1, empty.stderr().lines().count(), empty.stderr());
        assertTrue(empty.stderr().startsWith("error: the current data is empty"), empty.stderr());
    }

    @Test
    void valuesNearTheLargestOrTheSmallestDoublesHaveTheirTrueMeanAndStdAndRaiseNoFalseDrift() throws Exception {
        // near 1e308 sums overflow; near 1e-300 squares vanish below the smallest double (a std of 0 once
        // made wasserstein_normed +inf, and an unchanged column drifted)
        String[] names = {"huge", "spread", "tiny"};
        double[] testScale = {0x1p-600, 0x1p-600, 0x1p1000}; // the test's own scaled arithmetic: the true moments
        StructType schema = new StructType();
        for (String n : names) {
            schema = schema.add(n, DataTypes.DoubleType);
        }
        Random r = new Random(21);
        List<Row> ref = new ArrayList<>();
        List<Row> cur = new ArrayList<>();
        double[][] refValues = new double[names.length][20_000];
        for (int i = 0; i < 20_000; i++) {
            refValues[0][i] = 1.5e308 + r.nextDouble() * 0.2e308;
            refValues[1][i] = (r.nextDouble() * 2 - 1) * 1.7e308;
            refValues[2][i] = r.nextGaussian() * 1e-300;
            ref.add(RowFactory.create(refValues[0][i], refValues[1][i], refValues[2][i]));
            cur.add(RowFactory.create(1.5e308 + r.nextDouble() * 0.2e308, (r.nextDouble() * 2 - 1) * 1.7e308,
                    r.nextGaussian() * 1e-300));
        }
        String refPath = SparkTestSession.writeParquet(tmp.resolve("ref"), schema, ref);
        String curPath = SparkTestSession.writeParquet(tmp.resolve("cur"), schema, cur);
        RunResult run = RunResult.run(tmp.resolve("out"), "--reference", refPath, "--current", curPath);
        assertEquals(ExitCode.OK, run.exit(), run.stderr());
        for (int c = 0; c < names.length; c++) {
            JsonNode f = run.features().get(names[c]);
            double scale = testScale[c];
            double mean = 0;
            for (double x : refValues[c]) {
                mean += x * scale;
            }
            mean /= refValues[c].length;
            double ss = 0;
            for (double x : refValues[c]) {
                ss += (x * scale - mean) * (x * scale - mean);
            }
            double trueMean = mean / scale;
            double trueStd = Math.sqrt(ss / refValues[c].length) / scale;
            assertEquals(trueMean, f.get("reference").get("mean").asDouble(), Math.abs(trueMean) * 1e-9 + trueStd * 1e-9, names[c]);
            assertEquals(trueStd, f.get("reference").get("std").asDouble(), trueStd * 1e-9, names[c]);
            double normed = RunResult.metric(f, "wasserstein_normed");
            assertTrue(Double.isFinite(normed) && normed < 0.05, names[c] + ": " + normed);
            assertTrue(!f.get("drifted").asBoolean(), names[c] + " is the same distribution");
        }
    }

    @Test
    void aCurrentColumnThatBecameAllInfiniteDrifts() throws Exception {
        StructType schema = new StructType().add("latency", DataTypes.DoubleType);
        List<Row> ref = new ArrayList<>();
        List<Row> cur = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ref.add(RowFactory.create(10.0 + i % 7));
            cur.add(RowFactory.create(Double.POSITIVE_INFINITY));
        }
        String refPath = SparkTestSession.writeParquet(tmp.resolve("ref"), schema, ref);
        String curPath = SparkTestSession.writeParquet(tmp.resolve("cur"), schema, cur);
        RunResult r = RunResult.run(tmp.resolve("out"), "--reference", refPath, "--current", curPath);
        assertEquals(ExitCode.OK, r.exit(), r.stderr());
        JsonNode f = r.features().get("latency");
        assertEquals("error", f.get("status").asText());
        assertEquals(1.0, RunResult.metric(f, "null_rate_delta"), 0.0, "every row lost its usable value");
        assertTrue(f.get("drifted").asBoolean());
        assertEquals(500, f.get("current").get("positive_infinite").asLong());
    }
}
