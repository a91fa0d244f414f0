package io.sparkdrift.math;

/**
 * Exact distances between two empirical (weighted) distributions, computed by one merge of the
 * sorted samples. These are the reference definitions the binned estimates are checked against.
 *
 * <p>Both methods return {@code NaN} when either sample is empty (no weight).
 */
public final class EmpiricalDistances {
    private EmpiricalDistances() {
    }

    /**
     * Wasserstein-1 (earth mover's) distance W1 = ∫|F−G|dx between the weighted empirical CDFs, in
     * the units of the values; equals {@code scipy.stats.wasserstein_distance}. 0 for identical
     * samples; |θ| for point masses at 0 and θ.
     */
    public static double wasserstein1(WeightedSample u, WeightedSample v) {
        if (u.isEmpty() || v.isEmpty()) {
            return Double.NaN;
        }
        double[] acc = sweep(u, v);
        return acc[0];
    }

    /**
     * Two-sample Kolmogorov–Smirnov statistic sup|F−G| of the weighted empirical CDFs, in [0, 1];
     * equals {@code scipy.stats.ks_2samp(...).statistic} for unit weights.
     */
    public static double ksStatistic(WeightedSample u, WeightedSample v) {
        if (u.isEmpty() || v.isEmpty()) {
            return Double.NaN;
        }
        return sweep(u, v)[1];
    }

    /** Walks the union of the sorted values once; returns {∫|F−G|, sup|F−G|}. */
    private static double[] sweep(WeightedSample u, WeightedSample v) {
        int i = 0;
        int j = 0;
        double cu = 0.0;
        double cv = 0.0;
        double area = 0.0;
        double sup = 0.0;
        double x = Math.min(u.values[0], v.values[0]);
        while (i < u.values.length || j < v.values.length) {
            double next = Math.min(i < u.values.length ? u.values[i] : Double.POSITIVE_INFINITY,
                    j < v.values.length ? v.values[j] : Double.POSITIVE_INFINITY);
            double diff = Math.abs(cu / u.total - cv / v.total);
            area += diff * (next - x);
            x = next;
            while (i < u.values.length && u.values[i] == next) {
                cu += u.weights[i++];
            }
            while (j < v.values.length && v.values[j] == next) {
                cv += v.weights[j++];
            }
            sup = Math.max(sup, Math.abs(cu / u.total - cv / v.total));
        }
        return new double[] {area, sup};
    }

    /**
     * W2 of two unweighted samples: the L2 distance between their quantile functions, by pairing the
     * sorted values over the overlaps of their u-intervals. NaN-free input; feature units.
     */
    public static double wasserstein2(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        java.util.Arrays.sort(x);
        java.util.Arrays.sort(y);
        double sum = 0;
        double u = 0;
        int i = 0;
        int j = 0;
        while (i < x.length && j < y.length) {
            double next = Math.min((double) (i + 1) / x.length, (double) (j + 1) / y.length);
            double d = x[i] - y[j];
            sum += d * d * (next - u);
            u = next;
            if ((double) (i + 1) / x.length <= next) {
                i++;
            }
            if ((double) (j + 1) / y.length <= next) {
                j++;
            }
        }
        return Math.sqrt(sum);
    }

    /** The share of Σ (x − mean)² held by the {@code mass} of the values furthest from the mean (the most any such share of them holds). */
    public static double outerVarianceShare(double[] x, double mass) {
        double mean = java.util.Arrays.stream(x).sum() / x.length;
        double[] sq = java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sorted().toArray();
        double outer = 0;
        for (int i = 0; i < (int) Math.floor(mass * x.length); i++) {
            outer += sq[sq.length - 1 - i];
        }
        return outer / java.util.Arrays.stream(sq).sum();
    }
}
