package io.sparkdrift.math;

import java.util.Arrays;

/**
 * Sorts doubles by their bits: each value is mapped to a 64-bit key whose unsigned order is the
 * numeric order (-0.0 just below 0.0; NaN above +∞), then the keys are sorted by least significant
 * byte first, skipping the bytes that all keys share — values from a narrow range (one task's bins)
 * skip most of them. Linear in the count, several times faster than a comparison sort on the
 * millions of values an exact-mode task sorts. Small inputs use {@link Arrays#sort(double[], int, int)}.
 */
public final class RadixSort {
    private static final int SMALL = 512;

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
        long[] other = new long[size];
        int[] counts = new int[256];
        for (int shift = 0; shift < 64; shift += 8) {
            if (((varying >>> shift) & 0xFF) == 0) {
                continue; // every key has the same byte here
            }
            Arrays.fill(counts, 0);
            for (int i = 0; i < size; i++) {
                counts[(int) (keys[i] >>> shift) & 0xFF]++;
            }
            int sum = 0;
            for (int b = 0; b < 256; b++) {
                int c = counts[b];
                counts[b] = sum;
                sum += c;
            }
            for (int i = 0; i < size; i++) {
                long k = keys[i];
                other[counts[(int) (k >>> shift) & 0xFF]++] = k;
            }
            long[] t = keys;
            keys = other;
            other = t;
        }
        for (int i = 0; i < size; i++) {
            long key = keys[i];
            long bits = key ^ ((~key >> 63) | Long.MIN_VALUE); // undo: sign bit set means it was positive
            a[i] = Double.longBitsToDouble(bits);
        }
    }
}
