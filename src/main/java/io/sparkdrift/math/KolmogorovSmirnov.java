package io.sparkdrift.math;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Two-sided p-value of the two-sample Kolmogorov–Smirnov statistic D for sample sizes n and m.
 *
 * <p>Method (stated in every output that uses it):
 * <ul>
 *   <li><b>exact</b> when n·m ≤ {@value #EXACT_MAX_CELLS}: P(D ≥ d) under H0 by counting monotone
 *       lattice paths from (0,0) to (n,m) that touch the region |i/n − j/m| ≥ d (Hodges 1957),
 *       with every cell normalised by C(i+j, i) so that nothing overflows. This is the distribution
 *       SciPy's {@code ks_2samp(method='exact')} uses, and it assumes no ties.</li>
 *   <li><b>asymptotic</b> otherwise: the Kolmogorov limit distribution at t = d·sqrt(nm/(n+m)),
 *       via Commons Math's {@link KolmogorovSmirnovTest#ksSum} for t &lt; 1 and the alternating
 *       tail series 2Σ(−1)^(k−1)·e^(−2k²t²) for t ≥ 1 (keeps relative precision for tiny p).</li>
 * </ul>
 */
public final class KolmogorovSmirnov {
    /** Largest n·m for which the exact distribution is computed (O(n·m) time, O(m) memory). */
    public static final long EXACT_MAX_CELLS = 10_000_000L;

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
        if ((double) n * m <= EXACT_MAX_CELLS) {
            return exactP(d, (int) n, (int) m);
        }
        return asymptoticP(d, n, m);
    }

    /** Which method {@link #pValue} uses for these sample sizes: "exact" or "asymptotic". */
    public static String method(long n, long m) {
        return (double) n * m <= EXACT_MAX_CELLS ? "exact" : "asymptotic";
    }

    /** P(D ≥ d) by path counting; requires n·m small enough to iterate. */
    static double exactP(double d, int n, int m) {
        // |i/n - j/m| >= d  <=>  |i*m - j*n| >= d*n*m; attained statistics make d*n*m an integer.
        double threshold = Math.ceil(d * n * m - 1e-7 * Math.max(1.0, d * n * m));
        // row[j] = probability that a uniformly random path to (i, j) has touched the boundary
        double[] row = new double[m + 1];
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= m; j++) {
                if (Math.abs((double) i * m - (double) j * n) >= threshold) {
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

    static double asymptoticP(double d, long n, long m) {
        double t = d * Math.sqrt((double) n * m / ((double) n + m));
        if (t < 1.0) {
            double cdf = new KolmogorovSmirnovTest().ksSum(t, 1e-20, 100_000);
            return Math.min(1.0, Math.max(0.0, 1.0 - cdf));
        }
        double sum = 0.0;
        for (int k = 1; k < 100; k++) {
            double term = Math.exp(-2.0 * k * k * t * t);
            sum += (k % 2 == 1 ? term : -term);
            if (term < 1e-300 || term < Math.abs(sum) * 1e-17) {
                break;
            }
        }
        return Math.min(1.0, Math.max(0.0, 2.0 * sum));
    }
}
