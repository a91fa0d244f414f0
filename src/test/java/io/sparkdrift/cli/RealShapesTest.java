package io.sparkdrift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdrift.math.EmpiricalDistances;
import io.sparkdrift.math.WeightedSample;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.run.ExitCode;
import io.sparkdrift.testing.Draws;
import io.sparkdrift.testing.RunResult;
import io.sparkdrift.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Columns shaped like real tables, through the real entry point: a zero-inflated amount, integer
 * counts and a 0–255 intensity, a constant. The divergences see a drifting tail however many zeros
 * there are, integer columns get exact W1 and KS without --exact, and constants and identical data
 * give exact zeros.
 */
class RealShapesTest {
    private static final double SMOOTHING = 1e-4;
    private static final int BINS = 20;
    private static final String[] ZERO_METRICS = {"kl_divergence", "kl_divergence_reversed", "js_divergence",
        "js_distance", "psi", "hellinger", "wasserstein", "wasserstein_normed", "wasserstein_bound", "ks_statistic",
        "ks_bound", "out_of_range_share", "null_rate_delta"};

    @TempDir
    static Path tmp;
    private static double[][] ref;
    private static double[][] cur;
    private static String refPath;
    private static String curPath;
    private static RunResult run;
    private static RunResult exact;

    /** Columns: zero_inflated, poisson, intensity, constant. */
    @BeforeAll
    static void generateAndRun() {
        Random r = new Random(20261128);
        ref = columns(r, 60_000, 1.0, 4.0, 120);
        cur = columns(r, 40_000, 1.6, 4.8, 131);
        refPath = write("ref", ref);
        curPath = write("cur", cur);
        run = RunResult.run(tmp.resolve("out"), "--reference", refPath, "--current", curPath);
        exact = RunResult.run(tmp.resolve("exact"), "--reference", refPath, "--current", curPath, "--exact");
        assertEquals(ExitCode.OK, run.exit(), run.stderr());
        assertEquals(ExitCode.OK, exact.exit(), exact.stderr());
    }

    private static double[][] columns(Random r, int n, double tailScale, double poissonMean, double intensityMean) {
        double[][] c = new double[4][n];
        for (int i = 0; i < n; i++) {
            c[0][i] = r.nextDouble() < 0.9 ? 0.0 : tailScale * Math.exp(r.nextGaussian());
            c[1][i] = Draws.poisson(r, poissonMean);
            c[2][i] = Math.max(0, Math.min(255, Math.round(intensityMean + 40 * r.nextGaussian())));
            c[3][i] = 7.25;
        }
        return c;
    }

    @Test
    void aZeroInflatedColumnsDriftingTailMovesEveryDivergenceAsSciPyComputesItOnTheReportedBins() throws Exception {
        JsonNode f = run.features().get("zero_inflated");
        JsonNode h = f.get("histogram");
        double[] edges = doubles(h.get("edges"));
        long[] p = longs(h.get("reference"));
        long[] q = longs(h.get("current"));
        assertArrayEquals(histogram(ref[0], edges), p, "the reported reference counts are the raw data's");
        assertArrayEquals(histogram(cur[0], edges), q, "the reported current counts are the raw data's");
        long distinct = Arrays.stream(ref[0]).distinct().count();
        long withMass = Arrays.stream(p).filter(c -> c > 0).count();
        assertTrue(withMass >= Math.min(BINS, distinct), withMass + " coarse bins hold reference mass");
        assertEquals(0.0, f.get("details").get("binning").get("coarse_atoms").get(0).asDouble(), 0.0, "zero has a bin of its own");

        double[] ps = smoothed(p);
        double[] qs = smoothed(q);
        double[] pe = smoothed(p, 0);
        double[] qe = smoothed(q, 0);
        Map<String, Double> scipy = Map.of(
                "kl_divergence", scipyEntropy(ps, qs),
                "kl_divergence_reversed", scipyEntropy(qs, ps),
                "js_distance", scipyJensenShannon(pe, qe),
                "js_divergence", Math.pow(scipyJensenShannon(pe, qe), 2),
                "psi", psi(ps, qs),
                "hellinger", hellinger(pe, qe),
                "entropy_reference", scipyEntropy(ps, null),
                "entropy_current", scipyEntropy(qs, null),
                "cross_entropy", scipyEntropy(ps, null) + scipyEntropy(ps, qs));
        for (Map.Entry<String, Double> e : scipy.entrySet()) {
            double got = RunResult.metric(f, e.getKey());
            assertTrue(got > 0, e.getKey() + " sees the tail's drift: " + got);
            assertEquals(e.getValue(), got, 1e-12 * Math.max(1, e.getValue()), e.getKey());
        }
        assertTrue(f.get("drifted").asBoolean());
    }

    @Test
    void integerColumnsGetExactWassersteinAndKsWithoutExactModeWithBoundsZero() throws Exception {
        for (int c : new int[] {1, 2}) {
            String name = c == 1 ? "poisson" : "intensity";
            JsonNode f = run.features().get(name);
            JsonNode e = exact.features().get(name);
            double w1 = EmpiricalDistances.wasserstein1(WeightedSample.of(ref[c]), WeightedSample.of(cur[c]));
            double ks = EmpiricalDistances.ksStatistic(WeightedSample.of(ref[c]), WeightedSample.of(cur[c]));
            assertTrue(w1 > 0.3 && ks > 0.05, name + " drifted: " + w1 + ", " + ks);
            assertEquals(w1, RunResult.metric(f, "wasserstein"), 1e-9, name);
            assertEquals(ks, RunResult.metric(f, "ks_statistic"), 1e-9, name);
            assertEquals(0.0, RunResult.metric(f, "wasserstein_bound"), 1e-9, name);
            assertEquals(0.0, RunResult.metric(f, "ks_bound"), 0.0, name);
            assertEquals(RunResult.metric(e, "wasserstein"), RunResult.metric(f, "wasserstein"), 1e-9, name + " as --exact");
            assertEquals(RunResult.metric(e, "ks_statistic"), RunResult.metric(f, "ks_statistic"), 1e-12, name + " as --exact");
            assertEquals(RunResult.metric(e, "ks_pvalue"), RunResult.metric(f, "ks_pvalue"), 0.0, name + " p-value as --exact");
            assertTrue(f.get("details").get("binning").get("discrete").asBoolean(), name);
            assertTrue(!f.get("details").has("ks_pvalue_range"), "no range when the statistic is exact");
        }
    }

    @Test
    void aConstantColumnHasEveryMetricAndBoundZeroInBothModesAndAWarning() throws Exception {
        for (RunResult mode : List.of(run, exact)) {
            JsonNode f = mode.features().get("constant");
            for (String m : ZERO_METRICS) {
                assertEquals(0.0, RunResult.metric(f, m), 0.0, m);
            }
            assertEquals(1.0, RunResult.metric(f, "ks_pvalue"), 0.0);
            double entropy = scipyEntropy(smoothed(new long[] {0, ref[3].length, 0}), null);
            assertEquals(entropy, RunResult.metric(f, "entropy_reference"), 1e-15, "the smoothed one-bin entropy");
            assertEquals(RunResult.metric(f, "entropy_reference"), RunResult.metric(f, "cross_entropy"), 0.0);
            assertTrue(!f.get("drifted").asBoolean());
            assertTrue(f.get("warnings").get(0).asText().contains("one coarse bin"), f.get("warnings").toString());
        }
        assertEquals(0.0, RunResult.metric(exact.features().get("constant"), "wasserstein_p2"), 0.0);
        assertTrue(Files.readString(run.out().resolve("report.html")).contains("warning: the reference&#39;s finite values all lie in one coarse bin")
                || Files.readString(run.out().resolve("report.html")).contains("warning: the reference's finite values all lie in one coarse bin"));
    }

    @Test
    void aColumnWhoseOuterPercentHoldsMostOfTheVarianceGetsAWarningTheOthersNone() throws Exception {
        String[] names = {"zero_inflated", "poisson", "intensity"};
        for (int c = 0; c < names.length; c++) {
            double share = EmpiricalDistances.outerVarianceShare(ref[c], 0.01); // zero_inflated about 0.78, the others under 0.2
            boolean warned = false;
            for (JsonNode w : run.features().get(names[c]).get("warnings")) {
                warned |= w.asText().contains("of the reference's variance comes from its most extreme 1 % of values");
            }
            assertEquals(share >= 0.5, warned, names[c] + ": raw share " + share);
            assertTrue(share > 0.6 || share < 0.4, names[c] + " must be clearly on one side: " + share);
        }
        assertTrue(run.features().get("zero_inflated").get("warnings").get(0).asText().startsWith("at least "));
    }

    @Test
    void identicalDataGivesExactZerosForEveryDistanceAndDiscreteBounds() throws Exception {
        RunResult same = RunResult.run(tmp.resolve("same"), "--reference", refPath, "--current", refPath);
        assertEquals(ExitCode.OK, same.exit(), same.stderr());
        for (JsonNode f : same.summary().get("features")) {
            boolean discrete = f.get("details").get("binning").get("discrete").asBoolean();
            for (String m : ZERO_METRICS) {
                if (discrete || !m.endsWith("_bound")) { // a binned continuous column cannot prove identity
                    assertEquals(0.0, RunResult.metric(f, m), 0.0, f.get("feature").asText() + " " + m);
                }
            }
            assertEquals(RunResult.metric(f, "entropy_reference"), RunResult.metric(f, "cross_entropy"), 0.0);
        }
    }

    @Test
    void aContinuousColumnsKsPValueComesWithTheRangeItsBoundImplies() throws Exception {
        JsonNode f = run.features().get("zero_inflated");
        double bound = RunResult.metric(f, "ks_bound");
        assertTrue(bound > 0, "the continuous tail is binned: " + bound);
        JsonNode range = f.get("details").get("ks_pvalue_range");
        double p = RunResult.metric(f, "ks_pvalue");
        assertTrue(range.get(0).asDouble() <= p && p <= range.get(1).asDouble(), range + " around " + p);
        double exactP = RunResult.metric(exact.features().get("zero_inflated"), "ks_pvalue");
        assertTrue(range.get(0).asDouble() <= exactP && exactP <= range.get(1).asDouble(), range + " holds the exact " + exactP);
    }

    @Test
    void quantilesAreExactWithExactModeAndEnclosedByTheBinsWithout() throws Exception {
        String[] names = {"zero_inflated", "poisson", "intensity", "constant"};
        for (int c = 0; c < names.length; c++) {
            double[][] sides = {ref[c].clone(), cur[c].clone()};
            JsonNode binned = run.features().get(names[c]).get("explanation").get("quantiles");
            JsonNode exactQ = exact.features().get(names[c]).get("explanation").get("quantiles");
            for (int side = 0; side < 2; side++) {
                java.util.Arrays.sort(sides[side]);
                String key = side == 0 ? "reference" : "current";
                for (double u : io.sparkdrift.compare.QuantileShift.LEVELS) {
                    String level = "p" + io.sparkdrift.compare.Words.num(u * 100);
                    double truth = io.sparkdrift.compare.ExplanationTest.numpyLinear(sides[side], u);
                    assertEquals(truth, exactQ.get(level).get(key).asDouble(), 0.0, names[c] + " " + level + " exact");
                    assertEquals(0.0, exactQ.get(level).get(key + "_bound").asDouble(), 0.0);
                    double est = binned.get(level).get(key).asDouble();
                    double bound = binned.get(level).get(key + "_bound").asDouble();
                    assertTrue(Math.abs(est - truth) <= bound, names[c] + " " + level + ": " + truth + " outside " + est + " ± " + bound);
                }
            }
        }
    }

    // SciPy's definitions, transcribed: scipy.stats.entropy, scipy.spatial.distance.jensenshannon(base=2)

    private static double scipyEntropy(double[] pk, double[] qk) {
        double sp = Arrays.stream(pk).sum();
        double sq = qk == null ? 0 : Arrays.stream(qk).sum();
        double s = 0;
        for (int i = 0; i < pk.length; i++) {
            double p = pk[i] / sp;
            if (qk == null) {
                s += p > 0 ? -p * Math.log(p) : 0;
            } else {
                double q = qk[i] / sq;
                s += p == 0 ? 0 : p * Math.log(p / q); // rel_entr
            }
        }
        return s;
    }

    private static double scipyJensenShannon(double[] p, double[] q) {
        double[] m = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            m[i] = (p[i] + q[i]) / 2;
        }
        double js = scipyEntropy(p, m) + scipyEntropy(q, m);
        return Math.sqrt(js / 2 / Math.log(2));
    }

    private static double psi(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += (p[i] - q[i]) * Math.log(p[i] / q[i]);
        }
        return s;
    }

    private static double hellinger(double[] p, double[] q) {
        double bc = 0;
        for (int i = 0; i < p.length; i++) {
            bc += Math.sqrt(p[i] * q[i]);
        }
        return Math.sqrt(Math.max(0, 1 - bc));
    }

    private static double[] smoothed(long[] counts) {
        return smoothed(counts, SMOOTHING);
    }

    private static double[] smoothed(long[] counts, double eps) {
        double n = Arrays.stream(counts).sum();
        return Arrays.stream(counts).mapToDouble(c -> (c / n + eps) / (1 + counts.length * eps)).toArray();
    }

    private static long[] histogram(double[] values, double[] edges) {
        long[] out = new long[edges.length + 1];
        for (double v : values) {
            out[NumericBinning.binOf(edges, v)]++;
        }
        return out;
    }

    private static void assertArrayEquals(long[] expected, long[] actual, String message) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, message);
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }


    private static String write(String name, double[][] c) {
        StructType schema = new StructType().add("zero_inflated", DataTypes.DoubleType).add("poisson", DataTypes.LongType)
                .add("intensity", DataTypes.IntegerType).add("constant", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < c[0].length; i++) {
            rows.add(RowFactory.create(c[0][i], (long) c[1][i], (int) c[2][i], c[3][i]));
        }
        String path = tmp.resolve(name).toString();
        SparkTestSession.get().createDataFrame(rows, schema).repartition(3).write().parquet(path);
        return path;
    }
}
