package io.sparkdrift.math;

import java.util.Arrays;

/**
 * Sorts doubles by their bits: each value is mapped to a 64-bit key whose unsigned order is the
 * numeric order (-0.0 just below 0.0; NaN above +∞); a most-significant-digit radix sort then splits
 * the keys on the highest {@value #DIGIT_BITS} bits in which they differ, and again inside every
 * bucket of more than {@value #INSERTION} keys, on that bucket's own highest differing bits with a
 * digit of about log2(bucket size) − 2 bits (so values from a narrow range, like one task's bins, and
 * skewed ones still spread to a few keys per bucket), and finishes the small buckets by insertion
 * sort. Faster than one comparison sort of the millions of values an exact-mode task sorts. Callers
 * convert values with {@link #key}, sort with {@link #sortKeys} in buffers they may keep between
 * sorts, and read the values back with {@link #value}.
 */
public final class RadixSort {
    /** Most bits of a bucketing digit: 2048 buckets. */
    private static final int DIGIT_BITS = 11;
    /** Buckets up to this size are finished by insertion sort. */
    private static final int INSERTION = 24;

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
        sortKeys(keys, tmp, new int[Long.SIZE + 1][], 0, 0, size);
    }

    /**
     * Sorts keys[from, to) by unsigned order, using tmp[from, to) as scratch and {@code counts[depth]}
     * (made on first use) for its buckets: one array per depth, shared by all buckets of that depth
     * (not one allocated per bucket: a sort of a million keys has thousands). Below the first level
     * the digit is two bits narrower than the bucket's size needs (about four keys per bucket, which
     * insertion sort finishes), so a level's counts are not wider than its keys.
     */
    private static void sortKeys(long[] keys, long[] tmp, int[][] counts, int depth, int from, int to) {
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
        int sizeBits = 32 - Integer.numberOfLeadingZeros(to - from) - (depth == 0 ? 0 : 2);
        int digits = Math.min(high + 1, Math.min(DIGIT_BITS, sizeBits));
        int shift = high + 1 - digits;
        int mask = (1 << digits) - 1;
        if (counts[depth] == null) {
            counts[depth] = new int[(1 << DIGIT_BITS) + 1];
        }
        int[] count = counts[depth];
        Arrays.fill(count, 0, mask + 2, 0);
        for (int i = from; i < to; i++) {
            count[((int) (keys[i] >>> shift) & mask) + 1]++;
        }
        for (int d = 0; d <= mask; d++) {
            count[d + 1] += count[d]; // count[d] = start of bucket d (relative)
        }
        for (int i = from; i < to; i++) {
            long k = keys[i];
            tmp[from + count[(int) (k >>> shift) & mask]++] = k;
        }
        System.arraycopy(tmp, from, keys, from, to - from);
        int lo = from; // count[d] is now the end of bucket d
        for (int d = 0; d <= mask; d++) {
            int hi = from + count[d];
            if (hi - lo > 1) {
                sortKeys(keys, tmp, counts, depth + 1, lo, hi);
            }
            lo = hi;
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
