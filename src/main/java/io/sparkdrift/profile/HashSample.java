package io.sparkdrift.profile;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A deterministic weighted sample of one feature's finite values: the k rows with the smallest
 * 64-bit keys, where a row's key is a hash of its content (see the scan). Identical rows share a key
 * and are kept once with their multiplicity.
 *
 * <p>Why not a KLL sketch: its compaction draws from a shared unseeded random generator, so edges
 * fitted from it change from run to run on the same data. Here the kept set is a pure function of
 * the data's multiset of rows — merge is an exact set operation (associative, commutative, with the
 * empty sample as identity), so the fitted edges do not depend on partitioning or task order. A
 * kept row's multiplicity is exact: a key kept at the end is below every admission threshold there
 * ever was (thresholds only decrease), so none of its occurrences was turned away. When the data has
 * at most k distinct rows the sample is the whole data and its quantiles are exact; otherwise it is a
 * uniform sample of the distinct rows.
 *
 * <p>Admitted values are appended to a buffer of b·k entries (b = 4 for large samples, where fewer
 * compactions pay; 2 for the small per-feature samples of wide tables, where memory counts); when it
 * is full it is compacted: equal keys are merged (weights summed) and only the k smallest distinct
 * keys stay (found by selection, so a compaction costs linear time plus a sort of k keys).
 * Cost: one comparison per rejected value, amortised O(log k) per admitted one; memory about
 * b·24·k bytes at most.
 */
public final class HashSample implements Serializable {
    /** Capacities from here on get a buffer of 4k entries, smaller ones 2k. */
    private static final int LARGE = 8192;

    private final int capacity;
    private final int buffer;
    private int size;
    private long threshold = Long.MAX_VALUE;
    private transient long[] keys;
    private transient double[] values;
    private transient long[] weights;

    public HashSample(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("sample capacity must be >= 1");
        }
        this.capacity = capacity;
        this.buffer = (capacity >= LARGE ? 4 : 2) * capacity;
        int initial = Math.min(buffer, 64);
        keys = new long[initial];
        values = new double[initial];
        weights = new long[initial];
    }

    /** Offers one finite value with its row key (the hot path: one comparison for a rejected key). */
    public void add(long key, double value) {
        if (key <= threshold) {
            admit(key, value, 1);
        }
    }

    private void admit(long key, double value, long weight) {
        if (size == keys.length) {
            if (size == buffer) {
                compact();
                if (key > threshold) {
                    return;
                }
            } else {
                int grown = Math.min(buffer, keys.length * 2);
                keys = Arrays.copyOf(keys, grown);
                values = Arrays.copyOf(values, grown);
                weights = Arrays.copyOf(weights, grown);
            }
        }
        keys[size] = key;
        values[size] = value;
        weights[size] = weight;
        size++;
    }

    /** Folds another sample into this one; returns this. */
    public HashSample merge(HashSample other) {
        for (int i = 0; i < other.size; i++) {
            if (other.keys[i] <= threshold) {
                admit(other.keys[i], other.values[i], other.weights[i]);
            }
        }
        return this;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * The kept values, distinct and increasing, each with the summed multiplicity of the kept rows
     * that hold it (quantiles and atoms come from these, see {@link QuantileGrid}).
     *
     * @return empty when nothing was sampled
     */
    public WeightedValues weightedValues() {
        compact();
        Integer[] order = sortedBy(values);
        double[] v = new double[size];
        long[] w = new long[size];
        int k = -1;
        for (int i = 0; i < size; i++) {
            double x = values[order[i]];
            if (k < 0 || x != v[k]) {
                v[++k] = x;
            }
            w[k] += weights[order[i]];
        }
        return new WeightedValues(Arrays.copyOf(v, k + 1), Arrays.copyOf(w, k + 1));
    }

    /**
     * Merges entries with equal keys and keeps the {@code capacity} smallest distinct keys, lowering
     * the admission threshold when some were dropped. Kept entries stay in arrival order.
     *
     * <p>The threshold comes from the capacity + 1 smallest keys, selected in linear time and only
     * they sorted; when they hold a repeat (identical rows), all keys are sorted instead.
     */
    private void compact() {
        long[] sorted = Arrays.copyOf(keys, size);
        int m = Math.min(size, capacity + 1);
        selectSmallest(sorted, size, m);
        Arrays.sort(sorted, 0, m);
        boolean repeats = false;
        for (int i = 1; i < m && !repeats; i++) {
            repeats = sorted[i] == sorted[i - 1];
        }
        if (repeats) {
            Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < size; i++) {
                if ((i == 0 || sorted[i] != sorted[i - 1]) && ++distinct == capacity + 1) {
                    threshold = sorted[i - 1]; // the largest kept key
                    break;
                }
            }
        } else if (m == capacity + 1) {
            threshold = sorted[capacity - 1];
        }
        java.util.Map<Long, Integer> slot = repeats ? new java.util.HashMap<>() : null;
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (keys[i] > threshold) {
                continue;
            }
            if (slot != null) {
                Integer at = slot.putIfAbsent(keys[i], kept);
                if (at != null) {
                    weights[at] += weights[i];
                    continue;
                }
            }
            keys[kept] = keys[i];
            values[kept] = values[i];
            weights[kept] = weights[i];
            kept++;
        }
        size = kept;
    }

    /** Reorders a[0, n) so that a[0, m) holds its m smallest values, in no particular order (quickselect). */
    static void selectSmallest(long[] a, int n, int m) {
        int k = m - 1;
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            long x = a[lo];
            long y = a[(lo + hi) >>> 1];
            long z = a[hi];
            long pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z)); // median of three
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            // now a[lo, j] ≤ pivot, a(j, i) = pivot, a[i, hi] ≥ pivot
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private Integer[] sortedBy(double[] by) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(by[a], by[b]));
        return order;
    }

    /** The key of one feature's value in a row: the row's content hash, remixed per feature so features sample independently. */
    public static long keyOf(long rowHash, int feature) {
        long z = rowHash + (feature + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Writes only the kept entries (at most the capacity), not the working buffers. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        compact();
        out.defaultWriteObject();
        for (int i = 0; i < size; i++) {
            out.writeLong(keys[i]);
            out.writeDouble(values[i]);
            out.writeLong(weights[i]);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        int length = Math.max(size, Math.min(buffer, 64));
        keys = new long[length];
        values = new double[length];
        weights = new long[length];
        for (int i = 0; i < size; i++) {
            keys[i] = in.readLong();
            values[i] = in.readDouble();
            weights[i] = in.readLong();
        }
    }
}
