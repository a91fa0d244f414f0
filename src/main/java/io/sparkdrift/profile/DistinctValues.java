package io.sparkdrift.profile;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The exact count of every distinct finite value of one feature, kept while there are at most
 * {@code limit} of them; past that only the fact that there were more ({@link #complete()} false)
 * and no table.
 *
 * <p>Why: the fitting sample ({@link HashSample}) is a sample of rows, so it cannot say whether it
 * saw every distinct value of a column when the table has more rows than the sample keeps. This
 * set can: when it is complete, the feature is discrete on the fine grid (each value gets a bin of
 * its own) and its atoms and quantiles are exact, not estimated.
 *
 * <p>Merge laws: the state is the multiset union of the values seen, or "more than limit" when the
 * union has more than {@code limit} distinct values. Union is associative and commutative with the
 * empty set as identity, and "more than limit" absorbs, so merge order never changes the result.
 *
 * <p>Cost: an open-addressing table of value bits and counts, grown by doubling up to
 * 2·limit slots (16 bytes each: 32 KB at the default limit of 1000) and dropped at the first value
 * past the limit; one multiply-shift hash and usually one probe per value while kept, one branch
 * after. {@code -0.0} is counted as {@code 0.0}; callers keep non-finite values out.
 */
public final class DistinctValues implements Serializable {
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private final int limit;
    private int size;
    private boolean overflowed;
    private transient long[] bits;
    private transient long[] counts;
    private transient int shift;

    public DistinctValues(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        this.limit = limit;
        allocate(16);
    }

    private void allocate(int slots) {
        bits = new long[slots];
        counts = new long[slots];
        shift = 64 - Integer.numberOfTrailingZeros(slots);
    }

    /** Counts one finite value. */
    public void add(double x) {
        if (!overflowed) {
            add(Double.doubleToRawLongBits(x + 0.0), 1);
        }
    }

    private void add(long b, long count) {
        int mask = bits.length - 1;
        int i = (int) ((b * MIX) >>> shift);
        while (counts[i] != 0) {
            if (bits[i] == b) {
                counts[i] += count;
                return;
            }
            i = (i + 1) & mask;
        }
        if (size == limit) {
            overflowed = true;
            bits = null;
            counts = null;
            return;
        }
        bits[i] = b;
        counts[i] = count;
        size++;
        if (2 * size > bits.length) {
            rehash(bits.length * 2);
        }
    }

    private void rehash(int slots) {
        long[] oldBits = bits;
        long[] oldCounts = counts;
        allocate(slots);
        size = 0;
        for (int i = 0; i < oldBits.length; i++) {
            if (oldCounts[i] != 0) {
                add(oldBits[i], oldCounts[i]);
            }
        }
    }

    /** Folds another set into this one; returns this. */
    public DistinctValues merge(DistinctValues other) {
        if (other.overflowed) {
            overflowed = true;
            bits = null;
            counts = null;
        }
        for (int i = 0; !overflowed && i < other.bits.length; i++) {
            if (other.counts[i] != 0) {
                add(other.bits[i], other.counts[i]);
            }
        }
        return this;
    }

    /** Whether every distinct value seen is here with its exact count (at most {@code limit} of them). */
    public boolean complete() {
        return !overflowed;
    }

    /** Distinct values kept (0 once incomplete). */
    public int size() {
        return overflowed ? 0 : size;
    }

    /**
     * The distinct values in increasing order with their counts.
     *
     * @throws IllegalStateException when the set is not {@link #complete()}
     */
    public WeightedValues values() {
        if (overflowed) {
            throw new IllegalStateException("more than " + limit + " distinct values: the set was dropped");
        }
        double[] v = new double[size];
        int k = 0;
        for (int i = 0; i < bits.length; i++) {
            if (counts[i] != 0) {
                v[k++] = Double.longBitsToDouble(bits[i]);
            }
        }
        Arrays.sort(v);
        long[] c = new long[size];
        int mask = bits.length - 1;
        for (int j = 0; j < size; j++) {
            long b = Double.doubleToRawLongBits(v[j]);
            int i = (int) ((b * MIX) >>> shift);
            while (bits[i] != b || counts[i] == 0) {
                i = (i + 1) & mask;
            }
            c[j] = counts[i];
        }
        return new WeightedValues(v, c);
    }

    /** Writes only the kept entries. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        if (!overflowed) {
            for (int i = 0; i < bits.length; i++) {
                if (counts[i] != 0) {
                    out.writeLong(bits[i]);
                    out.writeLong(counts[i]);
                }
            }
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (overflowed) {
            return;
        }
        int n = size;
        allocate(Math.max(16, Integer.highestOneBit(Math.max(1, 2 * n)) << 1));
        size = 0;
        for (int i = 0; i < n; i++) {
            add(in.readLong(), in.readLong());
        }
    }
}
