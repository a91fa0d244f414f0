package io.sparkdrift.math;

import java.util.List;

/**
 * Quantiles of a sample summarised on fixed edges ({@link BinnedSample}), each with a proven
 * enclosure of the exact sample quantile.
 *
 * <p>Definition: the "linear" sample quantile (NumPy's and pandas' default, Hyndman–Fan type 7): for
 * level u and n sorted values x(0) ≤ … ≤ x(n−1), h = (n−1)·u and Q(u) = x(⌊h⌋) + (h − ⌊h⌋)·(x(⌈h⌉) −
 * x(⌊h⌋)), in the units of the values.
 *
 * <p>Why the enclosure holds: the order statistic x(k) lies in the bin whose cumulative counts cover
 * rank k, so within that bin's smallest and largest value [min, max]; the first and last rank of a bin
 * are its min and max exactly. Q(u) is a non-decreasing function of x(⌊h⌋) and x(⌈h⌉), so putting
 * both at their lower (upper) ends gives its lower (upper) bound. The estimate places x(k) at the
 * same relative position within [min, max] as k holds among the bin's ranks (exact for a bin holding
 * one value, or for the bin's first and last rank).
 */
public final class BinnedQuantiles {
    /** The levels the job reports: p1, p5, p25, p50, p75, p95, p99. */
    public static final List<Double> LEVELS = List.of(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99);

    private BinnedQuantiles() {
    }

    /**
     * @param u level in [0, 1]
     * @return the quantile with its enclosure; NaN estimate and bounds when the sample is empty
     */
    public static Estimate quantile(BinnedSample s, double u) {
        if (!(u >= 0.0 && u <= 1.0)) {
            throw new IllegalArgumentException("quantile level must be in [0, 1], got " + u);
        }
        long n = s.total();
        if (n == 0) {
            return Estimate.undefined();
        }
        long[] k = orderRanks(u, n);
        Estimate a = orderStatistic(s, k[0]);
        Estimate b = k[1] == k[0] ? a : orderStatistic(s, k[1]);
        return new Estimate(linear(u, n, a.value(), b.value()), linear(u, n, a.lower(), b.lower()),
                linear(u, n, a.upper(), b.upper()));
    }

    /**
     * The 0-based ranks of the two order statistics the linear quantile at level u interpolates
     * between, in a sample of n ≥ 1 values: ⌊h⌋ and min(n−1, ⌊h⌋+1), h = (n−1)·u.
     */
    public static long[] orderRanks(double u, long n) {
        long lo = (long) Math.floor((n - 1) * u);
        return new long[] {lo, Math.min(n - 1, lo + 1)};
    }

    /** The linear quantile at level u from its two order statistics (see {@link #orderRanks}); cannot overflow. */
    public static double linear(double u, long n, double low, double high) {
        double h = (n - 1) * u;
        double t = h - Math.floor(h);
        return t == 0.0 ? low : (1 - t) * low + t * high;
    }

    /** x(k), 0-based rank k in [0, n): its bin's [min, max], placed by the rank's position within the bin. */
    static Estimate orderStatistic(BinnedSample s, long k) {
        long before = 0;
        for (int bin = 0; bin < s.binCount(); bin++) {
            long c = s.count(bin);
            if (k < before + c) {
                double min = s.min(bin);
                double max = s.max(bin);
                double at = c == 1 ? 0.0 : (double) (k - before) / (c - 1);
                double est = min == max ? min : Math.min(max, Math.max(min, (1 - at) * min + at * max)); // no max − min overflow
                return new Estimate(est, min, max);
            }
            before += c;
        }
        throw new IllegalArgumentException("rank " + k + " outside a sample of " + before);
    }
}
