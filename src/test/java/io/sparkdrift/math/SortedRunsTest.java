package io.sparkdrift.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Run-length form of samples: building from raw values and merging parts, against a plain count. */
class SortedRunsTest {
    @Test
    void runsOfValuesCountTiesAndFoldNegativeZero() {
        double[] data = {3, -0.0, 1, 3, 0.0, 3, 99};
        SortedRuns runs = SortedRuns.of(data, 6); // 99 is past size
        assertArrayEquals(new double[] {0.0, 1, 3}, runs.values());
        assertArrayEquals(new long[] {2, 1, 3}, counts(runs));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(runs.values()[0]), "kept as +0.0");
        assertEquals(6, runs.total());
        assertFalse(runs.allSingle());
        assertArrayEquals(new double[] {3, -0.0, 1, 3, 0.0, 3, 99}, data, "the input is left as it was");
    }

    @Test
    void distinctValuesKeepNoCounts() {
        SortedRuns runs = SortedRuns.of(new double[] {5, -2, -0.0, 7.5, -1e300}, 5);
        assertArrayEquals(new double[] {-1e300, -2, 0.0, 5, 7.5}, runs.values());
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(runs.values()[2]));
        assertNull(runs.countsOrNull());
        assertTrue(runs.allSingle());
        assertEquals(5, runs.total());
        assertEquals(1, runs.count(4));
        assertEquals(0, SortedRuns.of(new double[0], 0).size());
    }

    @Test
    void runsOfLongInputsMatchAPlainCount() {
        Random r = new Random(5);
        for (int size : new int[] {31, 33, 600, 70_000}) {
            double[] data = new double[size];
            for (int i = 0; i < size; i++) {
                data[i] = r.nextBoolean() ? r.nextInt(50) - 25 : r.nextGaussian() * 1e3; // ties and negatives
            }
            double[] sorted = data.clone();
            Arrays.sort(sorted);
            SortedRuns runs = SortedRuns.of(data, size);
            int k = 0;
            for (int i = 0; i < runs.size(); i++) {
                for (long c = runs.count(i); c > 0; c--) {
                    assertEquals(sorted[k++] + 0.0, runs.values()[i], "size " + size);
                }
                assertTrue(i == 0 || runs.values()[i - 1] < runs.values()[i]);
            }
            assertEquals(size, k);
        }
    }

    @Test
    void fewDistinctValuesAreCountedAndManyAreSortedToTheSameRuns() {
        Random r = new Random(9);
        // 2048 distinct values (counted), then one more (sorted), with -0.0 and 0.0 as one value
        for (int distinct : new int[] {3, SortedRuns.FEW_DISTINCT, SortedRuns.FEW_DISTINCT + 1}) {
            int size = 50_000;
            double[] data = new double[size];
            for (int i = 0; i < size; i++) {
                int code = i < distinct ? i : r.nextInt(distinct);
                data[i] = code == 0 ? (r.nextBoolean() ? -0.0 : 0.0) : code * (code % 2 == 0 ? 0.25 : -0.25);
            }
            double[] sorted = data.clone();
            Arrays.sort(sorted);
            SortedRuns runs = SortedRuns.of(data, size);
            assertEquals(distinct, runs.size(), "one run per distinct value");
            int k = 0;
            for (int i = 0; i < runs.size(); i++) {
                assertTrue(i == 0 || runs.values()[i - 1] < runs.values()[i]);
                for (long c = runs.count(i); c > 0; c--) {
                    assertEquals(sorted[k++] + 0.0, runs.values()[i], "distinct " + distinct);
                }
            }
            assertEquals(size, k);
            assertEquals(0, Double.compare(0.0, runs.values()[java.util.Arrays.binarySearch(runs.values(), 0.0)]), "0.0, not -0.0");
        }
        double[] once = r.doubles(20_000).toArray();
        assertEquals(null, SortedRuns.of(once, once.length).countsOrNull(), "all distinct: no counts stored");
    }

    @Test
    void mergeOfPartsEqualsRunsOfTheUnion() {
        Random r = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int size = r.nextInt(3000);
            boolean ties = r.nextBoolean();
            double[] all = new double[size];
            for (int i = 0; i < size; i++) {
                all[i] = ties ? r.nextInt(40) : r.nextGaussian();
            }
            int parts = 1 + r.nextInt(6);
            List<SortedRuns> split = new ArrayList<>();
            int from = 0;
            for (int p = 0; p < parts; p++) {
                int to = p == parts - 1 ? size : from + r.nextInt(size - from + 1);
                split.add(SortedRuns.of(Arrays.copyOfRange(all, from, to), to - from));
                from = to;
            }
            SortedRuns expected = SortedRuns.of(all.clone(), size);
            SortedRuns merged = SortedRuns.merge(split);
            assertArrayEquals(expected.values(), merged.values(), "trial " + trial);
            assertArrayEquals(counts(expected), counts(merged), "trial " + trial);
        }
        assertEquals(0, SortedRuns.merge(List.of()).size());
    }

    private static long[] counts(SortedRuns runs) {
        long[] c = new long[runs.size()];
        Arrays.setAll(c, runs::count);
        return c;
    }
}
