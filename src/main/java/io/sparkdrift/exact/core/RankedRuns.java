package io.sparkdrift.exact.core;

import io.sparkdrift.math.SortedRuns;

/**
 * One sample's sorted runs in an x-task, placed on the quantile axis: run i holds the ranks
 * [start(i), end(i)) of the sample's {@code total} values, starting at {@code before}, and so occupies
 * [start(i) / total, end(i) / total) of [0, 1). Every u here is computed by that one division, so the
 * same rank gives the same double wherever it is computed (in the x-task that pairs locally and in
 * the pieces it sends), which is what lets the u-slices fit the pieces back together exactly.
 */
final class RankedRuns {
    final SortedRuns runs;
    final long before;
    final long total;
    /** end(i) for run-length runs (null when every run holds one value: end(i) = before + i + 1). */
    private final long[] ends;

    RankedRuns(SortedRuns runs, long before, long total) {
        this.runs = runs;
        this.before = before;
        this.total = total;
        long[] counts = runs.countsOrNull();
        if (counts == null) {
            ends = null;
        } else {
            ends = new long[counts.length];
            long rank = before;
            for (int i = 0; i < counts.length; i++) {
                rank += counts[i];
                ends[i] = rank;
            }
        }
    }

    int size() {
        return runs.size();
    }

    /** The rank after run i. */
    long end(int i) {
        return ends == null ? before + i + 1 : ends[i];
    }

    /** The rank of run i's first value. */
    long start(int i) {
        return i == 0 ? before : end(i - 1);
    }

    /** Where the runs start on the quantile axis. */
    double lowU() {
        return (double) before / total;
    }

    /** Where the runs end on the quantile axis. */
    double highU() {
        return (double) end(size() - 1) / total;
    }

    /** The first run that ends above u on the quantile axis (size() if none). */
    int firstEndingAbove(double u) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((double) end(mid) / total > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * The runs [first, last) that overlap [from, to) of the quantile axis, a stretch inside
     * [{@link #lowU}, {@link #highU}): the first ending above {@code from} up to the first ending at
     * or above {@code to}, both clipped to a positive overlap by the runs' order.
     */
    int[] overlapping(double from, double to) {
        return new int[] {firstEndingAbove(from), Math.min(size(), firstEndingAtLeast(to) + 1)};
    }

    /** The first run that ends at or above u on the quantile axis (size() if none). */
    int firstEndingAtLeast(double u) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((double) end(mid) / total >= u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
