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
import java.io.Serializable;
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
     * The current data's profile, the exact distances of its numeric features, and whether the
     * current data was read once for both (false: its values were routed by a scan of their own).
     */
    public record Profiled(DatasetProfile current, Map<String, Exact> exact, boolean readOnce) {
    }

    /**
     * The current data's profile and the exact distances, reading the current data once: its
     * profiling scan also routes its values, by the bins the fold finds, to x-tasks planned from the
     * reference profile alone; the reference is routed beside it, into the same shuffle, whose other
     * partitions carry the profile states ({@link RoutingScan}). Once the current profile is known the
     * plan gets both samples' counts. Where the current data moved so far that this routing would give
     * a task more than {@value #ROUTED_AHEAD_SLACK} times its share, or a bin would need cutting
     * ({@link ExactRefine}), the routed values are dropped and {@link ExactDistances#compute} plans from both
     * profiles and scans both datasets again: the same results, one scan more. So is a table of more
     * than {@value ExactDistances#ROUTING_GROUP} numeric features (its routing reads them in groups), and one
     * without numeric features. The profile is {@link ProfileScan#profile}'s, bit for bit.
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
        long values = 0;
        for (int f = 0; f < features; f++) {
            binnings[f] = bins.get(numeric.get(f).name());
            ref[f] = (NumericProfile) reference.feature(numeric.get(f).name());
            values += 2 * ref[f].sample().total(); // the current data's count is not known yet: about the reference's
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(referenceData.sparkSession().sparkContext());
        long target = ExactDistances.target(sc, values, maxTarget);
        boolean ahead = features > 0 && features <= ExactDistances.ROUTING_GROUP;
        for (int f = 0; f < features && ahead; f++) {
            ahead = ExactRefine.split(binnings[f], ref[f].sample(), ref[f].sample(), target) == null;
        }
        if (!ahead) {
            DatasetProfile current = ProfileScan.profile(currentData, numeric, categorical, bins, categoricalBins);
            return new Profiled(current, ExactDistances.compute(referenceData, currentData, numeric, bins, reference, current,
                    maxTarget), false);
        }
        ExactPlan routing = new ExactPlan(binnings, ref, ref, target);
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
            boolean fits = true;
            for (int f = 0; f < features; f++) {
                cur[f] = (NumericProfile) profile.feature(numeric.get(f).name());
                fits &= ExactRefine.split(binnings[f], ref[f].sample(), cur[f].sample(), target) == null;
            }
            ExactPlan plan = new ExactPlan(routing, ref, cur, target);
            if (!fits || plan.largestTask > ROUTED_AHEAD_SLACK * target) {
                LOG.info("exact mode: the current data moved too far for routing planned on the reference alone;"
                        + " routing both again");
                return new Profiled(profile, ExactDistances.compute(referenceData, currentData, numeric, bins, reference, profile,
                        maxTarget), false);
            }
            Broadcast<Shipped<ExactPlan>> planned = sc.broadcast(Shipped.of(plan));
            try {
                return new Profiled(profile, ExactDistances.named(numeric, ExactDistances.distances(sc, planned,
                        blocksOnly(RoutingScan.partitions(shuffled, 0, routing.xPartitions())))), true);
            } finally {
                planned.destroy();
            }
        } finally {
            b.destroy();
        }
    }

    /** How many times its share of values a task planned on the reference alone may receive before the plan is made anew. */
    static final int ROUTED_AHEAD_SLACK = 2;

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
