package io.sparkdrift.math;

/** Helpers that turn bin counts into probability vectors. Pure functions, no state. */
public final class Probabilities {
    private Probabilities() {
    }

    /** Counts as doubles. */
    public static double[] of(long[] counts) {
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("negative count " + counts[i] + " in bin " + i);
            }
            out[i] = counts[i];
        }
        return out;
    }

    /**
     * Additive smoothing of a count vector: p_i = (c_i/n + eps) / (1 + k·eps), k = number of bins.
     * Applied identically to both sides of a comparison, it keeps KL and PSI finite while a bin that
     * is empty on both sides still contributes exactly 0.
     *
     * @param eps probability mass added to every bin, {@code >= 0}; {@code 0} returns the exact
     *     normalised distribution.
     * @return the smoothed probabilities; all 0 when the counts sum to 0 (an empty side, which the
     *     divergences then report as {@code NaN}).
     */
    public static double[] smoothed(long[] counts, double eps) {
        if (!(eps >= 0.0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("smoothing must be a finite number >= 0, got " + eps);
        }
        double[] c = of(counts);
        double n = checkedSum(c);
        double[] out = new double[c.length];
        double denom = 1.0 + c.length * eps;
        for (int i = 0; i < c.length; i++) {
            out[i] = n == 0.0 ? 0.0 : (c[i] / n + eps) / denom;
        }
        return out;
    }

    /** Sum of a weight vector whose entries must be finite and non-negative. */
    static double checkedSum(double[] w) {
        double s = 0.0;
        for (int i = 0; i < w.length; i++) {
            double x = w[i];
            if (!(x >= 0.0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("weights must be finite and >= 0, got " + x + " at " + i);
            }
            s += x;
        }
        return s;
    }

    static double[] scale(double[] w, double sum) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] / sum;
        }
        return out;
    }
}
