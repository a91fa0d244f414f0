package io.sparkdrift.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdrift.compare.FeatureComparator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.testing.Profiles;
import io.sparkdrift.testing.SharedFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of ../shared/golden/metrics.json (values from SciPy), one dynamic test each. The file
 * is read at test time; no expected value is copied into the code. An unknown case kind fails.
 */
class GoldenMetricsTest {

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        JsonNode root = new ObjectMapper().readTree(SharedFiles.shared("golden/metrics.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String name = c.get("kind").asText() + ": " + c.get("name").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> check(c)));
        }
        assertTrue(tests.size() >= 40, "expected the full golden file, got " + tests.size() + " cases");
        return tests.stream();
    }

    private static void check(JsonNode c) {
        JsonNode in = c.get("inputs");
        double tol = c.get("abs_tol").asDouble();
        switch (c.get("kind").asText()) {
            case "wasserstein1_samples" -> {
                WeightedSample u = WeightedSample.of(doubles(in.get("u_values")), nullableDoubles(in.get("u_weights")));
                WeightedSample v = WeightedSample.of(doubles(in.get("v_values")), nullableDoubles(in.get("v_weights")));
                assertClose(number(c.get("expected")), EmpiricalDistances.wasserstein1(u, v), tol);
            }
            case "js_distance" -> assertClose(number(c.get("expected")),
                    Divergences.jsDistance(doubles(in.get("p")), doubles(in.get("q")), in.get("log_base").asDouble()), tol);
            case "js_divergence" -> assertClose(number(c.get("expected")),
                    Divergences.jsDivergence(doubles(in.get("p")), doubles(in.get("q")), in.get("log_base").asDouble()), tol);
            case "kl_divergence" -> {
                assertEquals(Math.E, in.get("log_base").asDouble(), 1e-12, "KL cases are in nats");
                assertClose(number(c.get("expected")), Divergences.klDivergence(doubles(in.get("p")), doubles(in.get("q"))), tol);
            }
            case "psi" -> assertClose(number(c.get("expected")), Divergences.psi(doubles(in.get("p")), doubles(in.get("q"))), tol);
            case "hellinger" -> assertClose(number(c.get("expected")),
                    Divergences.hellinger(doubles(in.get("p")), doubles(in.get("q"))), tol);
            case "ks_two_sample" -> {
                double[] x = doubles(in.get("x"));
                double[] y = doubles(in.get("y"));
                double d = EmpiricalDistances.ksStatistic(WeightedSample.of(x), WeightedSample.of(y));
                assertClose(number(c.get("expected").get("statistic")), d, tol);
                assertClose(number(c.get("expected").get("pvalue")), KolmogorovSmirnov.pValue(d, x.length, y.length), tol);
            }
            case "chi_square_2xk" -> {
                ChiSquare.Result r = ChiSquare.test(longs(in.get("reference_counts")), longs(in.get("current_counts")));
                assertClose(number(c.get("expected").get("statistic")), r.statistic(), tol);
                assertClose(number(c.get("expected").get("pvalue")), r.pValue(), tol);
                assertEquals(c.get("expected").get("dof").asInt(), r.dof());
            }
            case "ks_pvalue" -> {
                long n = in.get("n").asLong();
                long m = in.get("m").asLong();
                String scipyMethod = in.get("method").asText();
                assertEquals(scipyMethod.equals("asymp") ? "asymptotic" : scipyMethod, KolmogorovSmirnov.method(n, m),
                        "the method SciPy's ks_2samp(method='auto') picks");
                assertClose(number(c.get("expected")), KolmogorovSmirnov.pValue(in.get("statistic").asDouble(), n, m), tol);
            }
            case "entropy" -> assertClose(number(c.get("expected")), Divergences.entropy(doubles(in.get("p"))), tol);
            case "cross_entropy" -> assertClose(number(c.get("expected")),
                    Divergences.crossEntropy(doubles(in.get("p")), doubles(in.get("q"))), tol);
            case "kl_gaussian_closed_form" -> gaussianKl(c, in, tol);
            default -> fail("unknown golden case kind " + c.get("kind").asText() + ": add support for it");
        }
    }

    /**
     * Estimates KL(N(mu_p, s_p) ‖ N(mu_q, s_q)) through the product's own path: fit bins on the
     * reference sample, profile both samples on the shared bins, KL in nats on the coarse histogram.
     */
    private static void gaussianKl(JsonNode c, JsonNode in, double tol) {
        int n = in.get("min_samples").asInt();
        Random rnd = new Random(42);
        double[] ref = new double[n];
        double[] cur = new double[n];
        for (int i = 0; i < n; i++) {
            ref[i] = in.get("mu_p").asDouble() + in.get("sigma_p").asDouble() * rnd.nextGaussian();
            cur[i] = in.get("mu_q").asDouble() + in.get("sigma_q").asDouble() * rnd.nextGaussian();
        }
        NumericBinning binning = Profiles.fitDefault(ref);
        NumericProfile p = Profiles.profile(binning, ref);
        NumericProfile q = Profiles.profile(binning, cur);
        double kl = Divergences.klDivergence(Probabilities.smoothed(p.coarseCounts(), FeatureComparator.DEFAULT_SMOOTHING),
                Probabilities.smoothed(q.coarseCounts(), FeatureComparator.DEFAULT_SMOOTHING));
        assertClose(number(c.get("expected")), kl, tol);
    }

    static void assertClose(double expected, double actual, double tol) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, "non-finite expected value");
        } else {
            assertEquals(expected, actual, tol);
        }
    }

    /** A number, or one of the strings "Infinity", "-Infinity", "NaN". */
    static double number(JsonNode n) {
        return n.isTextual() ? Double.parseDouble(n.asText()) : n.asDouble();
    }

    static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(a.get(i));
        }
        return out;
    }

    static double[] nullableDoubles(JsonNode a) {
        return a == null || a.isNull() ? null : doubles(a);
    }

    static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }
}
