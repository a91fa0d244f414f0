package io.sparkdrift.bench;

import io.sparkdrift.exact.core.BlockRouter;
import io.sparkdrift.exact.core.Exact;
import io.sparkdrift.exact.core.ExactBlock;
import io.sparkdrift.exact.core.ExactPairing;
import io.sparkdrift.exact.core.ExactPlan;
import io.sparkdrift.exact.core.ExactSweeps;
import io.sparkdrift.exact.core.PartialSum;
import io.sparkdrift.exact.core.Routed;
import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.GridFit;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.profile.ValueGrid;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What exact mode's Spark-free core costs, with no shuffle and no serialization: {@code features}
 * features of the benchmark's four column shapes (normal, lognormal, integers 0–20, normal around 10
 * with 5 % nulls; the current data shifted as {@code jobs/benchmark.sh} shifts it), {@code rows}
 * values per side, binned on edges the job's grid fits on the reference, planned as the job plans
 * them (about 1M values per x-task), routed by one {@link BlockRouter} per side in 4096-row chunks,
 * then every x-task and every u-slice run in this thread, in order. Prints for 5 rounds the ns per
 * value (both sides' finite values counted) of routing, x-tasks and u-slices, and the share of the
 * values the x-tasks sent on to the u-slices (what they did not pair themselves).
 *   java -Xmx4g -cp target/spark-drift.jar:target/test-classes:$(cat target/classpath.txt) io.sparkdrift.bench.ExactCost FEATURES ROWS
 */
public final class ExactCost {
    /** Values per x-task, as {@code ExactDistances.TARGET_VALUES}. */
    private static final long TARGET = 1L << 20;
    private static final int CHUNK = 4096;

    private ExactCost() {
    }

    public static void main(String[] args) {
        int features = Integer.parseInt(args[0]);
        int rows = Integer.parseInt(args[1]);
        Random rnd = new Random(1);
        double[][][] data = new double[2][features][rows];
        boolean[][][] nulls = new boolean[2][features][rows];
        NumericBinning[] bins = new NumericBinning[features];
        NumericProfile[][] profiles = new NumericProfile[2][features];
        long finite = 0;
        for (int f = 0; f < features; f++) {
            for (int side = 0; side < 2; side++) {
                for (int r = 0; r < rows; r++) {
                    double x = draw(f, side == 0 ? 0 : 0.05, rnd);
                    nulls[side][f][r] = Double.isNaN(x);
                    data[side][f][r] = nulls[side][f][r] ? 0 : x;
                    finite += nulls[side][f][r] ? 0 : 1;
                }
            }
            ValueGrid grid = new ValueGrid(ValueGrid.budgetFor(features, FitSettings.DEFAULT_RESOLUTION));
            for (int r = 0; r < rows; r++) {
                if (!nulls[0][f][r]) {
                    grid.add(data[0][f][r]);
                }
            }
            bins[f] = GridFit.binning(grid, new FitSettings(FitSettings.DEFAULT_BINS, FitSettings.DEFAULT_RESOLUTION,
                    FitSettings.DEFAULT_MAX_CATEGORIES, Map.of()), null);
            for (int side = 0; side < 2; side++) {
                NumericAccumulator acc = new NumericAccumulator(bins[f]);
                for (int r = 0; r < rows; r++) {
                    if (nulls[side][f][r]) {
                        acc.addNull();
                    } else {
                        acc.add(data[side][f][r]);
                    }
                }
                profiles[side][f] = acc.snapshot("n" + f);
            }
        }
        ExactPlan plan = new ExactPlan(bins, profiles[0], profiles[1], TARGET);
        System.out.printf(Locale.ROOT, "%d features, %,d rows per side, %,d finite values; %d x-tasks, %d u-slices%n",
                features, rows, finite, plan.xPartitions(), plan.uPartitions);
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            TreeMap<Integer, List<ExactBlock>> xInput = new TreeMap<>();
            for (int side = 0; side < 2; side++) {
                route(plan, data[side], nulls[side], side, xInput);
            }
            long t1 = System.nanoTime();
            TreeMap<Integer, List<Serializable>> uInput = new TreeMap<>();
            long sent = 0;
            for (int p = 0; p < plan.xPartitions(); p++) {
                var out = ExactSweeps.xTask(plan, p, xInput.getOrDefault(p, List.of()).iterator());
                while (out.hasNext()) {
                    Routed<Serializable> rec = out.next();
                    uInput.computeIfAbsent(rec.partition(), k -> new ArrayList<>()).add(rec.value());
                    if (rec.value() instanceof ExactPairing.Piece piece) {
                        sent += piece.packed().length / Double.BYTES; // runs, one per distinct value
                    }
                }
                xInput.remove(p);
            }
            long t2 = System.nanoTime();
            List<PartialSum> parts = new ArrayList<>();
            for (int u = 0; u < plan.uPartitions; u++) {
                ExactPairing.uTask(plan, uInput.getOrDefault(u, List.of()).iterator()).forEachRemaining(parts::add);
            }
            long t3 = System.nanoTime();
            Exact[] exact = Exact.combine(plan, parts);
            System.out.printf(Locale.ROOT, "round %d: route %.1f, x-tasks %.1f, u-slices %.1f ns per value; %.1f %% of the runs sent on"
                    + " (W2 of n0 %.6f)%n", round, (t1 - t0) / (double) finite, (t2 - t1) / (double) finite,
                    (t3 - t2) / (double) finite, 100.0 * sent / finite, exact[0].w2());
        }
    }

    /** One scan task per side, fed in chunks as the column scan feeds it. */
    private static void route(ExactPlan plan, double[][] columns, boolean[][] nulls, int side,
            TreeMap<Integer, List<ExactBlock>> into) {
        BlockRouter router = new BlockRouter(plan, side);
        int features = columns.length;
        int rows = columns[0].length;
        double[][] values = new double[features][CHUNK];
        boolean[][] isNull = new boolean[features][CHUNK];
        for (int from = 0; from < rows; from += CHUNK) {
            int size = Math.min(CHUNK, rows - from);
            for (int f = 0; f < features; f++) {
                System.arraycopy(columns[f], from, values[f], 0, size);
                System.arraycopy(nulls[f], from, isNull[f], 0, size);
            }
            router.add(values, isNull, size);
            drain(router, into);
        }
        router.flush();
        drain(router, into);
    }

    private static void drain(BlockRouter router, TreeMap<Integer, List<ExactBlock>> into) {
        for (Routed<ExactBlock> b = router.poll(); b != null; b = router.poll()) {
            into.computeIfAbsent(b.partition(), k -> new ArrayList<>()).add(b.value());
        }
    }

    /** The benchmark's shapes ({@link FoldCost#draw}), feature f shifted by {@code shift}; NaN for a null (5 % of the fourth). */
    private static double draw(int f, double shift, Random rnd) {
        return f % 4 == 3 && rnd.nextDouble() < 0.05 ? Double.NaN : FoldCost.draw(f, shift, rnd);
    }
}
