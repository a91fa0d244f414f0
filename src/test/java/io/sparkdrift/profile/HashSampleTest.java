package io.sparkdrift.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The sample against a brute-force bottom-k of distinct keys, however the data is split and merged. */
class HashSampleTest {
    @Test
    void selectionPutsTheSmallestFirst() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rnd.nextInt(300);
            int m = 1 + rnd.nextInt(n);
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = trial % 2 == 0 ? rnd.nextLong() : rnd.nextInt(7); // many repeats on odd trials
            }
            long[] sorted = a.clone();
            Arrays.sort(sorted);
            HashSample.selectSmallest(a, n, m);
            long[] head = Arrays.copyOf(a, m);
            Arrays.sort(head);
            assertArrayEquals(Arrays.copyOf(sorted, m), head, "n=" + n + " m=" + m);
        }
    }

    @Test
    void keepsTheSmallestDistinctKeysWithExactWeights() {
        Random rnd = new Random(11);
        double[] ranks = new double[201];
        Arrays.setAll(ranks, i -> i / 200.0);
        for (int trial = 0; trial < 40; trial++) {
            int capacity = 1 + rnd.nextInt(trial % 4 == 0 ? 20 : 600);
            int distinctRows = 1 + rnd.nextInt(trial % 3 == 0 ? 50 : 20_000);
            List<long[]> rows = new ArrayList<>(); // {row id}
            TreeMap<Long, double[]> truth = new TreeMap<>(); // key -> {value, weight}
            for (int i = 0; i < 30_000; i++) {
                int row = rnd.nextInt(distinctRows);
                long key = HashSample.keyOf(row, 0);
                rows.add(new long[] {row});
                truth.computeIfAbsent(key, k -> new double[] {row * 0.5, 0})[1]++;
            }
            Collections.shuffle(rows, rnd);
            int parts = 1 + rnd.nextInt(9);
            List<HashSample> samples = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                samples.add(new HashSample(capacity));
            }
            for (long[] r : rows) {
                samples.get(rnd.nextInt(parts)).add(HashSample.keyOf(r[0], 0), r[0] * 0.5);
            }
            Collections.shuffle(samples, rnd);
            HashSample merged = new HashSample(capacity);
            for (HashSample s : samples) {
                merged.merge(s);
            }
            assertArrayEquals(bruteQuantiles(truth, capacity, ranks), QuantileGrid.quantiles(merged.weightedValues(), ranks),
                    "trial " + trial + ": capacity " + capacity + ", " + distinctRows + " distinct rows, " + parts + " parts");
        }
    }

    /** Weighted inclusive quantiles of the {@code capacity} smallest keys, as {@link QuantileGrid#quantiles} defines them. */
    private static double[] bruteQuantiles(TreeMap<Long, double[]> truth, int capacity, double[] ranks) {
        List<double[]> kept = new ArrayList<>(truth.values()).subList(0, Math.min(capacity, truth.size()));
        kept = new ArrayList<>(kept);
        kept.sort((a, b) -> Double.compare(a[0], b[0]));
        double total = kept.stream().mapToDouble(e -> e[1]).sum();
        double[] out = new double[ranks.length];
        for (int r = 0; r < ranks.length; r++) {
            double cum = 0;
            int pos = 0;
            while (true) {
                cum += kept.get(pos)[1];
                if (cum >= ranks[r] * total || pos + 1 == kept.size()) {
                    break;
                }
                pos++;
            }
            out[r] = kept.get(pos)[0];
        }
        return out;
    }
}
