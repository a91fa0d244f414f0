package io.sparkdrift.math;

/**
 * Divergences and distances between two discrete distributions given as non-negative weights over
 * the same bins. Inputs need not be normalised: each side is divided by its own sum first (as
 * SciPy's {@code entropy} and {@code jensenshannon} do).
 *
 * <p>Common contract of every method here:
 * <ul>
 *   <li>Both arrays must have the same length; entries must be finite and {@code >= 0}, else
 *       {@link IllegalArgumentException}.</li>
 *   <li>Empty input (zero length, or a side whose weights sum to 0) returns {@code NaN}: there is no
 *       distribution to compare.</li>
 *   <li>A bin empty on both sides contributes nothing.</li>
 * </ul>
 */
public final class Divergences {
    /** ln 2: one bit in nats. */
    public static final double LN2 = Math.log(2.0);

    private Divergences() {
    }

    /**
     * Kullback–Leibler divergence D(p‖q) = Σ p·ln(p/q), in nats.
     *
     * @return {@code 0} for identical distributions, {@code +Infinity} when q has a zero bin where p
     *     has mass (no smoothing is applied here), {@code NaN} for empty input.
     */
    public static double klDivergence(double[] p, double[] q) {
        return Math.max(0.0, sum(p, q, KL));
    }

    /**
     * Jensen–Shannon divergence JS(p,q) = ½KL(p‖m) + ½KL(q‖m), m = ½(p+q), in units of the log
     * base given ({@code 2} gives bits; {@code Math.E} nats).
     *
     * @return a value in [0, log_base(2)]: 0 for identical distributions, exactly 1 bit for
     *     disjoint supports; {@code NaN} for empty input.
     */
    public static double jsDivergence(double[] p, double[] q, double logBase) {
        checkBase(logBase);
        return Math.min(LN2, Math.max(0.0, sum(p, q, JS))) / Math.log(logBase);
    }

    /** Jensen–Shannon divergence in bits, in [0, 1]. See {@link #jsDivergence(double[], double[], double)}. */
    public static double jsDivergenceBits(double[] p, double[] q) {
        return jsDivergence(p, q, 2.0);
    }

    /**
     * Jensen–Shannon distance: the square root of {@link #jsDivergence}, a metric; in [0, 1] for
     * base 2. {@code NaN} for empty input.
     */
    public static double jsDistance(double[] p, double[] q, double logBase) {
        return Math.sqrt(jsDivergence(p, q, logBase));
    }

    /**
     * Population stability index PSI = Σ (p−q)·ln(p/q), in nats; equals KL(p‖q) + KL(q‖p).
     *
     * @return {@code +Infinity} when a bin is empty on exactly one side (no smoothing here),
     *     {@code NaN} for empty input.
     */
    public static double psi(double[] p, double[] q) {
        return Math.max(0.0, sum(p, q, PSI));
    }

    /**
     * Hellinger distance H = sqrt(½ Σ (√p − √q)²), dimensionless in [0, 1]: exactly 0 for identical
     * distributions (every term is 0; the textbook form sqrt(1 − Σ √(p·q)) equals it for normalised
     * inputs but leaves rounding residue such as 1e-8), 1 for disjoint supports; {@code NaN} for
     * empty input.
     */
    public static double hellinger(double[] p, double[] q) {
        return Math.sqrt(Math.min(1.0, 0.5 * sum(p, q, (pi, qi) -> {
            double diff = Math.sqrt(pi) - Math.sqrt(qi);
            return diff * diff;
        })));
    }

    /**
     * Shannon entropy H(p) = −Σ p·ln p, in nats (as SciPy's {@code entropy(p)}); 0·ln 0 = 0.
     *
     * @return a value in [0, ln k] for k bins; 0 for a single occupied bin; {@code NaN} for empty
     *     input (zero length or all weights 0). Entries must be finite and {@code >= 0}.
     */
    public static double entropy(double[] p) {
        double[][] pp = normalisedPair(p, p);
        if (pp == null) {
            return Double.NaN;
        }
        double h = 0.0;
        for (double pi : pp[0]) {
            if (pi > 0.0) {
                h -= pi * Math.log(pi);
            }
        }
        return Math.max(0.0, h);
    }

    /**
     * Cross-entropy H(p, q) = −Σ p·ln q = H(p) + D(p‖q), in nats. Computed as the sum of the two
     * terms, so identical distributions give exactly H(p).
     *
     * @return {@code +Infinity} when q has a zero bin where p has mass (no smoothing here);
     *     {@code NaN} for empty input.
     */
    public static double crossEntropy(double[] p, double[] q) {
        return entropy(p) + klDivergence(p, q);
    }

    /**
     * L∞ distance max |p_i − q_i| between the normalised distributions, in [0, 1]; {@code NaN} for
     * empty input.
     */
    public static double linf(double[] p, double[] q) {
        double[][] pq = normalisedPair(p, q);
        if (pq == null) {
            return Double.NaN;
        }
        double max = 0.0;
        for (int i = 0; i < pq[0].length; i++) {
            max = Math.max(max, Math.abs(pq[0][i] - pq[1][i]));
        }
        return max;
    }

    /**
     * Each bin's term of {@link #klDivergence}, in nats: p·ln(p/q) on the normalised distributions,
     * negative where q &gt; p. The terms sum to the divergence (the same additions in the same order,
     * before the clamp at 0). {@code NaN} entries for empty input.
     */
    public static double[] klTerms(double[] p, double[] q) {
        return terms(p, q, KL);
    }

    /**
     * Each bin's term of {@link #jsDivergence}, in units of the log base: ½p·ln(p/m) + ½q·ln(q/m),
     * never negative; they sum to the divergence. {@code NaN} entries for empty input.
     */
    public static double[] jsTerms(double[] p, double[] q, double logBase) {
        checkBase(logBase);
        double[] t = terms(p, q, JS);
        double ln = Math.log(logBase);
        for (int i = 0; i < t.length; i++) {
            t[i] /= ln;
        }
        return t;
    }

    /** Each bin's term of {@link #psi}, in nats: (p−q)·ln(p/q), never negative. {@code NaN} entries for empty input. */
    public static double[] psiTerms(double[] p, double[] q) {
        return terms(p, q, PSI);
    }

    private static void checkBase(double logBase) {
        if (!(logBase > 0.0) || logBase == 1.0 || Double.isInfinite(logBase)) {
            throw new IllegalArgumentException("log base must be finite, > 0 and != 1, got " + logBase);
        }
    }

    /** One bin's contribution to a divergence, from the normalised probabilities of that bin. */
    private interface BinTerm {
        double of(double p, double q);
    }

    private static final BinTerm KL = (pi, qi) -> pi == 0.0 ? 0.0 : qi == 0.0 ? Double.POSITIVE_INFINITY : pi * Math.log(pi / qi);
    /** In nats. */
    private static final BinTerm JS = (pi, qi) -> {
        double mi = 0.5 * (pi + qi);
        return (pi > 0.0 ? 0.5 * pi * Math.log(pi / mi) : 0.0) + (qi > 0.0 ? 0.5 * qi * Math.log(qi / mi) : 0.0);
    };
    private static final BinTerm PSI = (pi, qi) -> pi == qi ? 0.0
            : pi == 0.0 || qi == 0.0 ? Double.POSITIVE_INFINITY : (pi - qi) * Math.log(pi / qi);

    /** {@code term} per bin on the normalised distributions; all NaN for empty input. */
    private static double[] terms(double[] p, double[] q, BinTerm term) {
        double[][] pq = normalisedPair(p, q);
        double[] out = new double[p.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = pq == null ? Double.NaN : term.of(pq[0][i], pq[1][i]);
        }
        return out;
    }

    /** Σ over bins of {@code term} on the normalised distributions; NaN for empty input. */
    private static double sum(double[] p, double[] q, BinTerm term) {
        double[][] pq = normalisedPair(p, q);
        if (pq == null) {
            return Double.NaN;
        }
        double total = 0.0;
        for (int i = 0; i < pq[0].length; i++) {
            total += term.of(pq[0][i], pq[1][i]);
        }
        return total;
    }

    /** Returns {p/sum(p), q/sum(q)}, or null when either side is empty; validates the arrays. */
    static double[][] normalisedPair(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException(
                    "distributions have different numbers of bins: " + p.length + " and " + q.length);
        }
        double sp = Probabilities.checkedSum(p);
        double sq = Probabilities.checkedSum(q);
        if (p.length == 0 || sp == 0.0 || sq == 0.0) {
            return null;
        }
        return new double[][] {Probabilities.scale(p, sp), Probabilities.scale(q, sq)};
    }
}
