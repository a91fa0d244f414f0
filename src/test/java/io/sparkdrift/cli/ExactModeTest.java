package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SharedFiles;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --exact: W1, W2 and KS computed on the cluster equal the exact values — closed forms, and the SciPy
 * cases of ../shared/golden/metrics.json (weights become repeated rows) — and the approximate
 * mode's enclosures contain them on the sample data.
 */
class ExactModeTest {
    private static final double EXACT = 1e-9;
    @TempDir
    Path tmp;

    @Test
    void closedFormsShiftsPointMassesAndTies() throws Exception {
        double theta = 2.5;
        List<double[]> ref = new ArrayList<>();
        List<double[]> cur = new ArrayList<>();
        // shift: W1 = W2 = theta; point masses 0 vs theta; {0,1} half-half vs {0}: W1 = 1/2, W2 = sqrt(1/2), KS = 1/2;
        // 90 % ties on 7 against 90 % ties on 8: W1 = 0.9 (the rest identical), KS = 0.9
        for (int i = 0; i < 1000; i++) {
            double x = Math.sin(i) * 10;
            ref.add(new double[] {x, 0, i % 2, i < 900 ? 7 : i});
            cur.add(new double[] {x + theta, theta, 0, i < 900 ? 8 : i});
        }
        Map<String, JsonNode> f = runExact(ref, cur, 4);
        assertEquals(theta, RunResult.metric(f.get("x0"), "wasserstein"), EXACT);
        assertEquals(theta, RunResult.metric(f.get("x0"), "wasserstein_p2"), EXACT);
        assertEquals(theta, RunResult.metric(f.get("x1"), "wasserstein"), EXACT);
        assertEquals(theta, RunResult.metric(f.get("x1"), "wasserstein_p2"), EXACT);
        assertEquals(1.0, RunResult.metric(f.get("x1"), "ks_statistic"), EXACT);
        assertEquals(0.5, RunResult.metric(f.get("x2"), "wasserstein"), EXACT);
        assertEquals(Math.sqrt(0.5), RunResult.metric(f.get("x2"), "wasserstein_p2"), EXACT);
        assertEquals(0.5, RunResult.metric(f.get("x2"), "ks_statistic"), EXACT);
        assertEquals(0.9, RunResult.metric(f.get("x3"), "wasserstein"), EXACT);
        assertEquals(0.9, RunResult.metric(f.get("x3"), "ks_statistic"), EXACT);
        for (JsonNode n : f.values()) {
            assertEquals(0.0, RunResult.metric(n, "wasserstein_bound"), 0.0);
            assertTrue(n.get("details").get("exact").asBoolean());
        }
    }

    @Test
    void shiftsNear1e300AndNear1eMinus300HaveTheirW1AndW2() throws Exception {
        // differences near 1e300 square beyond the largest double, near 1e-300 below the smallest: the
        // sweeps and pairings measure in a power-of-two unit of the feature's magnitude (W2 was +inf and 0)
        double theta = 2.5;
        double[] scales = {1e300, 1e-300, 1e-310}; // the last: subnormal values
        List<double[]> ref = new ArrayList<>();
        List<double[]> cur = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            double x = Math.sin(i) * 10;
            double[] r = new double[scales.length];
            double[] c = new double[scales.length];
            for (int k = 0; k < scales.length; k++) {
                r[k] = x * scales[k];
                c[k] = (x + theta) * scales[k];
            }
            ref.add(r);
            cur.add(c);
        }
        Map<String, JsonNode> f = runExact(ref, cur, scales.length);
        for (int k = 0; k < scales.length; k++) {
            double tolerance = scales[k] < 1e-307 ? 1e-3 : EXACT; // subnormals hold a few digits
            JsonNode n = f.get("x" + k);
            assertEquals(1, RunResult.metric(n, "wasserstein") / (theta * scales[k]), tolerance, "W1 at " + scales[k]);
            assertEquals(1, RunResult.metric(n, "wasserstein_p2") / (theta * scales[k]), tolerance, "W2 at " + scales[k]);
            assertEquals(1.0, RunResult.metric(n, "ks_statistic") / RunResult.metric(f.get("x0"), "ks_statistic"), 0.0);
        }
    }

    @Test
    void goldenWassersteinAndKsCasesThroughTheDistributedPath() throws Exception {
        JsonNode root = new ObjectMapper().readTree(SharedFiles.shared("golden/metrics.json").toFile());
        List<List<Double>> refCols = new ArrayList<>();
        List<List<Double>> curCols = new ArrayList<>();
        List<JsonNode> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            JsonNode in = c.get("inputs");
            if (c.get("kind").asText().equals("wasserstein1_samples")) {
                refCols.add(expand(in.get("u_values"), in.get("u_weights")));
                curCols.add(expand(in.get("v_values"), in.get("v_weights")));
                cases.add(c);
            } else if (c.get("kind").asText().equals("ks_two_sample")) {
                refCols.add(expand(in.get("x"), null));
                curCols.add(expand(in.get("y"), null));
                cases.add(c);
            }
        }
        assertTrue(cases.size() >= 17, "all W1 and KS golden cases");
        Map<String, JsonNode> f = runExact(columnsToRows(refCols), columnsToRows(curCols), cases.size());
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            JsonNode feature = f.get("x" + i);
            double tol = c.get("abs_tol").asDouble();
            String name = c.get("name").asText();
            if (c.get("kind").asText().equals("wasserstein1_samples")) {
                assertEquals(c.get("expected").asDouble(), RunResult.metric(feature, "wasserstein"), tol, name);
            } else {
                assertEquals(c.get("expected").get("statistic").asDouble(), RunResult.metric(feature, "ks_statistic"), tol, name);
                assertEquals(c.get("expected").get("pvalue").asDouble(), RunResult.metric(feature, "ks_pvalue"), tol, name);
            }
        }
    }

    @Test
    void approximateEnclosuresContainTheExactValuesOnTheSample() throws Exception {
        RunResult approx = RunResult.run(tmp.resolve("approx"), "--config", "conf/sample.yaml");
        RunResult exact = RunResult.run(tmp.resolve("exact"), "--config", "conf/sample.yaml", "--exact");
        assertEquals(ExitCode.OK, exact.exit(), exact.stderr());
        assertEquals(SampleRunTest.INJECTED, exact.drifted());
        int numeric = 0;
        for (Map.Entry<String, JsonNode> e : approx.features().entrySet()) {
            if (!e.getValue().get("type").asText().equals("numeric")) {
                continue;
            }
            numeric++;
            JsonNode a = e.getValue();
            JsonNode x = exact.features().get(e.getKey());
            double w = RunResult.metric(x, "wasserstein");
            double estimate = RunResult.metric(a, "wasserstein");
            double bound = RunResult.metric(a, "wasserstein_bound");
            assertTrue(Math.abs(w - estimate) <= bound + 1e-9 * Math.max(1, w),
                    e.getKey() + ": exact W1 " + w + " outside " + estimate + " ± " + bound);
            double std = a.get("reference").get("std").asDouble();
            assertTrue(Math.abs(w - estimate) <= Math.max(0.01 * w, 0.001 * std) + 1e-12, e.getKey() + " accuracy target");
            double ks = RunResult.metric(x, "ks_statistic");
            double ksEstimate = RunResult.metric(a, "ks_statistic");
            assertTrue(ks >= ksEstimate - 1e-12 && ks <= ksEstimate + RunResult.metric(a, "ks_bound") + 1e-12, e.getKey() + " KS");
            assertTrue(Math.abs(ks - ksEstimate) <= 0.005, e.getKey() + " KS accuracy target");
            assertTrue(RunResult.metric(x, "wasserstein_p2") >= w - 1e-12, "W2 >= W1 always");
        }
        assertEquals(7, numeric);
        assertEquals("js_distance", exact.features().get("device").get("triggered").get(0).asText(), "categorical untouched");
        assertEquals(approx.features().get("device").get("metrics"), exact.features().get("device").get("metrics"));
    }

    @Test
    void exactNeedsTheReferenceData() {
        RunResult r = RunResult.run(tmp.resolve("x"), "--reference-profile", "somewhere", "--current", "sample-data/events", "--exact");
        assertEquals(ExitCode.INVALID_INPUT, r.exit());
        assertTrue(r.stderr().contains("--exact needs the reference data itself"), r.stderr());
    }

    private Map<String, JsonNode> runExact(List<double[]> ref, List<double[]> cur, int features) throws Exception {
        String r = write("ref", ref, features);
        String c = write("cur", cur, features);
        RunResult run = RunResult.run(tmp.resolve("out"), "--reference", r, "--current", c, "--exact");
        assertEquals(ExitCode.OK, run.exit(), run.stderr());
        return run.features();
    }

    private String write(String name, List<double[]> rows, int features) {
        StructType schema = new StructType();
        for (int i = 0; i < features; i++) {
            schema = schema.add("x" + i, DataTypes.DoubleType);
        }
        List<Row> out = new ArrayList<>();
        for (double[] r : rows) {
            Object[] v = new Object[features];
            for (int i = 0; i < features; i++) {
                v[i] = Double.isNaN(r[i]) ? null : r[i];
            }
            out.add(RowFactory.create(v));
        }
        String path = tmp.resolve(name).toString();
        SparkTestSession.get().createDataFrame(out, schema).repartition(3).write().parquet(path);
        return path;
    }

    /** Values repeated by their weights; fractional weights are scaled to whole numbers first (same distribution). */
    private static List<Double> expand(JsonNode values, JsonNode weights) {
        List<Double> out = new ArrayList<>();
        double scale = 1;
        if (weights != null && !weights.isNull()) {
            for (JsonNode w : weights) {
                while (Math.abs(w.asDouble() * scale - Math.rint(w.asDouble() * scale)) > 1e-9) {
                    scale *= 10;
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            long times = weights == null || weights.isNull() ? 1 : Math.round(weights.get(i).asDouble() * scale);
            for (long k = 0; k < times; k++) {
                out.add(values.get(i).asDouble());
            }
        }
        return out;
    }

    /** Columns of different lengths as rows, padded with NaN (written as null, which the job leaves out). */
    private static List<double[]> columnsToRows(List<List<Double>> cols) {
        int rows = cols.stream().mapToInt(List::size).max().orElse(0);
        List<double[]> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            double[] row = new double[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                row[c] = r < cols.get(c).size() ? cols.get(c).get(r) : Double.NaN;
            }
            out.add(row);
        }
        return out;
    }
}
