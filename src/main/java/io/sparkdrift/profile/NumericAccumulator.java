package io.sparkdrift.profile;

import io.sparkdrift.math.BinnedSample;
import java.io.Serializable;

/**
 * Mutable per-task state of one numeric feature: the hot loop calls {@link #add(double)} or
 * {@link #addNull()} once per row, tasks combine with {@link #merge}, and {@link #snapshot} gives
 * the immutable {@link NumericProfile}. A fresh accumulator is the identity of merge.
 *
 * <p>Nulls, NaN, +∞ and −∞ are counted apart and kept out of the bins; every finite value lands in
 * exactly one bin (underflow and overflow included); −0.0 is counted as 0.0.
 *
 * <p>Layout: a bin's offset sum, sum of squares, minimum and maximum sit side by side (32 bytes,
 * {@link #STRIDE} doubles), so adding a value touches two cache lines — its count and its bin's
 * statistics — rather than five arrays; this matters once a task's bins outgrow the cache (many
 * features, or a counter set per segment). {@link #snapshot} lays them out as the arrays of a
 * {@link BinnedSample}.
 */
public final class NumericAccumulator implements Serializable {
    private final NumericBinning binning;
    private final double[] edges;
    private long rows;
    private long nulls;
    private long nan;
    private long posInf;
    private long negInf;
    private final long[] counts;
    /** Per bin: offset sum, offset square sum, minimum, maximum. */
    private final double[] stats;
    private static final int STRIDE = 4;
    /** 1 / the edges' scale (a power of two, so multiplying by it is exact). */
    private final double inverseScale;

    public NumericAccumulator(NumericBinning binning) {
        this.binning = binning;
        this.edges = binning.edges();
        this.inverseScale = 1.0 / BinnedSample.scaleFor(edges);
        int bins = binning.fineBins();
        counts = new long[bins];
        stats = new double[bins * STRIDE];
        for (int b = 0; b < bins; b++) {
            stats[b * STRIDE + 2] = Double.POSITIVE_INFINITY;
            stats[b * STRIDE + 3] = Double.NEGATIVE_INFINITY;
        }
    }

    /** An accumulator holding exactly the state of {@code p} (to merge stored profiles). */
    public static NumericAccumulator of(NumericProfile p) {
        NumericAccumulator a = new NumericAccumulator(p.binning());
        a.rows = p.rows();
        a.nulls = p.nulls();
        a.nan = p.nan();
        a.posInf = p.posInf();
        a.negInf = p.negInf();
        BinnedSample s = p.sample();
        System.arraycopy(s.counts(), 0, a.counts, 0, a.counts.length);
        double[] sums = s.offsetSums();
        double[] squares = s.offsetSquares();
        double[] mins = s.mins();
        double[] maxs = s.maxs();
        for (int b = 0; b < a.counts.length; b++) {
            int k = b * STRIDE;
            a.stats[k] = sums[b];
            a.stats[k + 1] = squares[b];
            a.stats[k + 2] = mins[b];
            a.stats[k + 3] = maxs[b];
        }
        return a;
    }

    public void addNull() {
        rows++;
        nulls++;
    }

    /** Adds one value; NaN and ±∞ are counted, not binned. */
    public void add(double x) {
        if (x - x != 0.0) {
            addNonFinite(x);
        } else {
            addFinite(lookup().bin(x), x);
        }
        rows++;
    }

    /**
     * Adds {@code size} values of one column chunk, null where {@code isNull} says so: the same
     * result as {@link #addNull()}/{@link #add} row by row, with the bin finder looked up once per
     * chunk (the scan's hot loop). Every value's bin is found first, in a loop of its own, then the
     * bins are updated in row order: the lookups of neighbouring rows do not wait on each other's
     * stores (a little less time a value in {@code FoldCost}: docs/performance-history.md, twentieth session).
     *
     * @param bins the caller's scratch, at least {@code size} long: filled with each row's fine bin
     *     (−1: null, NaN or ±∞), which exact mode routes values by, with no lookup of its own. The
     *     caller keeps it (one for all features of a scan task)
     */
    public void addColumn(double[] values, boolean[] isNull, int size, int[] bins) {
        BinLookup lookup = lookup();
        long nullCount = 0;
        for (int r = 0; r < size; r++) {
            double x = values[r];
            bins[r] = isNull[r] || x - x != 0.0 ? -1 : lookup.bin(x);
        }
        for (int r = 0; r < size; r++) {
            int b = bins[r];
            if (b >= 0) {
                addFinite(b, values[r]);
            } else if (isNull[r]) {
                nullCount++;
            } else {
                addNonFinite(values[r]);
            }
        }
        nulls += nullCount;
        rows += size;
    }

    /**
     * Adds {@code size} values of one column chunk, row r to {@code to[segment[r]]}: the same result,
     * for each target, as {@link #addColumn} on its rows in order (so a segment's sums are added in
     * the order a run over that segment alone adds them). All targets share one binning.
     */
    public static void addColumnRouted(double[] values, boolean[] isNull, int size, int[] segment, NumericAccumulator[] to) {
        BinLookup lookup = to[0].lookup();
        for (int r = 0; r < size; r++) {
            NumericAccumulator a = to[segment[r]];
            a.rows++;
            if (isNull[r]) {
                a.nulls++;
            } else if (values[r] - values[r] != 0.0) {
                a.addNonFinite(values[r]);
            } else {
                a.addFinite(lookup.bin(values[r]), values[r]);
            }
        }
    }

    /**
     * Reads one word of every cache line of this feature's state — its bins and its bin finder — in
     * order, before a chunk is added where that pays ({@link WarmUp}); it changes nothing.
     */
    public void warmUp() {
        long s = lookup().warm();
        for (int i = 0; i < counts.length; i += 8) {
            s += counts[i];
        }
        for (int i = 0; i < stats.length; i += 8) {
            s += Double.doubleToRawLongBits(stats[i]);
        }
        warmth += s;
    }

    /** Keeps {@link #warmUp}'s reads from being optimized away. */
    private transient long warmth;

    /** About the bytes a chunk's values touch: the bins' counts and statistics, the bin finder's table and the edges. */
    public long stateBytes() {
        return counts.length * (8L + 8L * STRIDE) + lookup().bytes();
    }

    private BinLookup lookup() {
        return binning.lookup();
    }

    private void addNonFinite(double x) {
        if (x != x) {
            nan++;
        } else if (x > 0) {
            posInf++;
        } else {
            negInf++;
        }
    }

    private void addFinite(int bin, double x) {
        x += 0.0; // −0.0 is 0.0: a bin's minimum and maximum must not depend on which zero came first
        // the distance from the bin's inner edge: x − e[bin−1], or e0 − x in the underflow bin
        // (a − b and b − a are exact negatives in IEEE arithmetic, so abs gives the same bits)
        double anchor = edges[bin == 0 ? 0 : bin - 1];
        // in units of the edges' scale (BinnedSample.scaleFor): 1 except for values beyond ±2^480
        double offset = inverseScale == 1.0 ? Math.abs(x - anchor) : Math.abs(x * inverseScale - anchor * inverseScale);
        counts[bin]++;
        int k = bin * STRIDE;
        double[] st = stats;
        st[k] += offset;
        st[k + 1] += offset * offset;
        if (x < st[k + 2]) {
            st[k + 2] = x;
        }
        if (x > st[k + 3]) {
            st[k + 3] = x;
        }
    }

    /** Folds {@code other} (binned on the same edges) into this accumulator; returns this. */
    public NumericAccumulator merge(NumericAccumulator other) {
        if (!binning.equals(other.binning)) {
            throw new IllegalArgumentException("cannot merge numeric profiles binned on different edges");
        }
        rows += other.rows;
        nulls += other.nulls;
        nan += other.nan;
        posInf += other.posInf;
        negInf += other.negInf;
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
            int k = i * STRIDE;
            stats[k] += other.stats[k];
            stats[k + 1] += other.stats[k + 1];
            stats[k + 2] = Math.min(stats[k + 2], other.stats[k + 2]);
            stats[k + 3] = Math.max(stats[k + 3], other.stats[k + 3]);
        }
        return this;
    }

    /** The immutable profile of what was added so far (its arrays are copies). */
    public NumericProfile snapshot(String feature) {
        int bins = counts.length;
        double[] sums = new double[bins];
        double[] squares = new double[bins];
        double[] mins = new double[bins];
        double[] maxs = new double[bins];
        for (int b = 0; b < bins; b++) {
            int k = b * STRIDE;
            sums[b] = stats[k];
            squares[b] = stats[k + 1];
            mins[b] = stats[k + 2];
            maxs[b] = stats[k + 3];
        }
        BinnedSample sample = new BinnedSample(edges, counts.clone(), sums, squares, mins, maxs);
        return new NumericProfile(feature, binning, rows, nulls, nan, posInf, negInf, sample);
    }
}
