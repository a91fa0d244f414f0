package io.sparkdrift.math;

import org.apache.commons.math3.special.Gamma;

/**
 * The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n = sup |F_n − F|
 * for a sample of size n (SciPy's {@code kstwo}): {@link #sf}(d, n) = P(D_n ≥ d).
 *
 * <p>The method for each (n, d) is chosen as Simard and L'Ecuyer (2011, "Computing the two-sided
 * Kolmogorov–Smirnov distribution", J. Stat. Software 39(11)) recommend and SciPy implements, so the
 * values agree with SciPy's to rounding:
 * <ul>
 *   <li>n·d ≤ 1 or n·d ≥ n − 1: the closed forms of Ruben and Gambino;</li>
 *   <li>d ≥ ½, or a large n·d²: twice the one-sided exact tail (Smirnov; Birnbaum and Tingey's
 *       sum), since the two one-sided events cannot both happen;</li>
 *   <li>small n·d^1.5 (n ≤ 100,000), or n ≤ 140 with a small n·d²: exact, by Durbin's matrix
 *       (Marsaglia, Tsang and Wang 2003), with the matrix power scaled by powers of 2 so that nothing
 *       overflows;</li>
 *   <li>otherwise: the Pelz–Good (1976) asymptotic series, accurate to about 1e-10 there.</li>
 * </ul>
 * Where SciPy uses Pomeranz's recursion (n ≤ 140, 0.754693 &lt; n·d² ≤ 4) this class uses Durbin's
 * matrix: both are exact methods, so they differ by rounding only.
 */
public final class KolmogorovDistribution {
    private static final int SCALE_BITS = 128;
    private static final double SCALE_UP = Math.scalb(1.0, SCALE_BITS);
    private static final double SCALE_DOWN = Math.scalb(1.0, -SCALE_BITS);

    private KolmogorovDistribution() {
    }

    /**
     * P(D_n ≥ d), the survival function (two-sided).
     *
     * @param d the statistic; {@code NaN} gives {@code NaN}, d ≤ 0 gives 1, d ≥ 1 gives 0
     * @param n the sample size, {@code >= 1}; otherwise {@code NaN}
     * @return a probability in [0, 1]
     */
    public static double sf(double d, long n) {
        if (Double.isNaN(d) || n <= 0) {
            return Double.NaN;
        }
        if (d >= 1.0) {
            return 0.0;
        }
        if (d <= 0.0) {
            return 1.0;
        }
        double t = n * d;
        if (t <= 1.0) {
            return clip(1.0 - rubenGambinoCdf(n, t));
        }
        if (t >= n - 1) {
            return clip(2.0 * Math.pow(1.0 - d, n));
        }
        if (d >= 0.5) {
            return clip(2.0 * smirnovSf(n, d));
        }
        double nd2 = t * d;
        if (n <= 140) {
            if (nd2 <= 4.0) {
                return clip(1.0 - durbinCdf((int) n, d));
            }
            return clip(2.0 * smirnovSf(n, d));
        }
        if (nd2 >= 370.0) {
            return 0.0;
        }
        if (nd2 >= 2.2) {
            return clip(2.0 * smirnovSf(n, d));
        }
        if (n <= 100_000 && n * Math.pow(d, 1.5) <= 1.4) {
            return clip(1.0 - durbinCdf((int) n, d));
        }
        return clip(1.0 - pelzGoodCdf(n, d));
    }

    /** P(D_n ≤ d) for 1/(2n) ≤ d ≤ 1/n: n!/n^n · (2nd − 1)^n (Ruben and Gambino 1982). */
    private static double rubenGambinoCdf(long n, double t) {
        if (t <= 0.5) {
            return 0.0;
        }
        return Math.exp(logFactorialOverPower(n) + n * Math.log(2.0 * t - 1.0));
    }

    /** ln(n!/n^n) by Stirling's series with n ln n taken out first (no cancellation). */
    static double logFactorialOverPower(long n) {
        if (n <= 140) {
            double s = 0.0;
            for (long i = 1; i <= n; i++) {
                s += Math.log((double) i / n);
            }
            return s;
        }
        double x = n;
        double r = 1.0 / x;
        double r2 = r * r;
        double series = r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680))));
        return 0.5 * Math.log(2.0 * Math.PI * x) - x + series;
    }

    /** Above this n the one-sided tail is approximated, as SciPy's {@code smirnov} does. */
    static final long SMIRNOV_MAX_EXACT_N = 1_000_000L;

    /** Terms of the one-sided series summed by the strided sum's first try: the stride is n / this. */
    static final long STRIDED_POINTS = 256;

    /** Below this n the sum over every term is as quick (its binomials step; the strided one calls log-gamma per term). */
    static final long STRIDED_MIN_N = 16 * STRIDED_POINTS;

    /** The strided sum is taken once it and the sum over every other of its points agree to this, relatively. */
    static final double STRIDED_AGREEMENT = 1e-10;

    /**
     * One-sided tail P(D_n^+ ≥ d) (SciPy's {@code smirnov}). Exact for n ≤ {@value #SMIRNOV_MAX_EXACT_N}:
     * d Σ_{j=0}^{J} C(n, j) (d + j/n)^{j−1} (1 − d − j/n)^{n−j} with J the last j where 1 − d − j/n &gt; 0
     * (Birnbaum and Tingey 1951), every term positive and computed from its logarithm, so the far
     * tail keeps its relative accuracy (a p-value of 1e-87 is SciPy's to its digits; the asymptotic
     * form below was 11 % off there and orders of magnitude off at small n). Above that n,
     * exp(−(6nd + 1)²/(18n)), as SciPy.
     *
     * <p>The sum's terms are a smooth, bell-shaped function of j spread over most of [0, J] (a width
     * proportional to n) and vanishing at both ends, so the sum over every h-th term times h (the
     * trapezoid rule on the integers' sub-grid) equals the full sum up to an aliasing error that falls
     * faster than exponentially in n/h (Poisson summation). The sum is therefore first taken over
     * about {@value #STRIDED_POINTS} terms (h = n / {@value #STRIDED_POINTS}) and accepted when it
     * agrees with the sum over every other of those terms (stride 2h, whose error is far larger than
     * h's) to {@value #STRIDED_AGREEMENT} relatively; otherwise h halves, down to every term. Against
     * the full sum (SciPy's, and this class's at h = 1) the strided one differs by 1e-13 to 1e-10
     * relatively — the full sum's own rounding at these n ({@code KolmogorovDistributionTest},
     * the tools' {@code KsCost}). From n = {@value #STRIDED_MIN_N}; time about 50 µs whatever n, where the
     * full sum's O(n) took 0.5 ms at n = 10,000 and 55 ms at n = 1,000,000.
     */
    static double smirnovSf(long n, double d) {
        if (n > SMIRNOV_MAX_EXACT_N) { // beyond SciPy's exact range: its approximation
            double a = 6.0 * n * d + 1.0;
            return Math.exp(-a * a / 18.0 / n);
        }
        long last = (long) Math.ceil(n * (1.0 - d)) - 1;
        for (long step = n >= STRIDED_MIN_N ? n / STRIDED_POINTS : 1; step > 1; step /= 2) {
            double[] sums = strided(n, d, last, step);
            if (Math.abs(sums[0] - sums[1]) <= STRIDED_AGREEMENT * sums[0]) {
                return sums[0];
            }
        }
        return everyTerm(n, d, last);
    }

    /** The series over every term, stopping once the terms left cannot change the sum in double precision. */
    static double everyTerm(long n, double d, long last) {
        double logN1 = Gamma.logGamma(n + 1.0);
        double logD = Math.log(d);
        double logChoose = 0.0; // ln C(n, j), stepped by ln((n − j)/(j + 1)) and re-anchored every 256 terms
        double sum = 0.0;
        for (long j = 0; j <= last; j++) {
            if ((j & 255) == 0) {
                logChoose = logN1 - Gamma.logGamma(j + 1.0) - Gamma.logGamma(n - j + 1.0);
            }
            double below = 1.0 - d - (double) j / n;
            if (below <= 0.0) {
                break;
            }
            double above = d + (double) j / n;
            double term = Math.exp(logChoose + (j - 1) * Math.log(above) + (n - j) * Math.log(below) + logD);
            sum += term;
            if (term > 0.0 ? 4.0 * (last + 1 - j) * term < 0x1p-52 * sum && j != last : j > n / 2) {
                break;
            }
            logChoose += Math.log((double) (n - j) / (j + 1));
        }
        return sum;
    }

    /**
     * {step × the sum of the terms at j = 0, step, 2·step, …; 2·step × the sum of those at even
     * multiples}: the strided sum and the one at twice the stride, from the same terms.
     */
    private static double[] strided(long n, double d, long last, long step) {
        double logN1 = Gamma.logGamma(n + 1.0);
        double logD = Math.log(d);
        double all = 0.0;
        double even = 0.0;
        for (long k = 0; k * step <= last; k++) {
            long j = k * step;
            double below = 1.0 - d - (double) j / n;
            if (below <= 0.0) {
                break;
            }
            double above = d + (double) j / n;
            double term = Math.exp(logN1 - Gamma.logGamma(j + 1.0) - Gamma.logGamma(n - j + 1.0) + (j - 1) * Math.log(above)
                    + (n - j) * Math.log(below) + logD);
            all += term;
            if ((k & 1) == 0) {
                even += term;
            }
        }
        return new double[] {step * all, 2.0 * step * even};
    }

    /**
     * P(D_n ≤ d) by Durbin's matrix: with k = ⌈nd⌉ and h = k − nd, the (k, k) entry of H^n times
     * n!/n^n, where H is the (2k−1)² matrix of Marsaglia, Tsang and Wang. Memory O(k²), time
     * O(k³ log n).
     */
    static double durbinCdf(int n, double d) {
        double nd = n * d;
        if (nd <= 0.5) {
            return 0.0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        double[][] hm = durbinMatrix(m, h);
        double[][] power = identity(m);
        int powerExp = 0;
        int hExp = 0;
        for (int e = n; e > 0; e >>= 1) {
            if ((e & 1) == 1) {
                power = multiply(power, hm);
                powerExp += hExp;
            }
            hm = multiply(hm, hm);
            hExp *= 2;
            if (Math.abs(hm[k - 1][k - 1]) > SCALE_UP) {
                scale(hm, SCALE_DOWN);
                hExp += SCALE_BITS;
            }
        }
        double p = power[k - 1][k - 1];
        for (int i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < SCALE_DOWN) {
                p *= SCALE_UP;
                powerExp -= SCALE_BITS;
            }
        }
        return Math.scalb(p, powerExp);
    }

    private static double[][] durbinMatrix(int m, double h) {
        double[] factorialInv = new double[m + 1];
        factorialInv[0] = 1.0;
        for (int j = 1; j <= m; j++) {
            factorialInv[j] = factorialInv[j - 1] / j;
        }
        double[][] a = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 1; j < m; j++) {
                if (i - j + 1 >= 0) {
                    a[i][j] = factorialInv[i - j + 1];
                }
            }
        }
        for (int i = 0; i < m; i++) {
            a[i][0] = (1.0 - Math.pow(h, i + 1)) * factorialInv[i + 1];
            a[m - 1][m - 1 - i] = a[i][0];
        }
        double corner = Math.pow(Math.max(2.0 * h - 1.0, 0.0), m) - 2.0 * Math.pow(h, m);
        a[m - 1][0] = (1.0 + corner) * factorialInv[m];
        return a;
    }

    /**
     * Pelz and Good's approximation of P(D_n ≤ d): the Li-Chien/Korolyuk expansion
     * K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5 at z = d√n, each term rewritten through Jacobi's
     * theta transformation into series in exp(−(2k−1)²π²/(8z²)) and exp(−k²π²/(2z²)).
     */
    static double pelzGoodCdf(long n, double d) {
        double z = Math.sqrt((double) n) * d;
        double z2 = z * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double pi2 = Math.PI * Math.PI;
        double pi4 = pi2 * pi2;
        double pi6 = pi4 * pi2;
        double qLog = -pi2 / 8.0 / z2;
        if (qLog < -708) {
            return 0.0;
        }
        double q = Math.exp(qLog);
        double k1a = -z2;
        double k1b = pi2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * pi2 / 4;
        double k2c = pi4 * (1 - 2 * z2) / 16;
        double k3d = pi6 * (5 - 30 * z2) / 64;
        double k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = pi2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * z4 * z4;
        int maxK = (int) Math.ceil(16 * z / Math.PI);
        // Σ_k c(2k−1) q^((2k−1)²), by Horner's scheme in q^(8k) from the largest k down
        double[] sums = new double[4];
        for (int k = maxK; k >= 1; k--) {
            double odd = 2 * k - 1;
            double o2 = odd * odd;
            double o4 = o2 * o2;
            double o6 = o4 * o2;
            double qk = Math.pow(q, 8.0 * k);
            sums[0] = sums[0] * qk + 1.0;
            sums[1] = sums[1] * qk + k1a + k1b * o2;
            sums[2] = sums[2] * qk + k2a + k2b * o2 + k2c * o4;
            sums[3] = sums[3] * qk + k3a + k3b * o2 + k3c * o4 + k3d * o6;
        }
        double root2pi = Math.sqrt(2 * Math.PI);
        double[] divisors = {z, 6 * z4, 72 * z6 * z, 6480 * z6 * z4};
        for (int i = 0; i < 4; i++) {
            sums[i] *= q * root2pi / divisors[i];
        }
        double qAll = Math.exp(-pi2 / 2.0 / z2);
        double k2Extra = 0.0;
        double k3Extra = 0.0;
        double root3z = Math.sqrt(3.0) * z;
        for (int k = maxK; k >= 1; k--) {
            double kk = (double) k * k;
            double qk = Math.pow(qAll, kk);
            double kpi = Math.PI * k;
            k2Extra += kk * qk;
            k3Extra += (root3z + kpi) * (root3z - kpi) * kk * qk;
        }
        sums[2] += k2Extra * pi2 * root2pi / (-36 * z2 * z);
        sums[3] += k3Extra * pi2 * root2pi / (216 * z6);
        double rootN = Math.sqrt((double) n);
        return sums[0] + sums[1] / rootN + sums[2] / n + sums[3] / (n * rootN);
    }

    private static double[][] identity(int m) {
        double[][] a = new double[m][m];
        for (int i = 0; i < m; i++) {
            a[i][i] = 1.0;
        }
        return a;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] ci = c[i];
            for (int l = 0; l < m; l++) {
                double ail = a[i][l];
                if (ail == 0.0) {
                    continue;
                }
                double[] bl = b[l];
                for (int j = 0; j < m; j++) {
                    ci[j] += ail * bl[j];
                }
            }
        }
        return c;
    }

    private static void scale(double[][] a, double factor) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor;
            }
        }
    }

    private static double clip(double p) {
        return Math.min(1.0, Math.max(0.0, p));
    }
}
