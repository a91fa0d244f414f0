package io.sparkdrift.math;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * A sample in sorted run-length form: strictly increasing finite values, each with its count (≥ 1).
 * Equal values are one run however many rows hold them, so a value held by 90 % of the rows costs
 * one entry. The arrays are owned by the instance; do not modify them.
 */
public record SortedRuns(double[] values, long[] counts) implements Serializable {
    public static final SortedRuns EMPTY = new SortedRuns(new double[0], new long[0]);

    public SortedRuns {
        if (values.length != counts.length) {
            throw new IllegalArgumentException("values and counts differ in length");
        }
    }

    /**
     * The runs of {@code data[0 .. size)}, which is sorted in place and, when its values are all
     * distinct and fill it, becomes the runs' values array: the caller hands it over. Values must be
     * finite; -0.0 and 0.0 are one value (as in every comparison), kept as 0.0.
     */
    public static SortedRuns of(double[] data, int size) {
        RadixSort.sort(data, size);
        int distinct = 0;
        for (int i = 0; i < size; i++) {
            if (i == 0 || data[i] != data[i - 1]) {
                distinct++;
            }
            data[i] += 0.0; // -0.0 + 0.0 is 0.0
        }
        if (distinct == size && size == data.length) { // the common case of continuous values: no copy
            long[] ones = new long[size];
            Arrays.fill(ones, 1);
            return new SortedRuns(data, ones);
        }
        double[] v = new double[distinct];
        long[] c = new long[distinct];
        int k = -1;
        for (int i = 0; i < size; i++) {
            if (i == 0 || data[i] != data[i - 1]) {
                v[++k] = data[i];
            }
            c[k]++;
        }
        return new SortedRuns(v, c);
    }

    /** Number of runs (distinct values). */
    public int size() {
        return values.length;
    }

    /** Total count over all runs. */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Whether every run holds one value (no repeats). */
    public boolean allSingle() {
        for (long c : counts) {
            if (c != 1) {
                return false;
            }
        }
        return true;
    }

    /** Runs from values and counts, where null counts mean one each. */
    public static SortedRuns of(double[] values, long[] countsOrNull) {
        long[] counts = countsOrNull;
        if (counts == null) {
            counts = new long[values.length];
            Arrays.fill(counts, 1);
        }
        return new SortedRuns(values, counts);
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
            // few repeats: one sort of everything (it merges the sorted parts as runs) beats rounds of merging
            double[] all = new double[(int) total];
            int k = 0;
            for (SortedRuns p : parts) {
                for (int i = 0; i < p.size(); i++) {
                    for (long c = 0; c < p.counts[i]; c++) {
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
                count += a.counts[i++];
            }
            if (j < b.size() && b.values[j] == x) {
                count += b.counts[j++];
            }
            v[k] = x;
            c[k++] = count;
        }
        return new SortedRuns(Arrays.copyOf(v, k), Arrays.copyOf(c, k));
    }
}
