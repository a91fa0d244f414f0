package io.sparkdrift.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one-sample Kolmogorov distribution against SciPy's {@code kstwo.sf} on every branch of the
 * method choice (oracle values made by {@code src/test/oracle/kstwo.py}).
 */
class KolmogorovDistributionTest {
    /** Absolute agreement with SciPy: every method here is exact or the same series as SciPy's. */
    private static final double SCIPY_ABS_TOL = 1e-9;
    /**
     * Relative agreement with SciPy in the tail (p below {@link #TAIL}, down to the smallest normal
     * double): a p-value of 1e-87 is reported, ranked by the FDR rule and compared across runs, so it
     * must be SciPy's to its digits, not merely within 1e-9 of it.
     */
    private static final double SCIPY_TAIL_REL_TOL = 1e-9;
    private static final double TAIL = 1e-3;

    @Test
    void survivalFunctionEqualsScipyKstwoOnEveryBranchAndToItsDigitsInTheTail() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/oracle/kstwo.csv"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                long n = Long.parseLong(f[0]);
                double d = Double.parseDouble(f[1]);
                double expected = Double.parseDouble(f[2]);
                double actual = KolmogorovDistribution.sf(d, n);
                checked++;
                if (!(Math.abs(actual - expected) <= SCIPY_ABS_TOL)) {
                    failures.add("n=" + n + " d=" + d + ": " + actual + " vs SciPy " + expected);
                } else if (expected < TAIL && expected >= Double.MIN_NORMAL
                        && !(Math.abs(actual - expected) <= SCIPY_TAIL_REL_TOL * expected)) {
                    failures.add("n=" + n + " d=" + d + ": " + actual + " vs SciPy " + expected + " (relatively "
                            + Math.abs(actual - expected) / expected + ")");
                }
            }
        }
        assertTrue(checked > 150, "oracle file read: " + checked);
        assertTrue(failures.isEmpty(), failures.size() + " of " + checked + " differ: " + failures);
    }

    @Test
    void limitsAndInvalidInput() {
        assertEquals(1.0, KolmogorovDistribution.sf(0.0, 10));
        assertEquals(0.0, KolmogorovDistribution.sf(1.0, 10));
        assertEquals(1.0, KolmogorovDistribution.sf(0.04, 10), "d <= 1/(2n): every sample is farther");
        assertTrue(Double.isNaN(KolmogorovDistribution.sf(Double.NaN, 10)));
        assertTrue(Double.isNaN(KolmogorovDistribution.sf(0.1, 0)));
    }

    @Test
    void survivalFunctionDecreasesInD() {
        for (long n : new long[] {7, 140, 5000, 200_000, 2_000_000}) {
            double previous = 1.0;
            for (int i = 1; i < 400; i++) {
                double d = i / 400.0;
                double p = KolmogorovDistribution.sf(d, n);
                assertTrue(p <= previous + 1e-9, "n=" + n + " d=" + d + ": " + p + " > " + previous);
                previous = p;
            }
        }
    }

    @Test
    void theStridedOneSidedSumEqualsTheSumOverEveryTerm() {
        java.util.Random r = new java.util.Random(11);
        int strided = 0;
        for (long n : new long[] {512, 700, 1000, 4096, 10_007, 65_536, 200_000, 1_000_000}) {
            for (double nd2 : new double[] {2.2, 3.0, 5.0, 8.0, 13.8, 2.2 + 11.6 * r.nextDouble(), 50.0, 150.0}) {
                double d = Math.sqrt(nd2 / n);
                long last = (long) Math.ceil(n * (1.0 - d)) - 1;
                double all = KolmogorovDistribution.everyTerm(n, d, last);
                double fast = KolmogorovDistribution.smirnovSf(n, d);
                double tolerance = nd2 > 13.8 ? 1e-9 : 1e-10; // far tail (p near 1e-22, 1e-65): sums differ by 3e-10 at n = 1e6 (KsCost)
                assertTrue(Math.abs(fast - all) <= tolerance * all, "n=" + n + " n·d²=" + nd2 + ": " + fast + " vs every term " + all);
                strided += n >= KolmogorovDistribution.STRIDED_MIN_N ? 1 : 0;
            }
        }
        assertTrue(strided >= 30, "the strided sum was exercised");
    }
}
