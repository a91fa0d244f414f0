package io.sparkdrift.math;

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
        double h = (n - 1) * u;
        long lo = (long) Math.floor(h);
        long hi = Math.min(n - 1, lo + 1);
        double t = h - lo;
        Estimate a = orderStatistic(s, lo);
        Estimate b = t == 0.0 ? a : orderStatistic(s, hi);
        return new Estimate(mix(a.value(), b.value(), t), mix(a.lower(), b.lower(), t), mix(a.upper(), b.upper(), t));
    }

    /** (1 − t)·a + t·b, which cannot overflow for finite a and b. */
    private static double mix(double a, double b, double t) {
        return t == 0.0 ? a : (1 - t) * a + t * b;
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
