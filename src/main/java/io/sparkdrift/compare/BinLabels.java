package io.sparkdrift.compare;

import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.profile.NumericProfile;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Words for a numeric feature's coarse bins ("[16.1876, 30)", "below 3", "≥ 120", "= 0") that are
 * as short as the two samples allow and exact for every value in them.
 *
 * <p>Fitted edges are arbitrary doubles (a quantile edge printed exactly has 17 digits: "[16.187694633259138,
 * 29.611227312639404)"). Each coarse edge e is instead written as a decimal d with as few
 * significant digits as {@link #shortestIn} finds that reads back as a double in (a, b], where a is
 * the largest value of either sample below e and b the smallest at or above it (both from the fine
 * bins' minima and maxima). No value of either sample lies between d and e, so every value is inside
 * a bin exactly when its words say so: a value counts in "[16.1876, 30)" iff it is ≥ 16.1876 and
 * &lt; 30. Words stay in the edges' order and distinct:
 * a is also kept at or above the coarse edge below, and b is the edge itself where the bin above e
 * is empty in both samples (so two edges around an empty bin cannot meet). Where nothing was seen
 * below the lowest edge (fitted edges start at the reference's minimum) a is a tenth of the first
 * bin's width below it, and where nothing was seen above the highest edge (they end just above the
 * maximum) b is a tenth of the last bin's width above it: "[-3, 5.405)" rather than
 * "[-2.980163302383936, 5.405)" — unless the largest value itself is written as briefly, as in an
 * integer column, whose last bin then reads "[48, 50]" and what lies above it "&gt; 50", not
 * "[48, 50.2)" and "≥ 50.2" (both exact: no value of either sample lies above 50). A one-value bin's
 * lower edge, and an edge without neighbours or whose bounds overflow, is written exactly. A bin of one value [v, nextUp(v)) reads "= v", v
 * written exactly; a range of bins that ends with one reads "[a, v]", one that starts just above
 * one reads "(v, b)" ("(0, 3.5)" in a zero-inflated column) or "&gt; v". The numbers' width thus
 * follows the data's density near the edge: integer columns read as integers; two samples of 10,000
 * normal values took two to seven significant digits an edge, five or fewer for four edges in five
 * ({@code BinLabelsTest}).
 *
 * <p>Cost: two passes over the fine bins and a bisection over the digits per coarse edge (at most
 * ten roundings of a decimal of 17 digits or fewer).
 */
public final class BinLabels {
    private final double[] edges;
    private final String[] words;
    private final ValueWords values;
    /** The largest value of either sample, where the last bin's words end with it ("[48, 50]"); NaN where they do not. */
    private final double top;

    private BinLabels(double[] edges, String[] words, ValueWords values, double top) {
        this.edges = edges;
        this.words = words;
        this.values = values;
        this.top = top;
    }

    /**
     * The labels of the reference profile's coarse bins, fitted to the values of both profiles and
     * written as {@code values} writes them (numbers, dates, times).
     */
    public static BinLabels of(NumericProfile ref, NumericProfile cur, ValueWords values) {
        int[] coarse = ref.binning().coarse();
        double[] edges = ref.binning().coarseEdges();
        double[] largestUpTo = largestUpTo(ref.sample(), cur.sample());
        double[] smallestFrom = smallestFrom(ref.sample(), cur.sample());
        String[] words = new String[edges.length];
        double top = Double.NaN;
        for (int i = 0; i < edges.length; i++) {
            double e = edges[i];
            int k = coarse[i]; // fine bins 0..k lie below e, k + 1.. at or above it
            double below = largestUpTo[k];
            double above = smallestFrom[k + 1];
            boolean oneValueAbove = i + 1 < edges.length && edges[i + 1] == Math.nextUp(e);
            double lo = i > 0 ? Math.max(below, edges[i - 1]) // nothing seen below: down to the edge below
                    : below > Double.NEGATIVE_INFINITY ? below
                    : edges.length > 1 ? e - (edges[1] - e) / 10 : Double.NaN; // the lowest edge, nothing below it
            double hi = i + 1 < edges.length ? (above >= edges[i + 1] ? e : above) // the bin above empty: the edge
                    : above < Double.POSITIVE_INFINITY ? above
                    : edges.length > 1 ? e + (e - edges[i - 1]) / 10 : Double.NaN; // the highest edge, nothing above it
            words[i] = oneValueAbove || !Double.isFinite(lo) || !Double.isFinite(hi) ? values.exact(e) : values.roundestIn(lo, hi, e);
            boolean nothingAbove = i + 1 == edges.length && above == Double.POSITIVE_INFINITY;
            if (nothingAbove && Double.isFinite(below) && below >= lo && values.exact(below).length() <= words[i].length()) {
                top = below; // the largest value reads as briefly as a made-up bound above it
            }
        }
        return new BinLabels(edges, words, values, top);
    }

    /** Coarse bin i's words (0: below the first edge). */
    public String bin(int i) {
        return span(i, i);
    }

    /** The words of coarse bins first .. last together. */
    public String span(int first, int last) {
        boolean from = first > 0;
        boolean to = last < edges.length;
        // starts just above a one-value bin [u, nextUp(u)): "(u, …" says it exactly
        boolean afterOne = first >= 2 && edges[first - 1] == Math.nextUp(edges[first - 2]);
        String open = afterOne ? "(" + values.exact(edges[first - 2]) : from ? "[" + words[first - 1] : null;
        if (to && last > 0 && edges[last] == Math.nextUp(edges[last - 1])) { // ends with a one-value bin
            String v = values.exact(edges[last - 1]);
            return first == last ? "= " + v : from ? open + ", " + v + "]" : "≤ " + v;
        }
        boolean toTop = last == edges.length - 1 && !Double.isNaN(top); // ends at the largest value, nothing above it
        if (toTop) {
            return from ? open + ", " + values.exact(top) + "]" : "≤ " + values.exact(top);
        }
        if (!to && first == edges.length && !Double.isNaN(top) && !afterOne) {
            return "> " + values.exact(top);
        }
        if (!from && !to) {
            return "any value";
        }
        if (!from) {
            return "below " + words[last];
        }
        if (!to) {
            return afterOne ? "> " + values.exact(edges[first - 2]) : "≥ " + words[first - 1];
        }
        return open + ", " + words[last] + ")";
    }

    /**
     * A short decimal whose nearest double lies in (lo, hi] (lo &lt; hi, both finite): hi's shortest
     * decimal rounded down (or to nearest: "-3.1" for the double nearest −3.1, a hair below it) to the
     * fewest digits that keep it there — the fewest of any decimal when rounding down decides, as
     * reading above lo only grows with the digits; written by {@link Words#exact} (plain in [1e-4,
     * 1e7), else as "1.5e+09").
     */
    static String shortestIn(double lo, double hi) {
        if (lo < 0 && hi >= 0) {
            return "0";
        }
        // hi's shortest decimal (17 digits at most) is enough to round: the check is on the doubles read
        BigDecimal h = new BigDecimal(Double.toString(hi));
        String best = null;
        int low = 1; // acceptance grows with the digits (hi's own decimal, at the most, reads back as hi): bisect
        int high = Math.max(1, h.precision());
        while (low <= high) {
            int digits = (low + high) >>> 1;
            String found = within(h, digits, lo, hi);
            if (found != null) {
                best = found;
                high = digits - 1;
            } else {
                low = digits + 1;
            }
        }
        return best != null ? best : Words.exact(hi);
    }

    /** A decimal of {@code digits} significant digits, hi rounded down or to nearest, that reads as a double in (lo, hi]; or null. */
    private static String within(BigDecimal h, int digits, double lo, double hi) {
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.HALF_EVEN}) {
            BigDecimal d = h.round(new MathContext(digits, mode));
            double read = d.doubleValue();
            if (read > lo && read <= hi) {
                return Words.exact(read); // the double's shortest decimal: d's digits, or fewer
            }
        }
        return null;
    }

    /** [k]: the largest value of either sample in fine bins 0..k, −∞ if they are empty. */
    private static double[] largestUpTo(BinnedSample r, BinnedSample c) {
        double[] out = new double[r.binCount()];
        double largest = Double.NEGATIVE_INFINITY;
        for (int b = 0; b < out.length; b++) {
            largest = Math.max(largest, Math.max(r.count(b) > 0 ? r.max(b) : largest, c.count(b) > 0 ? c.max(b) : largest));
            out[b] = largest;
        }
        return out;
    }

    /** [k]: the smallest value of either sample in fine bins k.., +∞ if they are empty (one entry more: +∞). */
    private static double[] smallestFrom(BinnedSample r, BinnedSample c) {
        double[] out = new double[r.binCount() + 1];
        double smallest = Double.POSITIVE_INFINITY;
        out[out.length - 1] = smallest;
        for (int b = out.length - 2; b >= 0; b--) {
            smallest = Math.min(smallest, Math.min(r.count(b) > 0 ? r.min(b) : smallest, c.count(b) > 0 ? c.min(b) : smallest));
            out[b] = smallest;
        }
        return out;
    }
}
