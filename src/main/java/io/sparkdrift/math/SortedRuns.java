package io.sparkdrift.math;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * A sample in sorted run-length form: strictly increasing finite values, each with its count (≥ 1).
 * Equal values are one run however many rows hold them, so a value held by 90 % of the rows costs
 * one entry; when every value occurs once (continuous data) no counts are stored at all. The arrays
 * are owned by the instance; do not modify them.
 */
public final class SortedRuns implements Serializable {
    public static final SortedRuns EMPTY = new SortedRuns(new double[0], null);

    private final double[] values;
    /** Null when every run holds one value. */
    private final long[] counts;

    /** Runs from strictly increasing values and their counts; null counts mean one each. */
    public SortedRuns(double[] values, long[] countsOrNull) {
        if (countsOrNull != null && values.length != countsOrNull.length) {
            throw new IllegalArgumentException("values and counts differ in length");
        }
        this.values = values;
        this.counts = countsOrNull;
    }

    /**
     * The runs of {@code data[0 .. size)} (left as it was). Values must be finite; -0.0 and 0.0 are
     * one value (as in every comparison), kept as 0.0. Data of at most {@value #FEW_DISTINCT} distinct
     * values (integer codes, zero-inflated columns, flags) are counted in a hash table in one pass and
     * only the distinct values sorted; on more, counting stops at the first value past that many and
     * the data are radix-sorted instead (so all-distinct data pay for a few thousand lookups).
     */
    public static SortedRuns of(double[] data, int size) {
        SortedRuns counted = byCounting(data, size);
        if (counted != null) {
            return counted;
        }
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            keys[i] = RadixSort.key(data[i]);
        }
        RadixSort.sortKeys(keys, new long[size], size);
        return ofSortedKeys(keys, size);
    }

    /** Distinct values up to which {@link #of} counts rather than sorts. */
    static final int FEW_DISTINCT = 2048;

    /** The runs by counting each distinct value in an open-addressing table; null past {@link #FEW_DISTINCT}. */
    private static SortedRuns byCounting(double[] data, int size) {
        if (size <= 4 * FEW_DISTINCT) {
            return null; // a sort of a few thousand values is as quick
        }
        int slots = 4 * FEW_DISTINCT; // at most a quarter full
        long[] bits = new long[slots];
        long[] counts = new long[slots]; // 0: free
        int distinct = 0;
        for (int i = 0; i < size; i++) {
            long b = Double.doubleToRawLongBits(data[i] + 0.0); // -0.0 + 0.0 is 0.0
            int h = slotOf(b);
            while (counts[h] != 0 && bits[h] != b) {
                h = (h + 1) & (slots - 1);
            }
            if (counts[h] == 0) {
                if (++distinct > FEW_DISTINCT) {
                    return null;
                }
                bits[h] = b;
            }
            counts[h]++;
        }
        long[] keys = new long[distinct];
        int k = 0;
        for (int h = 0; h < slots; h++) {
            if (counts[h] != 0) {
                keys[k++] = RadixSort.key(Double.longBitsToDouble(bits[h]));
            }
        }
        RadixSort.sortKeys(keys, new long[distinct], distinct);
        double[] v = new double[distinct];
        long[] c = new long[distinct];
        boolean repeats = false;
        for (int j = 0; j < distinct; j++) {
            v[j] = RadixSort.value(keys[j]);
            long b = Double.doubleToRawLongBits(v[j]);
            int h = slotOf(b);
            while (bits[h] != b || counts[h] == 0) {
                h = (h + 1) & (slots - 1);
            }
            c[j] = counts[h];
            repeats |= c[j] > 1;
        }
        return new SortedRuns(v, repeats ? c : null);
    }

    /** The counting table's first slot for a value's bits: 13 bits of a multiplicative hash (4 · {@value #FEW_DISTINCT} slots). */
    private static int slotOf(long bits) {
        return (int) ((bits * 0x9E3779B97F4A7C15L) >>> 51);
    }

    /** The runs of the values behind {@code keys[0 .. size)}, sorted {@link RadixSort} keys of finite values. */
    public static SortedRuns ofSortedKeys(long[] keys, int size) {
        double[] v = new double[size];
        long[] c = null; // allocated at the first repeat
        int k = -1;
        for (int i = 0; i < size; i++) {
            double x = RadixSort.value(keys[i]) + 0.0; // -0.0 + 0.0 is 0.0
            if (k >= 0 && x == v[k]) {
                if (c == null) {
                    c = new long[size];
                    Arrays.fill(c, 0, k + 1, 1);
                }
                c[k]++;
            } else {
                v[++k] = x;
                if (c != null) {
                    c[k] = 1;
                }
            }
        }
        int runs = k + 1;
        return new SortedRuns(runs == size ? v : Arrays.copyOf(v, runs), c == null ? null : Arrays.copyOf(c, runs));
    }

    /** The values, one per run, strictly increasing. */
    public double[] values() {
        return values;
    }

    /** The count of run i. */
    public long count(int i) {
        return counts == null ? 1 : counts[i];
    }

    /** The counts, or null when every run holds one value (for loops that read them directly). */
    public long[] countsOrNull() {
        return counts;
    }

    /** Number of runs (distinct values). */
    public int size() {
        return values.length;
    }

    /** Total count over all runs. */
    public long total() {
        if (counts == null) {
            return values.length;
        }
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Whether every run holds one value (no repeats). */
    public boolean allSingle() {
        if (counts != null) {
            for (long c : counts) {
                if (c != 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The runs of the union of several samples (equal values add their counts). */
    public static SortedRuns merge(List<SortedRuns> parts) {
        if (parts.isEmpty()) {
            return EMPTY;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        long entries = 0;
        long total = 0;
        for (SortedRuns p : parts) {
            entries += p.size();
            total += p.total();
        }
        if (total <= 2 * entries && total <= Integer.MAX_VALUE - 16) {
            // few repeats: one sort of everything beats rounds of merging
            double[] all = new double[(int) total];
            int k = 0;
            for (SortedRuns p : parts) {
                for (int i = 0; i < p.size(); i++) {
                    for (long c = p.count(i); c > 0; c--) {
                        all[k++] = p.values[i];
                    }
                }
            }
            return of(all, k);
        }
        SortedRuns[] level = parts.toArray(new SortedRuns[0]);
        int n = level.length;
        while (n > 1) { // pairwise rounds: O(total · log parts)
            int next = 0;
            for (int i = 0; i < n; i += 2) {
                level[next++] = i + 1 < n ? merge(level[i], level[i + 1]) : level[i];
            }
            n = next;
        }
        return level[0];
    }

    static SortedRuns merge(SortedRuns a, SortedRuns b) {
        double[] v = new double[a.size() + b.size()];
        long[] c = new long[v.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.size() || j < b.size()) {
            double x = j >= b.size() || (i < a.size() && a.values[i] <= b.values[j]) ? a.values[i] : b.values[j];
            long count = 0;
            if (i < a.size() && a.values[i] == x) {
                count += a.count(i++);
            }
            if (j < b.size() && b.values[j] == x) {
                count += b.count(j++);
            }
            v[k] = x;
            c[k++] = count;
        }
        return new SortedRuns(Arrays.copyOf(v, k), Arrays.copyOf(c, k));
    }
}
