package io.sparkdrift.math;

/**
 * Wasserstein-1 and Kolmogorov–Smirnov between two samples summarised on the same edges
 * ({@link BinnedSample}), each with a proven enclosure of the exact value on the raw data.
 *
 * <h2>Why the enclosures hold</h2>
 * Let F, G be the two empirical CDFs and h = F − G. Inside a bin, call [m, M] the span from the
 * smallest to the largest value either sample has there; F(m−) = F0, F(M) = F1 = F0 + p (p the bin's
 * share of the sample) are known exactly from the counts, likewise G0, G1.
 * <ol>
 *   <li>Outside every such span h is constant and known, so those stretches (gaps between spans,
 *       and nothing below the first or above the last value) contribute exactly |h|·length.</li>
 *   <li>∫_m^M F dx = F0·(M−m) + (1/n)Σ(M − x_i) over the bin's values, which the stored offset sums
 *       give exactly; hence the signed integral S = ∫_m^M h dx is exact, and |S| ≤ ∫_m^M |h| dx
 *       (lower bound).</li>
 *   <li>If [F0, F1] and [G0, G1] overlap at most in an endpoint, h keeps one sign on [m, M], so
 *       ∫|h| = |S| exactly. This covers every bin where only one sample has values — in particular
 *       disjoint supports, whose W1 is therefore exact.</li>
 *   <li>Otherwise three upper bounds hold and the smallest is used: by the triangle inequality
 *       |h| ≤ (F − F0) + (G − G0) + |F0 − G0|, integrated exactly as in 2; the same from the right
 *       end (F1 − F) + (G1 − G) + |F1 − G1|; and, since F ∈ [F0, F1] and G ∈ [G0, G1],
 *       |h| ≤ max(F1 − G0, G1 − F0) times (M − m).</li>
 * </ol>
 * Summing lower and upper bounds over bins encloses the exact W1. The proof is in exact arithmetic
 * on the stored sums; evaluated in doubles, each bound is off by the rounding of the sums (at most
 * about n·2^−53 of the integrals' magnitude for n values, far less in practice; a bin whose values
 * are all one point integrates to exactly 0). The estimate in a bin where the
 * sign may change models each sample as piecewise uniform on [min, mean] and [mean, max] with the
 * masses that reproduce the bin mean (so the model's ∫F equals the true one), integrates |F̃ − G̃|
 * exactly, and is clamped into the bin's bounds.
 *
 * <p>For KS: every |h| at a bin's right end is attained by the empirical CDFs (it is h at the largest
 * value in the bin), so the maximum of those is a lower bound and the reported estimate. Inside a
 * bin, F ≤ F1 and G ≥ G0 give h ≤ F1 − G0 and likewise −h ≤ G1 − F0; also h ≤ h(m−) + p_F and
 * −h ≤ −h(M) + p_F (and the same with p_G), which bounds the excess over the ends by min(p_F, p_G).
 * A bin whose values (of both samples) are all one point v has h = h(m−) below v and h(M) from v on,
 * so its ends are exact: atom bins and constant features get KS bounds of 0.
 */
public final class BinnedDistances {
    private BinnedDistances() {
    }

    /**
     * Wasserstein-1 distance ∫|F−G|dx, in the units of the values, with its enclosure.
     *
     * @return NaN estimate and bounds when either sample is empty; the edges must be identical.
     */
    public static Estimate wasserstein1(BinnedSample a, BinnedSample b) {
        requireSameEdges(a, b);
        if (a.total() == 0 || b.total() == 0) {
            return Estimate.undefined();
        }
        Walk walk = new Walk(a, b);
        double est = 0.0;
        double lower = 0.0;
        double upper = 0.0;
        double lastX = Double.NaN;
        while (walk.next()) {
            int bin = walk.bin;
            double fa0 = walk.fa0;
            double fb0 = walk.fb0;
            double fa1 = walk.fa1;
            double fb1 = walk.fb1;
            double m = walk.lo;
            double bigM = walk.hi;
            if (!Double.isNaN(lastX)) {
                double gap = Math.abs(fa0 - fb0) * (m - lastX);
                est += gap;
                lower += gap;
                upper += gap;
            }
            double w = bigM - m;
            if (w == 0) { // every value of the bin is one point: nothing to integrate (not the sums' rounding)
                lastX = bigM;
                continue;
            }
            double ia = walk.ca > 0 ? a.sumBelow(bin, bigM, walk.na) : 0.0;
            double ib = walk.cb > 0 ? b.sumBelow(bin, bigM, walk.nb) : 0.0;
            double lo = Math.abs((fa0 - fb0) * w + ia - ib);
            double hi;
            double e;
            if (fa1 <= fb0 || fb1 <= fa0) {
                hi = lo;
                e = lo;
            } else {
                double ja = walk.ca > 0 ? a.sumAbove(bin, m, walk.na) : 0.0;
                double jb = walk.cb > 0 ? b.sumAbove(bin, m, walk.nb) : 0.0;
                double u1 = ia + ib + Math.abs(fa0 - fb0) * w;
                double u2 = ja + jb + Math.abs(fa1 - fb1) * w;
                double u3 = w * Math.max(fa1 - fb0, fb1 - fa0);
                hi = Math.max(lo, Math.min(u1, Math.min(u2, u3)));
                BinCdf fa = BinCdf.of(a, bin, fa0, fa1);
                BinCdf fb = BinCdf.of(b, bin, fb0, fb1);
                e = Math.min(hi, Math.max(lo, integrateAbsDiff(fa, fb, m, bigM)));
            }
            est += e;
            lower += lo;
            upper += hi;
            lastX = bigM;
        }
        return new Estimate(est, lower, upper);
    }

    /**
     * Two-sample Kolmogorov–Smirnov statistic sup|F−G|, in [0, 1], with its enclosure. The
     * estimate is the largest difference at a bin's largest value, which the exact statistic attains
     * or exceeds.
     *
     * @return NaN estimate and bounds when either sample is empty; the edges must be identical.
     */
    public static Estimate ksStatistic(BinnedSample a, BinnedSample b) {
        requireSameEdges(a, b);
        if (a.total() == 0 || b.total() == 0) {
            return Estimate.undefined();
        }
        Walk walk = new Walk(a, b);
        double lower = 0.0;
        double upper = 0.0;
        while (walk.next()) {
            double ends = Math.max(Math.abs(walk.fa0 - walk.fb0), Math.abs(walk.fa1 - walk.fb1));
            double inside = walk.lo == walk.hi ? ends : Math.min(Math.max(walk.fa1 - walk.fb0, walk.fb1 - walk.fa0),
                    ends + Math.min(walk.ca / walk.na, walk.cb / walk.nb));
            lower = Math.max(lower, Math.abs(walk.fa1 - walk.fb1));
            upper = Math.max(upper, Math.max(ends, inside));
        }
        return new Estimate(lower, lower, upper);
    }

    /**
     * Walks the bins that either sample occupies, in order, exposing both empirical CDFs just before
     * (fa0, fb0) and at the end of (fa1, fb1) the current bin, from exact integer counts.
     */
    private static final class Walk {
        final BinnedSample a;
        final BinnedSample b;
        final double na;
        final double nb;
        int bin = -1;
        long ca;
        long cb;
        double fa0;
        double fb0;
        double fa1;
        double fb1;
        /** The smallest and largest value either sample has in the bin (equal: one point, h a step there). */
        double lo;
        double hi;
        private long cumA;
        private long cumB;

        Walk(BinnedSample a, BinnedSample b) {
            this.a = a;
            this.b = b;
            this.na = a.total();
            this.nb = b.total();
        }

        boolean next() {
            cumA += ca;
            cumB += cb;
            do {
                bin++;
                if (bin >= a.binCount()) {
                    return false;
                }
                ca = a.count(bin);
                cb = b.count(bin);
            } while (ca == 0 && cb == 0);
            fa0 = cumA / na;
            fb0 = cumB / nb;
            fa1 = (cumA + ca) / na;
            fb1 = (cumB + cb) / nb;
            lo = Math.min(ca > 0 ? a.min(bin) : Double.POSITIVE_INFINITY, cb > 0 ? b.min(bin) : Double.POSITIVE_INFINITY);
            hi = Math.max(ca > 0 ? a.max(bin) : Double.NEGATIVE_INFINITY, cb > 0 ? b.max(bin) : Double.NEGATIVE_INFINITY);
            return true;
        }
    }

    private static void requireSameEdges(BinnedSample a, BinnedSample b) {
        if (a.edgeCount() != b.edgeCount()) {
            throw new IllegalArgumentException("samples are binned on different edges");
        }
        for (int i = 0; i < a.edgeCount(); i++) {
            if (Double.compare(a.edge(i), b.edge(i)) != 0) {
                throw new IllegalArgumentException("samples are binned on different edges (edge " + i + ")");
            }
        }
    }

    /** ∫_m^M |fa − fb| dx for two piecewise-linear CDF models, exact on each linear piece. */
    private static double integrateAbsDiff(BinCdf fa, BinCdf fb, double m, double bigM) {
        double[] knots = {m, bigM, fa.lo, fa.mid, fa.hi, fb.lo, fb.mid, fb.hi};
        java.util.Arrays.sort(knots);
        double total = 0.0;
        for (int i = 0; i + 1 < knots.length; i++) {
            double x0 = Math.max(m, knots[i]);
            double x1 = Math.min(bigM, knots[i + 1]);
            if (!(x1 > x0)) {
                continue;
            }
            double h0 = fa.right(x0) - fb.right(x0);
            double h1 = fa.left(x1) - fb.left(x1);
            total += absLinearIntegral(h0, h1, x1 - x0);
        }
        return total;
    }

    /** ∫ over a width w of |h| for h linear from h0 to h1. */
    private static double absLinearIntegral(double h0, double h1, double w) {
        if ((h0 >= 0 && h1 >= 0) || (h0 <= 0 && h1 <= 0)) {
            return 0.5 * Math.abs(h0 + h1) * w;
        }
        return 0.5 * w * (h0 * h0 + h1 * h1) / (Math.abs(h0) + Math.abs(h1));
    }

    /**
     * The CDF model of one sample inside one bin: f0 below lo, f1 above hi, linear on [lo, mid] and
     * [mid, hi] with the split of mass that reproduces the bin mean; a step at lo if lo == hi.
     */
    private record BinCdf(double lo, double mid, double hi, double f0, double fMid, double f1) {
        static BinCdf of(BinnedSample s, int bin, double f0, double f1) {
            long c = s.count(bin);
            if (c == 0) {
                return new BinCdf(Double.NaN, Double.NaN, Double.NaN, f0, f0, f1);
            }
            double lo = s.min(bin);
            double hi = s.max(bin);
            double mean = hi - s.sumBelow(bin, hi, c);
            if (!(mean > lo && mean < hi)) {
                mean = 0.5 * (lo + hi);
            }
            double alpha = hi > lo ? (hi - mean) / (hi - lo) : 1.0;
            return new BinCdf(lo, mean, hi, f0, f0 + alpha * (f1 - f0), f1);
        }

        double right(double x) {
            return at(x, true);
        }

        double left(double x) {
            return at(x, false);
        }

        private double at(double x, boolean rightLimit) {
            if (Double.isNaN(lo)) {
                return f0;
            }
            if (lo == hi) {
                return x > lo || (x == lo && rightLimit) ? f1 : f0;
            }
            if (x <= lo) {
                return f0;
            }
            if (x >= hi) {
                return f1;
            }
            if (x <= mid) {
                return f0 + (fMid - f0) * (x - lo) / (mid - lo);
            }
            return fMid + (f1 - fMid) * (x - mid) / (hi - mid);
        }
    }
}
