package io.sparkdrift.math;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * One-sided upper prediction bounds: a value U from n past observations such that one more
 * observation from the same distribution exceeds U with probability at most {@code alpha} — exactly
 * when the observations are normal, U = x̄ + t(1−α; n−1)·s·√(1 + 1/n) (Student's t, s the sample
 * standard deviation with n−1), which accounts for x̄ and s being estimated from only n values.
 *
 * <p>Drift metrics between samples of one distribution (Wasserstein, KS, JS, PSI) are positive and
 * right-skewed, roughly log-normal; on them {@link #logNormal} applies the bound to the logarithms,
 * which is what keeps the tail honest (simulated 30-day histories of W1/σ and KS between 10^4-row
 * days exceed a log-normal bound at α = 0.001 about 0.1–0.2 % of the time, a normal bound on the raw
 * values several times as often).
 *
 * <p>Fewer than 2 finite observations give NaN; NaN and ±∞ observations are ignored.
 */
public final class PredictionBound {
    private PredictionBound() {
    }

    /** The normal bound on the raw values (any sign), or NaN with fewer than 2 finite values. */
    public static double normal(double[] x, double alpha) {
        double[] v = finite(x);
        if (v.length < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (double d : v) {
            mean += d;
        }
        mean /= v.length;
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        double s = Math.sqrt(ss / (v.length - 1));
        double t = new TDistribution(null, v.length - 1).inverseCumulativeProbability(1 - alpha);
        return mean + t * s * Math.sqrt(1 + 1.0 / v.length);
    }

    /**
     * A bound on the magnitude of a signed difference that scatters around its mean (such as a change
     * in null rate): |x̄| + t(1−α/2; n−1)·s·√(1 + 1/n), so that one more observation's |value| exceeds
     * it with probability at most α under normality. NaN with fewer than 2 finite values.
     */
    public static double symmetric(double[] x, double alpha) {
        double[] v = finite(x);
        if (v.length < 2) {
            return Double.NaN;
        }
        double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        return Math.abs(mean) + (normal(v, alpha / 2) - mean);
    }

    /**
     * The bound of the logarithms, back-transformed: for positive values; NaN when any finite value
     * is ≤ 0 or fewer than 2 are finite.
     */
    public static double logNormal(double[] x, double alpha) {
        double[] v = finite(x);
        double[] logs = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0)) {
                return Double.NaN;
            }
            logs[i] = Math.log(v[i]);
        }
        double b = normal(logs, alpha);
        return Double.isNaN(b) ? Double.NaN : Math.exp(b);
    }

    private static double[] finite(double[] x) {
        return java.util.Arrays.stream(x).filter(Double::isFinite).toArray();
    }
}
