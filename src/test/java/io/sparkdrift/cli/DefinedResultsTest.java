package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.math.EmpiricalDistances;
import io.sparkdrift.math.WeightedSample;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Textbook identities and the documented results for awkward features, through the real entry
 * point on small generated datasets.
 */
class DefinedResultsTest {
    @TempDir
    Path tmp;

    @Test
    void disjointSupportsGiveOneBitInfiniteKlAndTheGap() throws Exception {
        Random r = new Random(3);
        double[] ref = new double[2000];
        double[] cur = new double[1500];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = r.nextDouble();
        }
        for (int i = 0; i < cur.length; i++) {
            cur[i] = 5 + r.nextDouble();
        }
        String refPath = write("ref", ref);
        String curPath = write("cur", cur);
        RunResult run = RunResult.run(tmp.resolve("out"), "--reference", refPath, "--current", curPath, "--smoothing", "0");
        assertEquals(ExitCode.OK, run.exit(), run.stderr());
        JsonNode x = run.features().get("x");
        assertEquals(1.0, RunResult.metric(x, "js_divergence"), 1e-12, "JS = 1 bit");
        assertEquals(1.0, RunResult.metric(x, "js_distance"), 1e-12);
        assertEquals("Infinity", x.get("metrics").get("kl_divergence").asText(), "KL = +inf, written as a string");
        assertEquals("Infinity", x.get("metrics").get("kl_divergence_reversed").asText());
        assertEquals("Infinity", x.get("metrics").get("psi").asText());
        double exact = EmpiricalDistances.wasserstein1(WeightedSample.of(ref), WeightedSample.of(cur));
        assertEquals(exact, RunResult.metric(x, "wasserstein"), 1e-9, "W1 = the gap, exactly");
        assertEquals(0.0, RunResult.metric(x, "wasserstein_bound"), 1e-9);
        assertEquals(1.0, RunResult.metric(x, "ks_statistic"), 1e-12);
        assertEquals(1.0, RunResult.metric(x, "out_of_range_share"), 1e-12);
        assertTrue(x.get("drifted").asBoolean());

        RunResult smoothed = RunResult.run(tmp.resolve("out2"), "--reference", refPath, "--current", curPath);
        double kl = RunResult.metric(smoothed.features().get("x"), "kl_divergence");
        assertTrue(Double.isFinite(kl) && kl > 1, "default smoothing keeps KL finite: " + kl);
    }

    @Test
    void identicalDataGivesZero() throws Exception {
        Random r = new Random(4);
        double[] v = new double[3000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        String p = write("same", v);
        RunResult run = RunResult.run(tmp.resolve("out"), "--reference", p, "--current", p);
        JsonNode x = run.features().get("x");
        for (String m : List.of("kl_divergence", "js_divergence", "psi", "wasserstein", "ks_statistic", "hellinger")) {
            assertEquals(0.0, RunResult.metric(x, m), 1e-7, m);
        }
        assertEquals(1.0, RunResult.metric(x, "ks_pvalue"), 1e-12);
        assertTrue(!x.get("drifted").asBoolean());
    }

    @Test
    void allNullConstantAndNonFiniteColumnsHaveDefinedResults() throws Exception {
        StructType schema = new StructType().add("all_null_current", DataTypes.DoubleType)
                .add("all_null_reference", DataTypes.DoubleType).add("constant", DataTypes.DoubleType)
                .add("constant_moves", DataTypes.DoubleType).add("weird", DataTypes.DoubleType)
                .add("label", DataTypes.StringType);
        List<Row> ref = new ArrayList<>();
        List<Row> cur = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double w = i % 10 == 0 ? Double.NaN : i % 10 == 1 ? Double.POSITIVE_INFINITY : i % 10 == 2 ? Double.NEGATIVE_INFINITY : i;
            ref.add(RowFactory.create((double) i, null, 7.0, 1.0, w, i % 3 == 0 ? null : "a"));
            cur.add(RowFactory.create(null, (double) i, 7.0, 2.0, w, null));
        }
        String refPath = write("ref", schema, ref);
        String curPath = write("cur", schema, cur);
        RunResult run = RunResult.run(tmp.resolve("out"), "--reference", refPath, "--current", curPath);
        assertEquals(ExitCode.OK, run.exit(), run.stderr());
        Map<String, JsonNode> f = run.features();

        JsonNode allNullCurrent = f.get("all_null_current");
        assertEquals("error", allNullCurrent.get("status").asText());
        assertTrue(allNullCurrent.get("error").asText().contains("current data has no finite values"));
        assertEquals(1.0, RunResult.metric(allNullCurrent, "null_rate_delta"), 1e-12);
        assertTrue(allNullCurrent.get("drifted").asBoolean(), "a column that became all null is drift");

        JsonNode allNullRef = f.get("all_null_reference");
        assertEquals("error", allNullRef.get("status").asText());
        assertTrue(allNullRef.get("error").asText().contains("no finite values"), allNullRef.toString());

        JsonNode constant = f.get("constant");
        assertEquals("ok", constant.get("status").asText());
        assertEquals(0.0, RunResult.metric(constant, "wasserstein_normed"), 0.0, "0/0 is defined as 0");
        assertEquals(0.0, RunResult.metric(constant, "js_divergence"), 1e-12);

        JsonNode moved = f.get("constant_moves");
        assertEquals(1.0, RunResult.metric(moved, "wasserstein"), 1e-12);
        assertEquals("Infinity", moved.get("metrics").get("wasserstein_normed").asText(), "W1 > 0 over std 0");

        JsonNode weird = f.get("weird");
        assertEquals("ok", weird.get("status").asText());
        assertEquals(40, weird.get("reference").get("nan").asLong());
        assertEquals(80, weird.get("reference").get("infinite").asLong());
        assertEquals(40, weird.get("reference").get("positive_infinite").asLong());
        assertEquals(0.0, RunResult.metric(weird, "wasserstein"), 1e-12);

        JsonNode label = f.get("label");
        assertEquals("error", label.get("status").asText(), "a categorical feature with no values in the current");
        assertEquals(1.0 - 134.0 / 400, RunResult.metric(label, "null_rate_delta"), 1e-12);
    }

    @Test
    void csvInputWithHeaderAndEmptyFieldsAsNull() throws Exception {
        Path ref = tmp.resolve("ref.csv");
        Path cur = tmp.resolve("cur.csv");
        StringBuilder a = new StringBuilder("amount,kind\n");
        StringBuilder b = new StringBuilder("amount,kind\n");
        for (int i = 0; i < 300; i++) {
            a.append(i % 50 == 0 ? "" : String.valueOf(i % 17)).append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
            b.append(i % 10 == 0 ? "" : String.valueOf(i % 17 + 3)).append(',').append(i % 3 == 0 ? "x" : "y").append('\n');
        }
        Files.writeString(ref, a);
        Files.writeString(cur, b);
        RunResult run = RunResult.run(tmp.resolve("out"), "--reference", ref.toString(), "--current", cur.toString(),
                "--format", "csv");
        assertEquals(ExitCode.OK, run.exit(), run.stderr());
        JsonNode amount = run.features().get("amount");
        assertEquals("numeric", amount.get("type").asText(), "types are inferred");
        assertEquals(6, amount.get("reference").get("nulls").asLong(), "empty fields are null");
        assertEquals(30, amount.get("current").get("nulls").asLong());
        assertEquals(3.0, RunResult.metric(amount, "wasserstein"), 0.2);
        assertEquals("categorical", run.features().get("kind").get("type").asText());
    }

    private String write(String name, double[] values) {
        StructType schema = new StructType().add("x", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (double v : values) {
            rows.add(RowFactory.create(v));
        }
        return write(name, schema, rows);
    }

    private String write(String name, StructType schema, List<Row> rows) {
        String path = tmp.resolve(name).toString();
        SparkTestSession.get().createDataFrame(rows, schema).repartition(3).write().parquet(path);
        return path;
    }
}
