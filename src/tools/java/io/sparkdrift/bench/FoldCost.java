package io.sparkdrift.bench;

import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import java.util.Locale;
import java.util.Random;

/**
 * What binning alone costs, without Spark: one thread adds 4096-value columns (logistic values on
 * quantile-like edges, crowded in the middle as fitted edges are) to the accumulators of
 * {@code features} features × 1,000 fine bins, routed to {@code segments} segments at random when
 * that is above 1 — the profiling pass's fold and nothing else. Prints ns per value for 5 rounds.
 *   java -cp target/spark-drift.jar:target/test-classes io.sparkdrift.bench.FoldCost FEATURES SEGMENTS
 */
public final class FoldCost {
    private FoldCost() {
    }

    public static void main(String[] args) {
        int features = Integer.parseInt(args[0]);
        int segments = Integer.parseInt(args[1]);
        int bins = 1000;
        int rows = 4096;
        Random rnd = new Random(1);
        NumericAccumulator[][] acc = new NumericAccumulator[features][segments];
        double[][] values = new double[features][rows];
        for (int f = 0; f < features; f++) {
            double[] edges = new double[bins];
            for (int i = 0; i < bins; i++) {
                double u = (i + 0.5) / bins;
                edges[i] = f + Math.log(u / (1 - u));
            }
            NumericBinning binning = NumericBinning.of(edges);
            for (int s = 0; s < segments; s++) {
                acc[f][s] = new NumericAccumulator(binning);
            }
            for (int r = 0; r < rows; r++) {
                double u = rnd.nextDouble();
                values[f][r] = f + Math.log(u / (1 - u));
            }
        }
        boolean[] nulls = new boolean[rows];
        int[] segment = new int[rows];
        for (int r = 0; r < rows; r++) {
            segment[r] = rnd.nextInt(segments);
        }
        long chunks = Math.max(1, 200_000_000L / features / rows);
        for (int round = 0; round < 5; round++) {
            long t = System.nanoTime();
            for (long c = 0; c < chunks; c++) {
                for (int f = 0; f < features; f++) {
                    if (segments == 1) {
                        acc[f][0].addColumn(values[f], nulls, rows);
                    } else {
                        NumericAccumulator.addColumnRouted(values[f], nulls, rows, segment, acc[f]);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "features=%d segments=%d: %.1f ns per value%n", features, segments,
                    (System.nanoTime() - t) / (double) (chunks * rows * features));
        }
    }
}
