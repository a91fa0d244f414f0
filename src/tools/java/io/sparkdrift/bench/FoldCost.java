package io.sparkdrift.bench;

import io.sparkdrift.profile.FitSettings;
import io.sparkdrift.profile.GridFit;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.ValueGrid;
import io.sparkdrift.profile.WarmUp;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What binning alone costs, without Spark: one thread adds 4096-value columns to the accumulators of
 * {@code features} features × about 1,000 fine bins, routed to {@code segments} segments at random
 * when that is above 1 — the profiling pass's fold and nothing else, each feature's state read in order
 * first where the scan does that ({@code WarmUp}; {@code -Dcold=true}: never).
 * Prints ns per value for 5 rounds.
 * Columns: {@code logistic} (the default) — logistic values on quantile edges, crowded in the middle as
 * fitted edges are; {@code mixed} — the benchmark's four column shapes in turn (normal, lognormal,
 * integers 0–20, normal around 10), on edges fitted by the job's own grid from a reference sample. An
 * integer column's bins are atoms [k, nextUp(k)), both edges in one of the bin finder's guide cells
 * (most of such a column's values fall in cells holding two edges, few of the continuous shapes'),
 * which smooth logistic edges never give: a change to the fold should be measured on both;
 * {@code heavy} — heavy-tailed columns in turn (lognormal with σ = 3; uniform on [0, 1) with 0.1 % of
 * the values up to 1e12), on edges fitted by the job's grid: a far tail sets the range while the
 * edges crowd in the body.
 *   java -cp target/spark-drift.jar:target/test-classes io.sparkdrift.bench.FoldCost FEATURES SEGMENTS [logistic|mixed|heavy]
 */
public final class FoldCost {
    private FoldCost() {
    }

    public static void main(String[] args) {
        int features = Integer.parseInt(args[0]);
        int segments = Integer.parseInt(args[1]);
        int bins = 1000;
        int rows = 4096;
        int[] binOf = new int[rows]; // the fine bins addColumn finds, as the scan's folder keeps them
        String shape = args.length > 2 ? args[2] : "logistic";
        boolean mixed = !shape.equals("logistic");
        Random rnd = new Random(1);
        NumericAccumulator[][] acc = new NumericAccumulator[features][segments];
        double[][] values = new double[features][rows];
        for (int f = 0; f < features; f++) {
            double[] edges = new double[bins];
            if (mixed) {
                ValueGrid grid = new ValueGrid(ValueGrid.budgetFor(features, bins));
                for (int i = 0; i < 200_000; i++) {
                    grid.add(draw(shape, f, rnd));
                }
                edges = GridFit.binning(grid, new FitSettings(FitSettings.DEFAULT_BINS, bins, FitSettings.DEFAULT_MAX_CATEGORIES,
                        Map.of()), null).edges();
            } else {
                for (int i = 0; i < bins; i++) {
                    double u = (i + 0.5) / bins;
                    edges[i] = f + Math.log(u / (1 - u));
                }
            }
            NumericBinning binning = NumericBinning.of(edges);
            for (int s = 0; s < segments; s++) {
                acc[f][s] = new NumericAccumulator(binning);
            }
            for (int r = 0; r < rows; r++) {
                double u = rnd.nextDouble();
                values[f][r] = mixed ? draw(shape, f, rnd) : f + Math.log(u / (1 - u));
            }
        }
        boolean[] nulls = new boolean[rows];
        int[] segment = new int[rows];
        for (int r = 0; r < rows; r++) {
            segment[r] = rnd.nextInt(segments);
        }
        long bytes = 0;
        for (int f = 0; f < features; f++) {
            bytes += acc[f][0].stateBytes() * segments;
        }
        boolean warm = segments == 1 && WarmUp.pays(bytes) && !Boolean.getBoolean("cold");
        long chunks = Math.max(1, 200_000_000L / features / rows);
        for (int round = 0; round < 5; round++) {
            long t = System.nanoTime();
            for (long c = 0; c < chunks; c++) {
                for (int f = 0; f < features; f++) {
                    if (segments == 1) {
                        if (warm) {
                            acc[f][0].warmUp();
                        }
                        acc[f][0].addColumn(values[f], nulls, rows, binOf);
                    } else {
                        NumericAccumulator.addColumnRouted(values[f], nulls, rows, segment, acc[f]);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "features=%d segments=%d %s%s: %.1f ns per value%n", features, segments,
                    shape, warm ? ", each feature's state read in order first (as the scan does)" : "",
                    (System.nanoTime() - t) / (double) (chunks * rows * features));
        }
    }

    /** A value of column f: a heavy-tailed shape, or the benchmark's (mixed). */
    private static double draw(String shape, int f, Random rnd) {
        if (!shape.equals("heavy")) {
            return draw(f, rnd);
        }
        return f % 2 == 0 ? Math.exp(rnd.nextGaussian() * 3) : rnd.nextDouble() < 0.001 ? 1e12 * rnd.nextDouble() : rnd.nextDouble();
    }

    /** A value of the benchmark's column shape f mod 4 (as {@code SyntheticData} makes the reference's). */
    static double draw(int f, Random rnd) {
        return draw(f, 0, rnd);
    }

    /** The same shapes moved by {@code shift}, as {@code SyntheticData} moves the benchmark's current data (0.05). */
    static double draw(int f, double shift, Random rnd) {
        return switch (f % 4) {
            case 0 -> rnd.nextGaussian() + shift;
            case 1 -> Math.exp(rnd.nextGaussian() * 0.8 + shift);
            case 2 -> Math.floor(rnd.nextDouble() * rnd.nextDouble() * (20 + shift * 20));
            default -> rnd.nextGaussian() * 3 + 10 + shift;
        };
    }
}
