package io.sparkdrift.math;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Benjamini–Hochberg adjusted p-values: with m tests and p-values sorted p(1) ≤ … ≤ p(m), the
 * adjusted value of p(i) is min over j ≥ i of min(1, m·p(j)/j). Rejecting every test whose adjusted
 * value is ≤ q is exactly the BH step-up procedure at level q (reject the k smallest, k the largest
 * i with p(i) ≤ i·q/m), which keeps the expected share of false rejections among all rejections at
 * or below q·m0/m ≤ q when the true-null p-values are independent or positively dependent
 * (Benjamini and Hochberg 1995; Benjamini and Yekutieli 2001). Features of one table are usually
 * positively dependent where they are dependent at all; the guarantee does not cover arbitrary
 * negative dependence.
 *
 * <p>Empty input gives an empty result. A NaN p-value is not a test: it stays NaN and does not
 * count in m. Values are probabilities (dimensionless), in [0, 1]; values outside are clamped.
 */
public final class FalseDiscovery {
    private FalseDiscovery() {
    }

    /** The BH-adjusted p-values, in the order of {@code p}. */
    public static double[] adjusted(double[] p) {
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        Integer[] order = new Integer[p.length];
        int m = 0;
        for (int i = 0; i < p.length; i++) {
            if (!Double.isNaN(p[i])) {
                order[m++] = i;
            }
        }
        Integer[] tests = Arrays.copyOf(order, m);
        // ties keep input order, so the result does not depend on how equal values are sorted
        Arrays.sort(tests, Comparator.comparingDouble((Integer i) -> clamp(p[i])).thenComparingInt(i -> i));
        double running = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int i = tests[rank - 1];
            running = Math.min(running, Math.min(1.0, clamp(p[i]) * m / rank));
            out[i] = running;
        }
        return out;
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }
}
