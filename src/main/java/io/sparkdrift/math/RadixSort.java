package io.sparkdrift.math;

import java.util.Arrays;

/**
 * Sorts doubles by their bits: each value is mapped to a 64-bit key whose unsigned order is the
 * numeric order (-0.0 just below 0.0; NaN above +∞); one counting pass on the highest bits in which
 * the keys differ (so values from a narrow range, like one task's bins, still spread) splits them
 * into {@value #DIGIT_BITS}-bit buckets small enough to sort in cache. Faster than one comparison
 * sort of the millions of values an exact-mode task sorts. Small inputs use
 * {@link Arrays#sort(double[], int, int)}.
 */
public final class RadixSort {
    private static final int SMALL = 512;
    /** Bits of the bucketing digit: 4096 buckets. */
    private static final int DIGIT_BITS = 12;

    private RadixSort() {
    }

    /** Sorts {@code a[0 .. size)} ascending in place. */
    public static void sort(double[] a, int size) {
        if (size < SMALL) {
            Arrays.sort(a, 0, size);
            return;
        }
        long[] keys = new long[size];
        long and = -1L;
        long or = 0L;
        for (int i = 0; i < size; i++) {
            long bits = Double.doubleToRawLongBits(a[i]);
            long key = bits ^ ((bits >> 63) | Long.MIN_VALUE); // negative: flip all; positive: flip the sign
            keys[i] = key;
            and &= key;
            or |= key;
        }
        long varying = and ^ or; // bits that differ somewhere
        if (varying != 0) {
            // one pass on the highest varying bits splits the keys into cache-sized buckets, each
            // then sorted on its own (keys in one bucket share their sign bit, so signed order is right)
            int high = 63 - Long.numberOfLeadingZeros(varying);
            int digits = Math.min(high + 1, DIGIT_BITS);
            int shift = high + 1 - digits;
            int[] starts = new int[(1 << digits) + 1];
            int mask = (1 << digits) - 1;
            for (int i = 0; i < size; i++) {
                starts[(int) (keys[i] >>> shift) & mask]++;
            }
            int sum = 0;
            for (int d = 0; d <= mask; d++) {
                int c = starts[d];
                starts[d] = sum;
                sum += c;
            }
            starts[mask + 1] = size;
            int[] next = Arrays.copyOf(starts, mask + 1);
            long[] other = new long[size];
            for (int i = 0; i < size; i++) {
                long k = keys[i];
                other[next[(int) (k >>> shift) & mask]++] = k;
            }
            keys = other;
            for (int d = 0; d <= mask; d++) {
                if (starts[d + 1] - starts[d] > 1) {
                    Arrays.sort(keys, starts[d], starts[d + 1]);
                }
            }
        }
        for (int i = 0; i < size; i++) {
            long key = keys[i];
            long bits = key ^ ((~key >> 63) | Long.MIN_VALUE); // undo: sign bit set means it was positive
            a[i] = Double.longBitsToDouble(bits);
        }
    }
}
