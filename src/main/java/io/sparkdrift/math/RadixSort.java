package io.sparkdrift.math;

import java.util.Arrays;

/**
 * Sorts doubles by their bits: each value is mapped to a 64-bit key whose unsigned order is the
 * numeric order (-0.0 just below 0.0; NaN above +∞); a most-significant-digit radix sort then splits
 * the keys on the highest {@value #DIGIT_BITS} bits in which they differ, and again inside every
 * bucket of more than {@value #INSERTION} keys, on that bucket's own highest differing bits with a
 * digit of about log2(bucket size) bits (so values from a narrow range, like one task's bins, and
 * skewed ones still spread to about one key per bucket), and finishes the small buckets by insertion
 * sort. Faster than one comparison sort of the millions of values an exact-mode task sorts. Callers
 * convert values with {@link #key}, sort with {@link #sortKeys} in buffers they may keep between
 * sorts, and read the values back with {@link #value}.
 */
public final class RadixSort {
    /** Most bits of a bucketing digit: 2048 buckets. */
    private static final int DIGIT_BITS = 11;
    /** Buckets up to this size are finished by insertion sort. */
    private static final int INSERTION = 32;

    private RadixSort() {
    }

    /** The key of a value: unsigned key order is {@link Double#compare} order. */
    public static long key(double x) {
        long bits = Double.doubleToRawLongBits(x);
        return bits ^ ((bits >> 63) | Long.MIN_VALUE); // negative: flip all; positive: flip the sign
    }

    /** The value of a key (the inverse of {@link #key}). */
    public static double value(long key) {
        return Double.longBitsToDouble(key ^ ((~key >> 63) | Long.MIN_VALUE)); // sign bit set: it was positive
    }

    /** Sorts {@code keys[0 .. size)} by unsigned order, with {@code tmp} (at least as long) as scratch. */
    public static void sortKeys(long[] keys, long[] tmp, int size) {
        sortKeys(keys, tmp, new int[(1 << DIGIT_BITS) + 1], 0, size);
    }

    /** Sorts keys[from, to) by unsigned order, using tmp[from, to) as scratch. */
    private static void sortKeys(long[] keys, long[] tmp, int[] counts, int from, int to) {
        if (to - from <= INSERTION) {
            insertionSort(keys, from, to);
            return;
        }
        long and = -1L;
        long or = 0L;
        for (int i = from; i < to; i++) {
            and &= keys[i];
            or |= keys[i];
        }
        long varying = and ^ or; // bits that differ somewhere
        if (varying == 0) {
            return; // all equal
        }
        int high = 63 - Long.numberOfLeadingZeros(varying);
        int sizeBits = 32 - Integer.numberOfLeadingZeros(to - from); // about one key per bucket
        int digits = Math.min(high + 1, Math.min(DIGIT_BITS, sizeBits));
        int shift = high + 1 - digits;
        int mask = (1 << digits) - 1;
        Arrays.fill(counts, 0, mask + 2, 0);
        for (int i = from; i < to; i++) {
            counts[((int) (keys[i] >>> shift) & mask) + 1]++;
        }
        for (int d = 0; d <= mask; d++) {
            counts[d + 1] += counts[d]; // counts[d] = start of bucket d (relative)
        }
        int[] starts = Arrays.copyOf(counts, mask + 2);
        for (int i = from; i < to; i++) {
            long k = keys[i];
            tmp[from + counts[(int) (k >>> shift) & mask]++] = k;
        }
        System.arraycopy(tmp, from, keys, from, to - from);
        for (int d = 0; d <= mask; d++) {
            int lo = from + starts[d];
            int hi = from + starts[d + 1];
            if (hi - lo > 1) {
                sortKeys(keys, tmp, counts, lo, hi);
            }
        }
    }

    private static void insertionSort(long[] keys, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            long k = keys[i];
            int j = i - 1;
            while (j >= from && Long.compareUnsigned(keys[j], k) > 0) {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = k;
        }
    }
}
