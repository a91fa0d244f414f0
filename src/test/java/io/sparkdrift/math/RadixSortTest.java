package io.sparkdrift.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The radix sort against Arrays.sort, bit for bit, on sizes around its cut-overs. */
class RadixSortTest {
    @Test
    void sortsLikeArraysSort() {
        Random r = new Random(9);
        for (int size : new int[] {0, 1, 511, 512, 513, 5000, 100_000}) {
            for (int kind = 0; kind < 6; kind++) {
                double[] a = new double[size];
                for (int i = 0; i < size; i++) {
                    a[i] = switch (kind) {
                        case 0 -> r.nextGaussian() * 1e6;
                        case 1 -> r.nextInt(7) - 3 + (r.nextBoolean() ? -0.0 : 0.0); // ties and both zeros
                        case 2 -> 1000 + r.nextDouble(); // a narrow range: most bytes shared
                        case 3 -> r.nextDouble() < 0.99 ? r.nextDouble() * 1e-3 : 1e300; // skewed: one bucket holds nearly all
                        case 4 -> Math.exp(r.nextGaussian() * 30); // spread over many exponents
                        default -> r.nextBoolean() ? Double.MAX_VALUE * r.nextDouble() : -Double.MIN_VALUE * r.nextInt(5);
                    };
                }
                double[] expected = a.clone();
                Arrays.sort(expected);
                long[] keys = new long[size];
                Arrays.setAll(keys, i -> RadixSort.key(a[i]));
                RadixSort.sortKeys(keys, new long[size], size);
                double[] sorted = new double[size];
                Arrays.setAll(sorted, i -> RadixSort.value(keys[i]));
                assertArrayEquals(expected, sorted, "size " + size + " kind " + kind);
            }
        }
    }

    @Test
    void sortsKeysOfMixedSignsAtInsertionSizes() {
        Random r = new Random(11);
        for (int size : new int[] {2, 5, 31, 32, 33, 64, 100, 3000}) {
            for (int trial = 0; trial < 20; trial++) {
                double[] a = new double[size];
                long[] keys = new long[size];
                for (int i = 0; i < size; i++) {
                    a[i] = r.nextInt(4) == 0 ? -0.0 : r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4);
                    keys[i] = RadixSort.key(a[i]);
                }
                RadixSort.sortKeys(keys, new long[size], size);
                Arrays.sort(a);
                double[] back = new double[size];
                Arrays.setAll(back, i -> RadixSort.value(keys[i]));
                assertArrayEquals(a, back, "size " + size);
            }
        }
    }

    @Test
    void sortsKeysThatDifferInOneBitEachAtEveryDepth() {
        // keys 2^i (three of each) and their neighbours: nearly every key falls in the lowest bucket,
        // so the sort recurses level after level, each on a few bits
        long[] keys = new long[64 * 5];
        int n = 0;
        for (int i = 0; i < 64; i++) {
            for (int copy = 0; copy < 3; copy++) {
                keys[n++] = 1L << i;
            }
            keys[n++] = (1L << i) + 1;
            keys[n++] = (1L << i) - 1;
        }
        long[] expected = keys.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] = expected[i] ^ Long.MIN_VALUE; // unsigned order by signed sort of flipped keys
        }
        Arrays.sort(expected);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = expected[i] ^ Long.MIN_VALUE;
        }
        long[] shuffled = keys.clone();
        Random r = new Random(5);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        RadixSort.sortKeys(shuffled, new long[shuffled.length], shuffled.length);
        assertArrayEquals(expected, shuffled);
    }
}
