package io.sparkdrift.exact;

import io.sparkdrift.exact.core.BlockRouter;
import io.sparkdrift.exact.core.Exact;
import io.sparkdrift.exact.core.ExactBlock;
import io.sparkdrift.exact.core.ExactPlan;
import io.sparkdrift.exact.core.Routed;
import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.scan.ChunkRouter;
import io.sparkdrift.scan.IndexPartitioner;
import io.sparkdrift.scan.ProfileScan;
import io.sparkdrift.scan.RoutingScan;
import io.sparkdrift.scan.ScanInput;
import io.sparkdrift.scan.Shipped;
import io.sparkdrift.scan.SizeEstimate;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Exact mode with the current data read once ({@link #profileAndCompute}): the current data's
 * profiling scan routes its values for {@link ExactDistances}' x-tasks as it folds them, by the fine
 * bins the fold finds, so one read gives the profile and the routed values.
 */
public final class ExactOnProfilingScan {
    private static final org.apache.logging.log4j.Logger LOG =
            org.apache.logging.log4j.LogManager.getLogger(ExactOnProfilingScan.class);

    private ExactOnProfilingScan() {
    }

    /**
     * The current data's profile, the exact distances of its numeric features, and the features whose
     * values were routed by scans of their own (empty: the current data was read once for all).
     */
    public record Profiled(DatasetProfile current, Map<String, Exact> exact, List<String> routedAgain) {
    }

    /**
     * The current data's profile and the exact distances, reading the current data once: its
     * profiling scan also routes its values, by the bins the fold finds, to x-tasks planned from the
     * reference profile alone, sized for the current data's {@link #expectedGrowth expected size};
     * the reference is routed beside it, into the same shuffle, whose other
     * partitions carry the profile states ({@link RoutingScan}). Once the current profile is known the
     * plan gets both samples' counts. A feature whose current data moved so far that this routing
     * would give a task more than {@value #ROUTED_AHEAD_SLACK} times its share, or that has a bin to
     * cut ({@link ExactRefine}) — a timestamp column whose new day lies past the reference's, all of
     * it in the overflow bin — is left out of the plan ({@link #leftOut}; its routed values are
     * ignored) and goes through {@link ExactDistances#compute} on its own: its columns scanned again,
     * the others' not. The whole table goes that way (the current data profiled alone, then routed)
     * when the reference alone already has a bin to cut, when it has more than
     * {@value ExactDistances#ROUTING_GROUP} numeric features (its routing reads them in groups), and
     * when it has none. The profile is {@link ProfileScan#profile}'s, bit for bit.
     *
     * @param reference the reference profile, on {@code bins} (from {@code referenceData})
     */
    public static Profiled profileAndCompute(Dataset<Row> referenceData, Dataset<Row> currentData, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical, Map<String, NumericBinning> bins, Map<String, CategoricalBinning> categoricalBins,
            DatasetProfile reference) {
        return profileAndCompute(referenceData, currentData, numeric, categorical, bins, categoricalBins, reference,
                ExactDistances.TARGET_VALUES);
    }

    /** As above, with at most {@code maxTarget} values per task (tests make it small). */
    static Profiled profileAndCompute(Dataset<Row> referenceData, Dataset<Row> currentData, List<FeatureSpec> numeric,
            List<FeatureSpec> categorical, Map<String, NumericBinning> bins, Map<String, CategoricalBinning> categoricalBins,
            DatasetProfile reference, long maxTarget) {
        int features = numeric.size();
        NumericBinning[] binnings = new NumericBinning[features];
        NumericProfile[] ref = new NumericProfile[features];
        long refValues = 0;
        for (int f = 0; f < features; f++) {
            binnings[f] = bins.get(numeric.get(f).name());
            ref[f] = (NumericProfile) reference.feature(numeric.get(f).name());
            refValues += ref[f].sample().total();
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(referenceData.sparkSession().sparkContext());
        // the current data's counts are not known yet: its size is expected from what Spark estimates
        double growth = expectedGrowth(referenceData, currentData);
        long expected = ExactDistances.target(sc, (long) (refValues * (1 + growth)), maxTarget);
        // tasks planned on the reference counts twice: of routingTarget, its own values take half
        long routingTarget = Math.max(1, Math.round(expected * 2 / (1 + growth)));
        boolean ahead = features > 0 && features <= ExactDistances.ROUTING_GROUP;
        for (int f = 0; f < features && ahead; f++) {
            ahead = ExactRefine.split(binnings[f], ref[f].sample(), ref[f].sample(), routingTarget) == null;
        }
        if (!ahead) {
            DatasetProfile current = ProfileScan.profile(currentData, numeric, categorical, bins, categoricalBins);
            return new Profiled(current, ExactDistances.compute(referenceData, currentData, numeric, bins, reference, current,
                    maxTarget), numeric.stream().map(FeatureSpec::name).toList());
        }
        ExactPlan routing = new ExactPlan(binnings, ref, ref, routingTarget);
        RoutingScan scan = new RoutingScan(currentData, numeric, categorical, bins, categoricalBins, routing.xPartitions());
        Broadcast<Shipped<ExactPlan>> b = sc.broadcast(Shipped.of(routing));
        try {
            JavaPairRDD<Integer, Shipped<Serializable>> current =
                    scan.records(() -> new RoutedBlocks(new BlockRouter(b.value().get(), 1)));
            int partitions = ExactDistances.sortedShuffle(sc, routing.xPartitions() + scan.statePartitions());
            JavaPairRDD<Integer, Shipped<Serializable>> shuffled = current.union(anyValues(ExactDistances.blocks(
                    ScanInput.of(referenceData, numeric, List.of(), null), b, 0, 0, features)))
                    .partitionBy(new IndexPartitioner(partitions, 1));
            DatasetProfile profile = scan.profile(shuffled);
            NumericProfile[] cur = new NumericProfile[features];
            long curValues = 0;
            for (int f = 0; f < features; f++) {
                cur[f] = (NumericProfile) profile.feature(numeric.get(f).name());
                curValues += cur[f].sample().total();
            }
            long target = ExactDistances.target(sc, refValues + curValues, maxTarget); // what a plan on both profiles takes
            boolean[] leave = leftOut(routing, binnings, ref, cur, target);
            List<FeatureSpec> again = new ArrayList<>();
            for (int f = 0; f < features; f++) {
                if (leave[f]) {
                    again.add(numeric.get(f));
                }
            }
            Map<String, Exact> out = new HashMap<>();
            if (!again.isEmpty()) {
                LOG.info("exact mode: {} moved too far for routing planned on the reference alone; routing them again",
                        again.stream().map(FeatureSpec::name).toList());
                out.putAll(ExactDistances.compute(referenceData, currentData, again, bins, reference, profile, maxTarget));
            }
            if (again.size() < features) {
                Broadcast<Shipped<ExactPlan>> planned = sc.broadcast(Shipped.of(new ExactPlan(routing, ref, cur, target, leave)));
                try {
                    Map<String, Exact> routed = ExactDistances.named(numeric, ExactDistances.distances(sc, planned,
                            blocksOnly(RoutingScan.partitions(shuffled, 0, routing.xPartitions()))));
                    for (int f = 0; f < features; f++) {
                        if (!leave[f]) {
                            out.put(numeric.get(f).name(), routed.get(numeric.get(f).name()));
                        }
                    }
                } finally {
                    planned.destroy();
                }
            }
            return new Profiled(profile, out, again.stream().map(FeatureSpec::name).toList());
        } finally {
            b.destroy();
        }
    }

    /** The most the routing plan expects the current data to outgrow the reference by. */
    static final double MAX_GROWTH = 4;

    /**
     * How many times the reference's size the current data is expected to be ({@link SizeEstimate}:
     * Spark's estimates, of inputs read through the same source), kept within [1, {@value #MAX_GROWTH}]:
     * 1 when there is no estimate. It only sizes the routing's tasks (the results do not depend on
     * it): planned for a current data set that big, a routing leaves no feature out for its size
     * alone unless the current data is about {@value #ROUTED_AHEAD_SLACK} × (1 + growth) − 1 times
     * the reference's size or more. Not below 1: an estimate too small (the reference's bytes counted
     * before a filter on a data column, which the estimate does not see) would crowd the tasks; too large, it
     * costs at most (1 + {@value #MAX_GROWTH}) / 2 times the x-tasks, each that much smaller.
     */
    static double expectedGrowth(Dataset<Row> reference, Dataset<Row> current) {
        double ratio = SizeEstimate.ratio(reference, current);
        return Double.isNaN(ratio) ? 1 : Math.max(1, Math.min(MAX_GROWTH, ratio));
    }

    /** How many times its share of values a task planned on the reference alone may receive. */
    static final int ROUTED_AHEAD_SLACK = 2;

    /**
     * The features the routing cannot serve once the current data is known: those with a bin
     * {@link ExactRefine} would cut, then, while some x-task would receive more than
     * {@value #ROUTED_AHEAD_SLACK} times its share, the feature with the most values in it.
     */
    static boolean[] leftOut(ExactPlan routing, NumericBinning[] binnings, NumericProfile[] ref, NumericProfile[] cur,
            long target) {
        int features = binnings.length;
        boolean[] leave = new boolean[features];
        for (int f = 0; f < features; f++) {
            leave[f] = ExactRefine.split(binnings[f], ref[f].sample(), cur[f].sample(), target) != null;
        }
        long[][] loads = routing.taskLoads(ref, cur);
        while (true) {
            int worst = -1;
            for (long[] task : loads) {
                long sum = 0;
                int most = -1;
                for (int f = 0; f < features; f++) {
                    if (!leave[f]) {
                        sum += task[f];
                        most = most < 0 || task[f] > task[most] ? f : most;
                    }
                }
                if (sum > ROUTED_AHEAD_SLACK * target) {
                    worst = most;
                    break;
                }
            }
            if (worst < 0) {
                return leave;
            }
            leave[worst] = true;
        }
    }

    /** A {@link BlockRouter} as a routing scan's router: the blocks of the bins the fold found. */
    private static final class RoutedBlocks implements ChunkRouter {
        private final BlockRouter router;

        RoutedBlocks(BlockRouter router) {
            this.router = router;
        }

        @Override
        public void add(int column, double[] values, int[] bins, int rows) {
            router.addBinned(column, values, bins, rows);
        }

        @Override
        public void flush() {
            router.flush();
        }

        @Override
        public Tuple2<Integer, Serializable> poll() {
            Routed<ExactBlock> r = router.poll();
            return r == null ? null : new Tuple2<>(r.partition(), r.value());
        }
    }

    /** The blocks as records of a shuffle that carries other values too (the same objects, typed wider). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JavaPairRDD<Integer, Shipped<Serializable>> anyValues(JavaPairRDD<Integer, Shipped<ExactBlock>> blocks) {
        return (JavaPairRDD) blocks;
    }

    /** The routed partitions of such a shuffle, which hold blocks only. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JavaPairRDD<Integer, Shipped<ExactBlock>> blocksOnly(JavaPairRDD<Integer, Shipped<Serializable>> records) {
        return (JavaPairRDD) records;
    }

}
