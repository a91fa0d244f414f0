package io.sparkdrift.profile;

import io.sparkdrift.math.BinnedSample;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Bins and the reference profile from a {@link ValueGrid}, with no second look at the data.
 *
 * <h2>Edges</h2>
 * Placed by {@link QuantileGrid} on the grid's buckets: each bucket is a weighted value (its
 * minimum, its exact count), so atoms and quantiles are those of the whole reference up to the
 * bucket (exact at level 0). Coarse edges: the user's, or min, nextUp(max) and the
 * {@link QuantileGrid} edges for {@code bins}; fine edges: the coarse ones, min, nextUp(max) and
 * either every value with its nextUp (the grid is at level 0 with at most {@code resolution}
 * buckets: the feature is discrete, each distinct value a bucket) or the QuantileGrid edges for
 * {@code resolution}.
 *
 * <h2>Why the reference's counts on these edges are exact</h2>
 * An edge e <em>splits</em> a bucket when min &lt; e ≤ max (reference values on both sides). A
 * quantile edge is a bucket's minimum and min and nextUp(max) bound the data, so none splits; the
 * only chosen edge that can is an atom's upper edge nextUp(v) when v's bucket holds other values
 * too, and it is moved to the next bucket's minimum (past the last bucket: nextUp(its max)), which
 * makes the heavy bucket a bin of its own with no empty bin after it. Then
 * every bucket lies inside one fine bin and a fine bin's count, minimum, maximum and offset sums are
 * its buckets' (offsets moved from each part's minimum down to the bin's lower edge: every term is
 * non-negative, so nothing cancels). A user's
 * edge may split a bucket; such a feature's reference is profiled by a scan ({@link #profile}
 * returns null).
 */
public final class GridFit {
    private GridFit() {
    }

    /** The binning of a feature whose grid holds at least one finite value. */
    public static NumericBinning binning(ValueGrid grid, FitSettings settings, double[] user) {
        ValueGrid.Buckets b = grid.buckets();
        WeightedValues values = new WeightedValues(b.mins(), b.counts());
        boolean discrete = grid.level() == 0 && b.size() <= settings.resolution();
        double min = b.mins()[0];
        double max = b.maxs()[b.size() - 1];
        TreeSet<Double> coarse = new TreeSet<>();
        if (user != null) {
            for (double e : user) {
                coarse.add(e + 0.0);
            }
        } else {
            addRange(coarse, min, max);
            addUnsplit(coarse, QuantileGrid.edges(values, settings.bins()), b);
        }
        TreeSet<Double> fine = new TreeSet<>(coarse);
        addRange(fine, min, max);
        addUnsplit(fine, discrete ? QuantileGrid.everyValue(values) : QuantileGrid.edges(values, settings.resolution()), b);
        double[] edges = fine.stream().mapToDouble(Double::doubleValue).toArray();
        int[] idx = coarse.stream().mapToInt(e -> Arrays.binarySearch(edges, e)).toArray();
        return new NumericBinning(edges, idx, discrete);
    }

    /** min and nextUp(max) (left out when max is the largest double: the overflow bin then holds max alone). */
    private static void addRange(TreeSet<Double> edges, double min, double max) {
        edges.add(min);
        if (max < Double.MAX_VALUE) {
            edges.add(Math.nextUp(max) + 0.0);
        }
    }

    /**
     * Adds each edge, moved past the bucket it would split: to the next bucket's minimum, or past
     * the last bucket to nextUp(its maximum) (dropped when that is the top of the double range).
     * Only an atom's upper edge nextUp(v) can split a bucket (v is the bucket's minimum and the
     * bucket holds more values than v); moving it to the next bucket's minimum rather than past v's
     * bucket's maximum leaves no empty bin between two heavy buckets, which on a continuous column
     * (hundreds of consecutive buckets each heavier than one fine bin's share) would double the
     * fine bins without adding a bin that holds reference values.
     */
    private static void addUnsplit(TreeSet<Double> out, Iterable<Double> edges, ValueGrid.Buckets b) {
        for (double e : edges) {
            int k = splitBucket(e, b);
            if (k < 0) {
                out.add(e);
            } else if (k + 1 < b.size()) {
                out.add(b.mins()[k + 1]);
            } else if (b.maxs()[k] < Double.MAX_VALUE) {
                out.add(Math.nextUp(b.maxs()[k]) + 0.0);
            }
        }
    }

    /** The bucket edge e splits (min &lt; e ≤ max), or −1. */
    private static int splitBucket(double e, ValueGrid.Buckets b) {
        int k = Arrays.binarySearch(b.mins(), e);
        k = k >= 0 ? k - 1 : -k - 2; // the last bucket whose minimum is below e
        return k >= 0 && e <= b.maxs()[k] ? k : -1;
    }

    /**
     * The reference profile on {@code binning} read off the grid (see the class comment), or null
     * when an edge of the binning splits a bucket (only a user's edge can).
     */
    public static NumericProfile profile(String feature, NumericBinning binning, ValueGrid grid) {
        return profile(feature, binning, grid.buckets(), grid.rows(), grid.nulls(), grid.nan(), grid.posInf(), grid.negInf());
    }

    /**
     * The profile on {@code binning} of the rows whose parts are {@code b} (a grid's, or a lane's of a
     * {@link LanedGrid}, whose entries lie inside the grid's parts), with their row, null, NaN and
     * ±∞ counts; null when an edge splits one of the parts.
     */
    static NumericProfile profile(String feature, NumericBinning binning, ValueGrid.Buckets b, long rows, long nulls, long nan,
            long posInf, long negInf) {
        double[] edges = binning.edges();
        for (double e : edges) {
            if (splitBucket(e, b) >= 0) {
                return null;
            }
        }
        int bins = edges.length + 1;
        long[] counts = new long[bins];
        double[] sums = new double[bins];
        double[] squares = new double[bins];
        double[] mins = new double[bins];
        double[] maxs = new double[bins];
        Arrays.fill(mins, Double.POSITIVE_INFINITY);
        Arrays.fill(maxs, Double.NEGATIVE_INFINITY);
        double scale = BinnedSample.scaleFor(edges);
        // grid units → the sample's units (both powers of two)
        double toUnits = Math.scalb(1.0, b.scaleExp()) / scale;
        BinLookup lookup = binning.lookup();
        for (int k = 0; k < b.size(); k++) {
            int bin = lookup.bin(b.mins()[k]);
            long n = b.counts()[k];
            double s = b.sums()[k] * toUnits;
            double q = b.squares()[k] * toUnits * toUnits;
            // offsets from the part's minimum m; the bin measures x − e (or e0 − x below e0)
            double m = b.mins()[k] / scale;
            if (bin == 0) {
                double d = edges[0] / scale - m; // e0 − x = d − (x − m), with d > x − m
                sums[0] += n * d - s;
                squares[0] += n * d * d - 2 * d * s + q;
            } else {
                double d = m - edges[bin - 1] / scale; // x − e = (x − m) + d, with d ≥ 0: nothing cancels
                sums[bin] += s + n * d;
                squares[bin] += q + 2 * d * s + n * d * d;
            }
            counts[bin] += n;
            mins[bin] = Math.min(mins[bin], b.mins()[k]);
            maxs[bin] = Math.max(maxs[bin], b.maxs()[k]);
        }
        for (int bin = 0; bin < bins; bin++) { // the underflow bin's difference can round a tiny total below zero
            sums[bin] = Math.max(0.0, sums[bin]);
            squares[bin] = Math.max(0.0, squares[bin]);
        }
        BinnedSample sample = new BinnedSample(edges, counts, sums, squares, mins, maxs);
        return new NumericProfile(feature, binning, rows, nulls, nan, posInf, negInf, sample);
    }
}
