package io.sparkdrift.exact.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.math.EmpiricalDistances;
import io.sparkdrift.math.WeightedSample;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.testing.Profiles;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Exact mode's Spark-free core, run end to end in one JVM with the two shuffles done by plain maps:
 * W1, W2 and KS equal the pure oracles on raw values, with ties, atoms and disjoint supports, at
 * task sizes small enough to cut every feature into many x-tasks and u-slices.
 */
class ExactCoreTest {
    /** Values per task: small, so that sweeps and pairings span many tasks. */
    private static final long TINY_TARGET = 200;

    @Test
    void coreEqualsTheOraclesAcrossManySmallTasks() {
        Random r = new Random(7);
        int n = 3000;
        int m = 2000;
        double[][] ref = new double[4][n];
        double[][] cur = new double[4][m];
        for (int i = 0; i < n; i++) {
            ref[0][i] = r.nextGaussian();
            ref[1][i] = r.nextDouble() < 0.9 ? 0.0 : Math.floor(r.nextDouble() * 50); // zero-inflated integers
            ref[2][i] = r.nextDouble() * 10;
            ref[3][i] = 5.0; // constant
        }
        for (int i = 0; i < m; i++) {
            cur[0][i] = 0.3 + 1.2 * r.nextGaussian();
            cur[1][i] = r.nextDouble() < 0.7 ? 0.0 : Math.floor(r.nextDouble() * 80);
            cur[2][i] = 20 + r.nextDouble() * 10; // disjoint: every value above the reference maximum
            cur[3][i] = 5.0;
        }
        Exact[] exact = runCore(ref, cur);
        for (int f = 0; f < ref.length; f++) {
            WeightedSample a = WeightedSample.of(ref[f]);
            WeightedSample b = WeightedSample.of(cur[f]);
            double w1 = EmpiricalDistances.wasserstein1(a, b);
            double w2 = EmpiricalDistances.wasserstein2(ref[f], cur[f]);
            assertEquals(n, exact[f].n());
            assertEquals(m, exact[f].m());
            assertEquals(w1, exact[f].w1(), 1e-9 * Math.max(1, w1), "W1 of feature " + f);
            assertEquals(w2, exact[f].w2(), 1e-9 * Math.max(1, w2), "W2 of feature " + f);
            assertEquals(EmpiricalDistances.ksStatistic(a, b), exact[f].ks(), 1e-12, "KS of feature " + f);
        }
        assertEquals(0.0, exact[3].w1(), "a constant feature: W1 exactly 0");
        assertEquals(0.0, exact[3].ks(), "a constant feature: KS exactly 0");
    }

    @Test
    void partialSumsCombineToTheSameBitsInAnyArrivalOrder() {
        Random r = new Random(11);
        double[][] ref = {r.doubles(2500).map(x -> x * x).toArray()};
        double[][] cur = {r.doubles(1800).toArray()};
        Exact[] once = runCore(ref, cur);
        for (int seed = 0; seed < 5; seed++) {
            Random order = new Random(seed);
            Exact[] again = runCore(ref, cur, parts -> {
                List<PartialSum> copy = new ArrayList<>(parts);
                Collections.shuffle(copy, order);
                return copy;
            });
            assertEquals(once[0], again[0]);
        }
    }

    @Test
    void xTasksPairWhereBothSamplesQuantilesMeetAndSendOnlyTheRestOn() {
        Random r = new Random(5);
        int n = 4000;
        double[][] ref = new double[2][n];
        double[][] cur = new double[2][n];
        for (int i = 0; i < n; i++) {
            ref[0][i] = r.nextGaussian(); // the same law: the two u-ranges of an x-task nearly coincide
            cur[0][i] = r.nextGaussian();
            ref[1][i] = r.nextDouble() < 0.5 ? 0.0 : Math.floor(r.nextDouble() * 30); // ties, also alike
            cur[1][i] = r.nextDouble() < 0.5 ? 0.0 : Math.floor(r.nextDouble() * 30);
        }
        long[] sent = new long[1];
        Exact[] alike = runCore(ref, cur, Function.identity(), sent, true);
        for (int f = 0; f < ref.length; f++) {
            double w2 = EmpiricalDistances.wasserstein2(ref[f], cur[f]);
            assertEquals(w2, alike[f].w2(), 1e-9 * Math.max(1, w2), "W2 of feature " + f);
        }
        assertTrue(sent[0] < 0.15 * 2 * 2 * n, "values sent on to the u-slices: " + sent[0] + " of " + 4 * n);
        double[][] apart = {ref[0]};
        double[][] shifted = {java.util.Arrays.stream(cur[0]).map(x -> x + 100).toArray()};
        Exact[] disjoint = runCore(apart, shifted, Function.identity(), sent, true);
        assertEquals(EmpiricalDistances.wasserstein2(apart[0], shifted[0]), disjoint[0].w2(), 1e-9 * 100);
        assertEquals(2L * n, sent[0], "disjoint supports: no x-task holds both samples' quantiles, every value travels");
    }

    @Test
    void w2EqualsTheOracleOnManyRandomShapesWhetherPairedInXTasksOrInSlices() {
        Random r = new Random(13);
        for (int trial = 0; trial < 40; trial++) {
            int n = 800 + r.nextInt(2500);
            int m = 800 + r.nextInt(2500);
            double shift = r.nextInt(4) == 0 ? 0 : r.nextGaussian() * 0.3; // a quarter of the cases alike
            double scale = 1 + (r.nextInt(3) == 0 ? r.nextDouble() : 0);
            int levels = r.nextInt(3) == 0 ? 1 + r.nextInt(12) : 0; // ties: few distinct values
            double[][] ref = {draw(r, n, 0, 1, levels)};
            double[][] cur = {draw(r, m, shift, scale, levels)};
            Exact[] exact = runCore(ref, cur, Function.identity(), new long[1], false);
            double w2 = EmpiricalDistances.wasserstein2(ref[0], cur[0]);
            double w1 = EmpiricalDistances.wasserstein1(WeightedSample.of(ref[0]), WeightedSample.of(cur[0]));
            assertEquals(w2, exact[0].w2(), 1e-9 * Math.max(1, w2), "W2, trial " + trial);
            assertEquals(w1, exact[0].w1(), 1e-9 * Math.max(1, w1), "W1, trial " + trial);
        }
    }

    /**
     * An integer column of many values, each held by fewer rows than a task's share (ages, counts up
     * to a hundred or so): the plan weighs each such value as a run-length entry or two, so it packs
     * many of them into one x-task, and the routers must then send that task's values encoded — sent
     * raw, one x-task would receive nearly every row of the column. The distances are the oracles'.
     */
    @Test
    void manyIntegerValuesEachBelowATasksShareReachNoTaskAsMoreThanItsShareOfEntries() {
        Random r = new Random(17);
        int n = 12000;
        int m = 9000;
        double[][] ref = {new double[n]};
        double[][] cur = {new double[m]};
        for (int i = 0; i < n; i++) {
            ref[0][i] = r.nextInt(120);
        }
        for (int i = 0; i < m; i++) {
            cur[0][i] = r.nextInt(125);
        }
        NumericBinning[] bins = {Profiles.fitDefault(ref[0])};
        NumericProfile[] rp = {Profiles.profile(bins[0], ref[0])};
        NumericProfile[] cp = {Profiles.profile(bins[0], cur[0])};
        ExactPlan plan = new ExactPlan(bins, rp, cp, TINY_TARGET);
        TreeMap<Integer, List<ExactBlock>> received = new TreeMap<>();
        route(plan, ref, 0, received);
        route(plan, cur, 1, received);
        long most = 0;
        for (List<ExactBlock> blocks : received.values()) {
            most = Math.max(most, blocks.stream().mapToLong(ExactBlock::size).sum());
        }
        assertTrue(most <= 2 * TINY_TARGET, "entries the fullest x-task receives: " + most + " of " + (n + m) + " values");
        Exact[] exact = runCore(ref, cur, Function.identity(), new long[1], false);
        WeightedSample a = WeightedSample.of(ref[0]);
        WeightedSample b = WeightedSample.of(cur[0]);
        assertEquals(EmpiricalDistances.wasserstein1(a, b), exact[0].w1(), 1e-9);
        assertEquals(EmpiricalDistances.wasserstein2(ref[0], cur[0]), exact[0].w2(), 1e-9);
        assertEquals(EmpiricalDistances.ksStatistic(a, b), exact[0].ks(), 1e-12);
    }

    private static double[] draw(Random r, int size, double shift, double scale, int levels) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            double x = shift + scale * r.nextGaussian();
            out[i] = levels > 0 ? Math.floor(x * levels) / levels : x;
        }
        return out;
    }

    private static Exact[] runCore(double[][] ref, double[][] cur) {
        return runCore(ref, cur, Function.identity());
    }

    private static Exact[] runCore(double[][] ref, double[][] cur, Function<List<PartialSum>, List<PartialSum>> arrival) {
        return runCore(ref, cur, arrival, new long[1], true, null);
    }

    /**
     * The routing of a run that reads the current data once: x-tasks planned on the reference alone,
     * the current data routed by the bins its profiling fold finds ({@link BlockRouter#addBinned}),
     * then the plan given both samples' counts. The distances are the oracles'; a task receives at
     * most twice its share where the current data stays close, and more — the job's cue to plan anew —
     * where it left the reference range.
     */
    @Test
    void routingPlannedOnTheReferenceAloneGivesTheOraclesAndOutgrowsItsTasksOnlyWhereTheDataMoved() {
        Random r = new Random(3);
        int n = 3000;
        int m = 2600;
        double[][] ref = new double[3][n];
        double[][] cur = new double[3][m];
        for (int i = 0; i < n; i++) {
            ref[0][i] = r.nextGaussian();
            ref[1][i] = r.nextDouble() < 0.8 ? 0.0 : Math.floor(r.nextDouble() * 30);
            ref[2][i] = r.nextDouble() * 10;
        }
        for (int i = 0; i < m; i++) {
            cur[0][i] = 0.1 + 1.05 * r.nextGaussian();
            cur[1][i] = r.nextDouble() < 0.75 ? 0.0 : r.nextDouble() < 0.01 ? Double.NaN : Math.floor(r.nextDouble() * 30);
            cur[2][i] = r.nextDouble() * 10.5;
        }
        long[] largest = new long[1];
        Exact[] exact = runCore(ref, cur, parts -> parts, new long[1], true, largest);
        assertTrue(largest[0] <= 2 * TINY_TARGET, "largest task " + largest[0]);
        for (int f = 0; f < ref.length; f++) {
            double[] b = java.util.Arrays.stream(cur[f]).filter(Double::isFinite).toArray();
            WeightedSample wa = WeightedSample.of(ref[f]);
            WeightedSample wb = WeightedSample.of(b);
            double w1 = EmpiricalDistances.wasserstein1(wa, wb);
            double w2 = EmpiricalDistances.wasserstein2(ref[f], b);
            assertEquals(b.length, exact[f].m());
            assertEquals(w1, exact[f].w1(), 1e-9 * Math.max(1, w1), "W1 of feature " + f);
            assertEquals(w2, exact[f].w2(), 1e-9 * Math.max(1, w2), "W2 of feature " + f);
            assertEquals(EmpiricalDistances.ksStatistic(wa, wb), exact[f].ks(), 1e-12, "KS of feature " + f);
        }
        for (int i = 0; i < m; i++) {
            cur[2][i] = 20 + r.nextDouble(); // every value above the reference maximum: one overflow bin
        }
        runCore(ref, cur, parts -> parts, new long[1], true, largest);
        assertTrue(largest[0] > 2 * TINY_TARGET, "a task gets the whole overflow bin: " + largest[0]);
    }

    /**
     * Plan, route, sweep and pair in this JVM; the "shuffles" group records by partition in order.
     * {@code sent[0]} gets the number of values the x-tasks send on to the u-slices; {@code many}
     * checks that the plan cuts the features into many x-tasks and u-slices.
     */
    private static Exact[] runCore(double[][] ref, double[][] cur, Function<List<PartialSum>, List<PartialSum>> arrival,
            long[] sent, boolean many) {
        return runCore(ref, cur, arrival, sent, many, null);
    }

    /** As above; with {@code largest} not null, routed as a run that reads the current data once, and its largest task put there. */
    private static Exact[] runCore(double[][] ref, double[][] cur, Function<List<PartialSum>, List<PartialSum>> arrival,
            long[] sent, boolean many, long[] largest) {
        int features = ref.length;
        NumericBinning[] bins = new NumericBinning[features];
        NumericProfile[] rp = new NumericProfile[features];
        NumericProfile[] cp = new NumericProfile[features];
        for (int f = 0; f < features; f++) {
            bins[f] = Profiles.fitDefault(ref[f]);
            rp[f] = Profiles.profile(bins[f], ref[f]);
            cp[f] = Profiles.profile(bins[f], cur[f]);
        }
        ExactPlan routing = largest == null ? null : new ExactPlan(bins, rp, rp, TINY_TARGET);
        ExactPlan plan = largest == null ? new ExactPlan(bins, rp, cp, TINY_TARGET) : new ExactPlan(routing, rp, cp, TINY_TARGET, new boolean[features]);
        assertTrue(!many || plan.xPartitions() > 10 && plan.uPartitions > 10, "many tasks: " + plan.xPartitions() + ", "
                + plan.uPartitions);
        TreeMap<Integer, List<ExactBlock>> xInput = new TreeMap<>();
        route(largest == null ? plan : routing, ref, 0, xInput);
        if (largest == null) {
            route(plan, cur, 1, xInput);
        } else {
            routeBinned(routing, bins, cur, xInput);
            long[][] loads = routing.taskLoads(rp, cp);
            largest[0] = java.util.Arrays.stream(loads).mapToLong(t -> java.util.Arrays.stream(t).sum()).max().orElse(0);
        }
        TreeMap<Integer, List<Serializable>> uInput = new TreeMap<>();
        sent[0] = 0;
        for (int p = 0; p < plan.xPartitions(); p++) {
            Iterator<Routed<Serializable>> out = ExactSweeps.xTask(plan, p, xInput.getOrDefault(p, List.of()).iterator());
            out.forEachRemaining(rec -> {
                uInput.computeIfAbsent(rec.partition(), k -> new ArrayList<>()).add(rec.value());
                if (rec.value() instanceof ExactPairing.Piece piece) {
                    for (int i = 0; i < piece.size(); i++) {
                        sent[0] += piece.count(i);
                    }
                }
            });
        }
        List<PartialSum> parts = new ArrayList<>();
        for (int u = 0; u < plan.uPartitions; u++) {
            ExactPairing.uTask(plan, uInput.getOrDefault(u, List.of()).iterator()).forEachRemaining(parts::add);
        }
        return Exact.combine(plan, arrival.apply(parts));
    }

    /** The current data's "profiling scan task": every column of each 700-row chunk with the bins a fold finds. */
    private static void routeBinned(ExactPlan routing, NumericBinning[] bins, double[][] columns,
            TreeMap<Integer, List<ExactBlock>> into) {
        BlockRouter router = new BlockRouter(routing, 1);
        int rows = columns[0].length;
        for (int from = 0; from < rows; from += 700) {
            int size = Math.min(700, rows - from);
            for (int f = 0; f < columns.length; f++) {
                double[] values = java.util.Arrays.copyOfRange(columns[f], from, from + size);
                int[] bin = new int[size];
                for (int i = 0; i < size; i++) {
                    bin[i] = Double.isFinite(values[i]) ? bins[f].bin(values[i]) : -1;
                }
                router.addBinned(f, values, bin, size);
            }
        }
        drain(router, into);
    }

    private static void drain(BlockRouter router, TreeMap<Integer, List<ExactBlock>> into) {
        router.flush();
        for (Routed<ExactBlock> b = router.poll(); b != null; b = router.poll()) {
            into.computeIfAbsent(b.partition(), k -> new ArrayList<>()).add(b.value());
        }
    }

    /** One "scan task" per side, fed in chunks of 700 rows as the column scan feeds it. */
    private static void route(ExactPlan plan, double[][] columns, int side, TreeMap<Integer, List<ExactBlock>> into) {
        BlockRouter router = new BlockRouter(plan, side);
        int rows = columns[0].length;
        for (int from = 0; from < rows; from += 700) {
            int size = Math.min(700, rows - from);
            double[][] values = new double[columns.length][size];
            boolean[][] nulls = new boolean[columns.length][size];
            for (int f = 0; f < columns.length; f++) {
                System.arraycopy(columns[f], from, values[f], 0, size);
            }
            router.add(values, nulls, size);
        }
        drain(router, into);
    }
}
