package io.sparkdrift.profile;

import io.sparkdrift.math.BinnedSample;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Mutable per-task state of one numeric feature: the hot loop calls {@link #add(double)} or
 * {@link #addNull()} once per row, tasks combine with {@link #merge}, and {@link #snapshot} gives
 * the immutable {@link NumericProfile}. A fresh accumulator is the identity of merge.
 *
 * <p>Nulls, NaN, +∞ and −∞ are counted apart and kept out of the bins; every finite value lands in
 * exactly one bin (underflow and overflow included).
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
    private final double[] offsetSums;
    private final double[] offsetSquares;
    private final double[] mins;
    private final double[] maxs;
    /** 1 / the edges' scale (a power of two, so multiplying by it is exact). */
    private final double inverseScale;

    public NumericAccumulator(NumericBinning binning) {
        this.binning = binning;
        this.edges = binning.edges();
        this.inverseScale = 1.0 / BinnedSample.scaleFor(edges);
        int bins = binning.fineBins();
        counts = new long[bins];
        offsetSums = new double[bins];
        offsetSquares = new double[bins];
        mins = new double[bins];
        maxs = new double[bins];
        Arrays.fill(mins, Double.POSITIVE_INFINITY);
        Arrays.fill(maxs, Double.NEGATIVE_INFINITY);
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
        System.arraycopy(s.offsetSums(), 0, a.offsetSums, 0, a.counts.length);
        System.arraycopy(s.offsetSquares(), 0, a.offsetSquares, 0, a.counts.length);
        System.arraycopy(s.mins(), 0, a.mins, 0, a.counts.length);
        System.arraycopy(s.maxs(), 0, a.maxs, 0, a.counts.length);
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
     * chunk (the scan's hot loop).
     */
    public void addColumn(double[] values, boolean[] isNull, int size) {
        BinLookup lookup = lookup();
        long nullCount = 0;
        for (int r = 0; r < size; r++) {
            if (isNull[r]) {
                nullCount++;
            } else if (values[r] - values[r] != 0.0) {
                addNonFinite(values[r]);
            } else {
                addFinite(lookup.bin(values[r]), values[r]);
            }
        }
        nulls += nullCount;
        rows += size;
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
        // the distance from the bin's inner edge: x − e[bin−1], or e0 − x in the underflow bin
        // (a − b and b − a are exact negatives in IEEE arithmetic, so abs gives the same bits)
        double anchor = edges[bin == 0 ? 0 : bin - 1];
        // in units of the edges' scale (BinnedSample.scaleFor): 1 except for values beyond ±2^480
        double offset = inverseScale == 1.0 ? Math.abs(x - anchor) : Math.abs(x * inverseScale - anchor * inverseScale);
        counts[bin]++;
        offsetSums[bin] += offset;
        offsetSquares[bin] += offset * offset;
        if (x < mins[bin]) {
            mins[bin] = x;
        }
        if (x > maxs[bin]) {
            maxs[bin] = x;
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
            offsetSums[i] += other.offsetSums[i];
            offsetSquares[i] += other.offsetSquares[i];
            mins[i] = Math.min(mins[i], other.mins[i]);
            maxs[i] = Math.max(maxs[i], other.maxs[i]);
        }
        return this;
    }

    public NumericProfile snapshot(String feature) {
        BinnedSample sample = new BinnedSample(edges, counts, offsetSums, offsetSquares, mins, maxs);
        return new NumericProfile(feature, binning, rows, nulls, nan, posInf, negInf, sample);
    }
}
