package io.sparkdrift.math;

/**
 * Two-sided p-value of the two-sample Kolmogorov–Smirnov statistic D for sample sizes n and m, as
 * SciPy's {@code ks_2samp(method='auto')} computes it.
 *
 * <p>Method (stated in every output that uses it, {@code details.ks_pvalue_method}):
 * <ul>
 *   <li><b>exact</b> when max(n, m) ≤ {@value #EXACT_MAX_N}: P(D ≥ d) under H0 by counting monotone
 *       lattice paths from (0,0) to (n,m) that touch the region |i/n − j/m| ≥ d (Hodges 1957),
 *       with every cell normalised by C(i+j, i) so that nothing overflows; O(n·m) time, O(m)
 *       memory. This is the distribution SciPy's exact method uses, and it assumes no ties.</li>
 *   <li><b>asymptotic</b> otherwise: the one-sample Kolmogorov distribution at
 *       round(n·m/(n+m)) ({@link KolmogorovDistribution#sf}, SciPy's {@code kstwo.sf}), not the
 *       limiting distribution (which differs by several percent at n·m/(n+m) of a few thousand).</li>
 * </ul>
 */
public final class KolmogorovSmirnov {
    /** Largest sample size for which the exact distribution is used (SciPy's {@code MAX_AUTO_N}). */
    public static final long EXACT_MAX_N = 10_000L;

    private KolmogorovSmirnov() {
    }

    /**
     * @param d the statistic, in [0, 1]
     * @param n size of the first sample, m of the second
     * @return the p-value in [0, 1]; {@code NaN} when d is NaN or a sample is empty (n or m is 0)
     */
    public static double pValue(double d, long n, long m) {
        if (Double.isNaN(d) || n <= 0 || m <= 0) {
            return Double.NaN;
        }
        if (d <= 0.0) {
            return 1.0;
        }
        if (Math.max(n, m) <= EXACT_MAX_N) {
            return exactP(d, (int) n, (int) m);
        }
        return asymptoticP(d, n, m);
    }

    /** Which method {@link #pValue} uses for these sample sizes: "exact" or "asymptotic". */
    public static String method(long n, long m) {
        return Math.max(n, m) <= EXACT_MAX_N ? "exact" : "asymptotic";
    }

    /** P(D ≥ d) by path counting; requires n·m small enough to iterate. */
    static double exactP(double d, int n, int m) {
        // |i/n - j/m| >= d  <=>  |i*m - j*n| / g >= d * lcm(n, m), both sides whole numbers for an
        // attained statistic; d * lcm is rounded to the nearest one as SciPy does.
        long g = gcd(n, m);
        long lcm = (long) (n / g) * m;
        long threshold = Math.round(d * lcm) * g;
        if (threshold == 0) {
            return 1.0;
        }
        // row[j] = probability that a uniformly random path to (i, j) has touched the boundary
        double[] row = new double[m + 1];
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= m; j++) {
                if (Math.abs((long) i * m - (long) j * n) >= threshold) {
                    row[j] = 1.0;
                } else if (i == 0 && j == 0) {
                    row[j] = 0.0;
                } else {
                    double fromLeft = i == 0 ? 0.0 : row[j] * i / (i + j);
                    double fromBelow = j == 0 ? 0.0 : row[j - 1] * j / (i + j);
                    row[j] = fromLeft + fromBelow;
                }
            }
        }
        return Math.min(1.0, row[m]);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** SciPy's large-sample p-value: kstwo.sf(d, round(n·m/(n+m))). */
    static double asymptoticP(double d, long n, long m) {
        double en = (double) n * m / ((double) n + m);
        return KolmogorovDistribution.sf(d, (long) Math.rint(en));
    }
}
