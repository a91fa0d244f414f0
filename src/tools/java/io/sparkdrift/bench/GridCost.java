package io.sparkdrift.bench;

import io.sparkdrift.profile.ValueGrid;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * What the reference pass's value grids cost alone, without Spark: one thread adds 4096-value
 * columns of a continuous column (logistic values, every one distinct) to {@code features} grids of
 * {@code budget} parts, a fresh set of grids every 400,000 rows (or TASK_ROWS) as each task starts its
 * own, so the grids' climb to their level is counted too (a wide table's tasks hold fewer rows each,
 * so the climb weighs more: 1000 features × 200K rows in 8 tasks is 25,000 rows a task). Prints ns
 * per value for 5 rounds (compare {@link FoldCost}, binning on fixed edges).
 *   java -cp target/spark-drift.jar:target/test-classes io.sparkdrift.bench.GridCost FEATURES BUDGET [TASK_ROWS]
 */
public final class GridCost {
    private GridCost() {
    }

    public static void main(String[] args) {
        int features = Integer.parseInt(args[0]);
        int budget = Integer.parseInt(args[1]);
        int rows = 4096;
        int chunksPerTask = Math.max(1, (args.length > 2 ? Integer.parseInt(args[2]) : 400_000) / rows);
        int pool = 1 << 20;
        Random rnd = new Random(1);
        double[][] values = new double[features][pool];
        for (int f = 0; f < features; f++) {
            for (int i = 0; i < pool; i++) {
                double u = rnd.nextDouble();
                values[f][i] = f + 100 * Math.log(u / (1 - u));
            }
        }
        boolean[] nulls = new boolean[rows];
        for (int round = 0; round < 5; round++) {
            long t = System.nanoTime();
            long added = 0;
            int level = 0;
            for (int task = 0; task < 6 * Math.max(1, 100 / chunksPerTask); task++) {
                ValueGrid[] grids = new ValueGrid[features];
                for (int f = 0; f < features; f++) {
                    grids[f] = new ValueGrid(budget);
                }
                for (int c = 0; c < chunksPerTask; c++) {
                    int from = ((task * chunksPerTask + c) * rows) & (pool - 1);
                    for (int f = 0; f < features; f++) {
                        grids[f].addColumn(Arrays.copyOfRange(values[f], from, from + rows), nulls, rows);
                        added += rows;
                    }
                }
                level = grids[0].level();
            }
            System.out.printf(Locale.ROOT, "features=%d budget=%d: %.1f ns per value (level %d)%n", features, budget,
                    (System.nanoTime() - t) / (double) added, level);
        }
    }
}
