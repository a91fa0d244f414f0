package io.sparkdrift.profile;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The exact histogram of one numeric feature on a grid that does not depend on the data: what the
 * single pass over the reference keeps, so that bins can be chosen afterwards and the reference's
 * profile on them read off without a second scan.
 *
 * <h2>The grid</h2>
 * A finite double x maps to a 64-bit integer s(x) that orders like x (its bits, with the magnitude
 * bits of negative values flipped); the bucket of x at level L is s(x) &gt;&gt; L. Level 0 is the
 * exact value; each level up halves the mantissa precision, so buckets are log-linear (equal
 * relative width within a binade, as HdrHistogram and DDSketch place them) and at level 63 there
 * are two, the negative and the non-negative values (three parts: 0 is their round value). Within a bucket at level L ≥ 1 the one
 * <em>round</em> value — the last L bits of its magnitude zero, the bucket's end nearest zero —
 * is kept apart from the rest: integers up to 2^(52−L), halves, quarters and the like, the values
 * real columns pile up on (a default, a cap, a round price), stay exact atoms at any level. A grid
 * keeps, per occupied part, the count, the minimum and maximum value and the sum and sum of
 * squares of offsets from the bucket's lower boundary, and it sits at the <em>finest level whose
 * occupied parts fit the budget</em>: a value that would occupy one part too many first merges
 * bucket pairs (level + 1), as often as needed. Moving up a level maps every part into exactly one
 * part (a bucket's round value stays its parent's round value or joins the parent's rest).
 *
 * <h2>Why the level does not depend on the partitioning</h2>
 * Let occ_D(L) be the number of parts data D occupies at level L; it never grows with L (each part
 * maps into one part a level up), and a
 * subset occupies at most what the whole does. A grid that has seen D sits at L(D) = the least L
 * with occ_D(L) ≤ budget (it moves up only when its data needs it). Merging grids of A and B moves
 * both to max(L(A), L(B)) ≤ L(A ∪ B) and then up while the union overflows, which ends at L(A ∪ B).
 * So however the rows are split and merged, the merged grid has the level and the exact part
 * counts, minima and maxima of the whole data. Only the offset sums depend on the order of
 * additions (floating point), as every profile's do; merges take buckets in key order, so equal
 * inputs give equal bits.
 *
 * <h2>Units and non-finite values</h2>
 * Offsets are kept in units of 2^{@link #scaleExponent()} (0 unless offsets beyond 2^480 were seen),
 * so sums of squares of values near ±1.8e308 stay finite. Nulls, NaN, +∞ and −∞ are counted apart,
 * never bucketed; −0.0 is counted as 0.0.
 *
 * <p>Cost: an open-addressing table of at most {@code budget} parts (56 bytes each, at a load of
 * at most ¾), one multiply-shift hash and usually one probe per value; a level change rehashes the
 * table (at most 63 times in a grid's life).
 */
public final class ValueGrid implements Serializable {
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final int STRIDE = 4; // offset sum, offset square sum, minimum, maximum
    private static final double BIG = 0x1p480;

    private final int budget;
    private int level;
    private int scaleExp;
    private long rows;
    private long nulls;
    private long nan;
    private long posInf;
    private long negInf;
    private int size;
    private transient long[] keys;
    private transient long[] counts;
    private transient double[] anchors;
    private transient double[] stats;
    private transient int shift;
    /** 2^−scaleExp. */
    private transient double unit;

    /** @param budget occupied parts kept at most (≥ 3: level 63 has three, 0, the positive and the negative values) */
    public ValueGrid(int budget) {
        if (budget < 3) {
            throw new IllegalArgumentException("a grid needs a budget of at least 3 parts");
        }
        this.budget = budget;
        this.unit = 1.0;
        allocate(16);
    }

    /**
     * The bucket budget for a pass over {@code numericFeatures} features at a fine resolution: 16384
     * while that keeps a task's grids near 1M buckets (about 75 MB), fewer for wide tables, never
     * fewer than resolution + 1 (so the fine bins can still be a resolution's worth of buckets).
     */
    public static int budgetFor(int numericFeatures, int resolution) {
        return Math.max(resolution + 1, Math.min(16_384, 1_000_000 / Math.max(1, numericFeatures)));
    }

    private void allocate(int slots) {
        keys = new long[slots];
        counts = new long[slots];
        anchors = new double[slots];
        stats = new double[slots * STRIDE];
        shift = 64 - Integer.numberOfTrailingZeros(slots);
    }

    /** An order-preserving integer image of a finite double (−0.0 excluded): s(x) &lt; s(y) iff x &lt; y. */
    static long sortable(double x) {
        long b = Double.doubleToRawLongBits(x);
        return b ^ ((b >> 63) & Long.MAX_VALUE);
    }

    /**
     * The key of x's part at {@code level}, ordered like the values: s(x) at level 0; above, the
     * bucket s(x) &gt;&gt; level times two plus which part (the round value first for positive
     * buckets, last for negative ones, where it is the largest).
     */
    static long key(double x, int level) {
        long s = sortable(x);
        if (level == 0) {
            return s;
        }
        boolean round = (Double.doubleToRawLongBits(x) & Long.MAX_VALUE & ((1L << level) - 1)) == 0;
        return (s >> level) << 1 | (round == (s >= 0) ? 0 : 1);
    }

    /** The lower boundary of the bucket part {@code key} belongs to (−MAX_VALUE for the lowest negative buckets). */
    static double lowerBound(long key, int level) {
        long s = level == 0 ? key : (key >> 1) << level;
        double a = Double.longBitsToDouble(s ^ ((s >> 63) & Long.MAX_VALUE));
        return a >= -Double.MAX_VALUE ? a : -Double.MAX_VALUE; // NaN and −∞ bit patterns below −MAX_VALUE
    }

    /** Counts one value of the feature; NaN and ±∞ are counted apart. */
    public void add(double x) {
        rows++;
        if (x - x != 0.0) {
            addNonFinite(x);
        } else {
            addFinite(x + 0.0);
        }
    }

    /** Counts a null. */
    public void addNull() {
        rows++;
        nulls++;
    }

    /** Adds {@code size} values of one column chunk, null where {@code isNull} says so (the scan's hot loop). */
    public void addColumn(double[] values, boolean[] isNull, int size) {
        long nullCount = 0;
        for (int r = 0; r < size; r++) {
            if (isNull[r]) {
                nullCount++;
            } else if (values[r] - values[r] != 0.0) {
                addNonFinite(values[r]);
            } else {
                addFinite(values[r] + 0.0);
            }
        }
        nulls += nullCount;
        rows += size;
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

    private void addFinite(double x) {
        int i = slotFor(x);
        counts[i]++;
        double off = x - anchors[i];
        if (off > BIG) {
            fitScale(off);
        }
        off *= unit;
        int k = i * STRIDE;
        double[] st = stats;
        st[k] += off;
        st[k + 1] += off * off;
        if (x < st[k + 2]) {
            st[k + 2] = x;
        }
        if (x > st[k + 3]) {
            st[k + 3] = x;
        }
    }

    /** The slot of x's bucket, created (empty) if needed; moves the grid up a level while it would overflow. */
    private int slotFor(double x) {
        while (true) {
            long key = key(x, level);
            int mask = keys.length - 1;
            int i = (int) ((key * MIX) >>> shift);
            while (counts[i] != 0) {
                if (keys[i] == key) {
                    return i;
                }
                i = (i + 1) & mask;
            }
            if (size == budget) {
                levelUp();
                continue;
            }
            if (4 * (size + 1) > 3 * keys.length) {
                rehash(keys.length * 2, level);
                continue;
            }
            keys[i] = key;
            anchors[i] = lowerBound(key, level);
            int k = i * STRIDE;
            stats[k] = 0;
            stats[k + 1] = 0;
            stats[k + 2] = Double.POSITIVE_INFINITY;
            stats[k + 3] = Double.NEGATIVE_INFINITY;
            size++;
            counts[i] = 0; // the caller counts: a slot is occupied once its count is positive
            return i;
        }
    }

    /** Raises the offset unit so that {@code offset} (in feature units) stays below 2^481 units. */
    private void fitScale(double offset) {
        int needed = Math.getExponent(offset) - 479;
        if (needed > scaleExp) {
            double f = Math.scalb(1.0, scaleExp - needed);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) { // a slot just created holds zero sums
                    stats[i * STRIDE] *= f;
                    stats[i * STRIDE + 1] *= f * f;
                }
            }
            scaleExp = needed;
            unit = Math.scalb(1.0, -needed);
        }
    }

    private void levelUp() {
        rehash(keys.length, level + 1);
    }

    /** Rebuilds the table with {@code slots} slots at level {@code newLevel}, buckets taken in key order. */
    private void rehash(int slots, int newLevel) {
        Buckets old = buckets();
        allocate(slots);
        size = 0;
        level = newLevel;
        for (int b = 0; b < old.size(); b++) {
            addBucket(old.counts[b], old.anchors[b], old.sums[b], old.squares[b], old.mins[b], old.maxs[b], old.scaleExp);
        }
    }

    /**
     * Folds a bucket (count n, offsets from {@code anchor} in units of 2^{@code exp}) into the bucket
     * its minimum falls in at the current level.
     */
    private void addBucket(long n, double anchor, double sum, double square, double min, double max, int exp) {
        int i = slotFor(min);
        double d = anchor - anchors[i]; // ≥ 0: a bucket's lower boundary is at or below its sub-buckets'
        if (d > BIG) {
            fitScale(d);
        }
        d *= unit;
        double f = Math.scalb(1.0, exp - scaleExp); // after any change of unit
        sum *= f;
        square *= f * f;
        int k = i * STRIDE;
        double[] st = stats;
        st[k] += sum + n * d;
        st[k + 1] += square + 2 * d * sum + n * d * d;
        st[k + 2] = Math.min(st[k + 2], min);
        st[k + 3] = Math.max(st[k + 3], max);
        counts[i] += n;
    }

    /** Folds {@code other} into this grid (see the class comment for why the result does not depend on the order); returns this. */
    public ValueGrid merge(ValueGrid other) {
        if (other.budget != budget) {
            throw new IllegalArgumentException("cannot merge grids with different budgets");
        }
        rows += other.rows;
        nulls += other.nulls;
        nan += other.nan;
        posInf += other.posInf;
        negInf += other.negInf;
        if (other.level > level) {
            rehash(keys.length, other.level);
        }
        Buckets o = other.buckets();
        if (o.scaleExp > scaleExp) {
            fitScale(Math.scalb(1.0, o.scaleExp + 479));
        }
        for (int b = 0; b < o.size(); b++) {
            addBucket(o.counts[b], o.anchors[b], o.sums[b], o.squares[b], o.mins[b], o.maxs[b], o.scaleExp);
        }
        return this;
    }

    /** The level the grid is at: 0 while every distinct value has a bucket of its own. */
    public int level() {
        return level;
    }

    /** Occupied buckets. */
    public int size() {
        return size;
    }

    public long rows() {
        return rows;
    }

    public long nulls() {
        return nulls;
    }

    public long nan() {
        return nan;
    }

    public long posInf() {
        return posInf;
    }

    public long negInf() {
        return negInf;
    }

    /** The offset unit's exponent: offsets are in units of 2^this. */
    public int scaleExponent() {
        return scaleExp;
    }

    /**
     * The occupied buckets in increasing order: per bucket its count, minimum and maximum value, the
     * lower boundary offsets are measured from, and the sums of offsets and of squared offsets in
     * units of 2^{@code scaleExp}. Arrays are fresh.
     */
    public record Buckets(long[] counts, double[] mins, double[] maxs, double[] anchors, double[] sums, double[] squares,
            int scaleExp) {
        public int size() {
            return counts.length;
        }
    }

    public Buckets buckets() {
        int[] order = new int[size];
        long[] sortKeys = new long[size];
        int n = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                sortKeys[n] = keys[i];
                order[n++] = i;
            }
        }
        Integer[] idx = new Integer[n];
        for (int j = 0; j < n; j++) {
            idx[j] = j;
        }
        Arrays.sort(idx, (a, b) -> Long.compare(sortKeys[a], sortKeys[b]));
        Buckets out = new Buckets(new long[n], new double[n], new double[n], new double[n], new double[n], new double[n],
                scaleExp);
        for (int j = 0; j < n; j++) {
            int i = order[idx[j]];
            int k = i * STRIDE;
            out.counts[j] = counts[i];
            out.anchors[j] = anchors[i];
            out.sums[j] = stats[k];
            out.squares[j] = stats[k + 1];
            out.mins[j] = stats[k + 2];
            out.maxs[j] = stats[k + 3];
        }
        return out;
    }

    /** Writes the buckets only, in key order. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        Buckets b = buckets();
        out.writeInt(b.size());
        for (int j = 0; j < b.size(); j++) {
            out.writeLong(b.counts[j]);
            out.writeDouble(b.anchors[j]);
            out.writeDouble(b.sums[j]);
            out.writeDouble(b.squares[j]);
            out.writeDouble(b.mins[j]);
            out.writeDouble(b.maxs[j]);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        int n = in.readInt();
        unit = Math.scalb(1.0, -scaleExp);
        allocate(Math.max(16, Integer.highestOneBit(Math.max(1, n * 4 / 3 + 1)) << 1));
        size = 0;
        for (int j = 0; j < n; j++) {
            addBucket(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), scaleExp);
        }
    }
}
