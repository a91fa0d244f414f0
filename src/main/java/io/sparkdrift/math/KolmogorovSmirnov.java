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

    /**
     * P(D ≥ d) by path counting. Only the band of cells with |i·m − j·n| &lt; threshold is computed:
     * every cell outside it has touched the boundary (probability 1), so a row costs the band's width,
     * about 2·d·m + 1 cells, not m (for d = 0.01 at n = m = 10,000: 200 cells a row instead of
     * 10,000). The band moves right as i grows, so cells right of it still hold their initial 1 and
     * the one cell left of it that the recursion reads is set to 1.
     */
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
        java.util.Arrays.fill(row, 1.0);
        for (int i = 0; i <= n; i++) {
            long im = (long) i * m;
            int lo = (int) Math.max(0, Math.floorDiv(im - threshold, (long) n) + 1); // first j with j*n > i*m - threshold
            int hi = (int) Math.min(m, Math.floorDiv(im + threshold - 1, (long) n)); // last j with j*n < i*m + threshold
            if (lo > 0 && lo - 1 <= m) {
                row[lo - 1] = 1.0;
            }
            for (int j = lo; j <= hi; j++) {
                if (i == 0 && j == 0) {
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
