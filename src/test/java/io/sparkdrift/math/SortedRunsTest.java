package io.sparkdrift.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
        SortedRuns runs = SortedRuns.of(new double[] {3, -0.0, 1, 3, 0.0, 3, 99}, 6); // 99 is past size
        assertArrayEquals(new double[] {0.0, 1, 3}, runs.values());
        assertArrayEquals(new long[] {2, 1, 3}, runs.counts());
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(runs.values()[0]), "kept as +0.0");
        assertEquals(6, runs.total());
    }

    @Test
    void distinctValuesFillingTheArrayAreTakenOverSorted() {
        double[] data = {5, -2, -0.0, 7.5};
        SortedRuns runs = SortedRuns.of(data, data.length);
        assertSame(data, runs.values());
        assertArrayEquals(new double[] {-2, 0.0, 5, 7.5}, runs.values());
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(runs.values()[1]));
        assertTrue(runs.allSingle());
        assertEquals(0, SortedRuns.of(new double[0], 0).size());
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
            assertArrayEquals(expected.counts(), merged.counts(), "trial " + trial);
        }
        assertEquals(0, SortedRuns.merge(List.of()).size());
    }
}
