package io.sparkdrift.bench;

import io.sparkdrift.profile.ValueGrid;
import java.util.Locale;
import java.util.Random;

/**
 * What the reference pass's value grids cost alone, without Spark: one thread adds column chunks of
 * {@code CHUNK} values (default 4096) to {@code features} grids of {@code budget} parts, a fresh set
 * of grids for every task of {@code TASK_ROWS} rows (default 400,000) as the scan starts its own, and
 * merges each task's grids into the total as the reduce does — so the grids' climb to their level and
 * the merges are counted too. A wide table's tasks hold few rows each: the benchmark's 1000 features ×
 * 200K rows are read as 3,571-row files packed about six to a task, so {@code 1000 1001 21000 3571} is
 * its shape. Columns: {@code logistic} (the default; every value distinct) or {@code mixed}, the
 * benchmark's four shapes in turn ({@link FoldCost#draw}). 200M values a round; prints ns per value
 * (and the merges' share) for 5 rounds.
 *   java -cp target/spark-drift.jar:target/test-classes io.sparkdrift.bench.GridCost FEATURES BUDGET [TASK_ROWS] [CHUNK] [logistic|mixed]
 */
public final class GridCost {
    private GridCost() {
    }

    public static void main(String[] args) {
        int features = Integer.parseInt(args[0]);
        int budget = Integer.parseInt(args[1]);
        int taskRows = args.length > 2 ? Integer.parseInt(args[2]) : 400_000;
        int chunk = args.length > 3 ? Integer.parseInt(args[3]) : 4096;
        boolean mixed = args.length > 4 && args[4].equals("mixed");
        int pool = 1 << 16; // values per feature, read in chunks at varying offsets
        Random rnd = new Random(1);
        double[][] values = new double[features][pool];
        for (int f = 0; f < features; f++) {
            for (int i = 0; i < pool; i++) {
                double u = rnd.nextDouble();
                values[f][i] = mixed ? FoldCost.draw(f, rnd) : f + 100 * Math.log(u / (1 - u));
            }
        }
        boolean[] nulls = new boolean[chunk];
        double[] column = new double[chunk];
        int tasks = (int) Math.max(1, 200_000_000L / ((long) features * taskRows));
        for (int round = 0; round < 5; round++) {
            long t = System.nanoTime();
            long merging = 0;
            long added = 0;
            ValueGrid[] total = null;
            for (int task = 0; task < tasks; task++) {
                ValueGrid[] grids = new ValueGrid[features];
                for (int f = 0; f < features; f++) {
                    grids[f] = new ValueGrid(budget);
                }
                for (int c = 0; c * chunk < taskRows; c++) {
                    int from = ((task * 7919 + c) * chunk) % (pool - chunk);
                    for (int f = 0; f < features; f++) {
                        System.arraycopy(values[f], from, column, 0, chunk);
                        grids[f].addColumn(column, nulls, chunk);
                        added += chunk;
                    }
                }
                long m = System.nanoTime();
                if (total == null) {
                    total = grids;
                } else {
                    for (int f = 0; f < features; f++) {
                        total[f].merge(grids[f]);
                    }
                }
                merging += System.nanoTime() - m;
            }
            System.out.printf(Locale.ROOT, "features=%d budget=%d task rows=%d chunk=%d %s: %.1f ns per value (merging %.1f), level %d%n",
                    features, budget, taskRows, chunk, mixed ? "mixed" : "logistic", (System.nanoTime() - t) / (double) added,
                    merging / (double) added, total[0].level());
        }
    }
}
