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
     * one value (as in every comparison), kept as 0.0.
     */
    public static SortedRuns of(double[] data, int size) {
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            keys[i] = RadixSort.key(data[i]);
        }
        RadixSort.sortKeys(keys, new long[size], size);
        return ofSortedKeys(keys, size);
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
