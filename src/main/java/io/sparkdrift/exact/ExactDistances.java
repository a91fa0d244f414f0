package io.sparkdrift.exact;

import io.sparkdrift.exact.core.BlockRouter;
import io.sparkdrift.exact.core.Exact;
import io.sparkdrift.exact.core.ExactBlock;
import io.sparkdrift.exact.core.ExactPairing;
import io.sparkdrift.exact.core.ExactPlan;
import io.sparkdrift.exact.core.ExactSweeps;
import io.sparkdrift.exact.core.PartialSum;
import io.sparkdrift.exact.core.Routed;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import io.sparkdrift.scan.ColumnChunk;
import io.sparkdrift.scan.IndexPartitioner;
import io.sparkdrift.scan.ScanInput;
import io.sparkdrift.scan.Shipped;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Exact Wasserstein-1, Wasserstein-2 and two-sample KS statistic of every numeric feature, computed
 * on the cluster (the {@code --exact} mode), in one Spark job of two shuffles for all features:
 * <ol>
 *   <li>one scan per dataset (the same chunked scan as profiling; for the current data, usually
 *       its profiling scan itself: {@link ExactOnProfilingScan}) sends each finite value to the
 *       x-task of its fine bin ({@link ExactPlan}) in blocks ({@link BlockRouter}); for x-tasks
 *       that would receive more than their share one value at a time (a heavy bin, many bins of
 *       one value each) the blocks are sorted and run-length encoded first, so equal values
 *       travel as one entry with a count;</li>
 *   <li>each x-task merges its blocks and sweeps its bins in value order: ∫|F − G| dx and
 *       sup |F − G| over its stretch, starting from the exact counts below it (from the profiles);
 *       where its two samples' stretches of the quantile axis overlap it pairs them itself,
 *       W2² = ∫ (F⁻¹(u) − G⁻¹(u))² du there, and it cuts each sample's other values into the
 *       u-slices of the quantile axis they occupy;</li>
 *   <li>each u-slice pairs the two quantile functions over what it received, sweeping the pieces in
 *       u order (x-tasks are in value order, so their pieces arrive in u order) around the gaps the
 *       x-tasks paired; a Spark task runs several consecutive slices, one after another
 *       ({@link #uTasks}).</li>
 * </ol>
 * No value reaches the driver and no task holds more than about {@link #TARGET_VALUES} values: a
 * fine bin with more distinct values than that (e.g. all current values above the reference maximum,
 * in the overflow bin) is first cut into sub-bins by {@link ExactRefine}, which costs one more scan
 * of each dataset per round, and only when such a bin exists. Ties are
 * exact by construction (equal values are one atom of both CDFs), as in SciPy. Partial sums are
 * combined in task order, so the same data gives the same bits. Everything that crosses Spark's
 * serializer travels {@link Shipped}, so any {@code spark.serializer} will do.
 */
public final class ExactDistances {
    /** Values (run-length entries) per task, both samples together. */
    static final long TARGET_VALUES = 1L << 20;
    /** Numeric features one routing scan reads at most ({@link #routed}). */
    static final int ROUTING_GROUP = 256;

    private ExactDistances() {
    }

    /**
     * @param numeric the features, in the order of {@code bins}; each must be profiled on its binning
     *     in both {@code reference} (from {@code referenceData}) and {@code current} (from {@code currentData})
     */
    public static Map<String, Exact> compute(Dataset<Row> referenceData, Dataset<Row> currentData, List<FeatureSpec> numeric,
            Map<String, NumericBinning> bins, DatasetProfile reference, DatasetProfile current) {
        return compute(referenceData, currentData, numeric, bins, reference, current, TARGET_VALUES);
    }

    /** As above, with at most {@code maxTarget} values per task (tests make it small to force many tasks). */
    static Map<String, Exact> compute(Dataset<Row> referenceData, Dataset<Row> currentData, List<FeatureSpec> numeric,
            Map<String, NumericBinning> bins, DatasetProfile reference, DatasetProfile current, long maxTarget) {
        return compute(referenceData, currentData, numeric, bins, reference, current, maxTarget, ROUTING_GROUP);
    }

    /** As above, routing at most {@code routingGroup} features a scan (tests make it small to force groups). */
    static Map<String, Exact> compute(Dataset<Row> referenceData, Dataset<Row> currentData, List<FeatureSpec> numeric,
            Map<String, NumericBinning> bins, DatasetProfile reference, DatasetProfile current, long maxTarget,
            int routingGroup) {
        if (numeric.isEmpty()) {
            return new HashMap<>();
        }
        int features = numeric.size();
        NumericBinning[] binnings = new NumericBinning[features];
        NumericProfile[] ref = new NumericProfile[features];
        NumericProfile[] cur = new NumericProfile[features];
        for (int f = 0; f < features; f++) {
            String name = numeric.get(f).name();
            binnings[f] = bins.get(name);
            ref[f] = (NumericProfile) reference.feature(name);
            cur[f] = (NumericProfile) current.feature(name);
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(referenceData.sparkSession().sparkContext());
        long values = 0;
        for (int f = 0; f < features; f++) {
            values += ref[f].sample().total() + cur[f].sample().total();
        }
        long target = target(sc, values, maxTarget);
        ExactRefine.Refined refined = ExactRefine.refine(referenceData, currentData, numeric, binnings, ref, cur, target);
        ExactPlan plan = new ExactPlan(refined.binnings(), refined.ref(), refined.cur(), target);
        Broadcast<Shipped<ExactPlan>> b = sc.broadcast(Shipped.of(plan));
        try {
            JavaPairRDD<Integer, Shipped<ExactBlock>> blocks = routed(referenceData, currentData, numeric, b, routingGroup);
            return named(numeric, distances(sc, b, blocks.partitionBy(new IndexPartitioner(sortedShuffle(sc, plan.xPartitions()), 1))));
        } finally {
            b.destroy();
        }
    }

    /** Values per task: {@code maxTarget}, fewer when that would leave cores idle (two tasks per core at least). */
    static long target(JavaSparkContext sc, long values, long maxTarget) {
        return Math.min(maxTarget, Math.max(10_000, values / Math.max(1, 2L * sc.defaultParallelism())));
    }

    /**
     * The x-tasks (one per partition of {@code shuffled}, the values routed to it) and the u-slices:
     * W1, KS and W2 of every feature of the plan, in plan order.
     */
    static Exact[] distances(JavaSparkContext sc, Broadcast<Shipped<ExactPlan>> b,
            JavaPairRDD<Integer, Shipped<ExactBlock>> shuffled) {
        ExactPlan plan = b.value().get();
        List<Shipped<PartialSum>> shipped = shuffled
                .mapPartitionsWithIndex((p, it) -> tuples(ExactSweeps.xTask(b.value().get(), p, values(it))), true)
                .mapToPair(t -> t)
                .partitionBy(new IndexPartitioner(sortedShuffle(sc, plan.uPartitions), 1))
                .mapPartitions(it -> shipped(ExactPairing.uTask(b.value().get(), values(it))))
                .coalesce(uTasks(sc, plan.uPartitions))
                .collect();
        List<PartialSum> parts = new ArrayList<>(shipped.size());
        shipped.forEach(s -> parts.add(s.get()));
        return Exact.combine(plan, parts);
    }

    static Map<String, Exact> named(List<FeatureSpec> numeric, Exact[] exact) {
        Map<String, Exact> out = new HashMap<>();
        for (int f = 0; f < exact.length; f++) {
            out.put(numeric.get(f).name(), exact[f]);
        }
        return out;
    }

    /**
     * The reduce partitions for one of the two shuffles, where each map task writes to a few of many
     * partitions: from half of Spark's bypass threshold up, one more than the threshold, so that a
     * map task sorts its output into one file instead of opening a file and a compression stream for
     * every reduce partition (at 10M rows × 10 features: about a fifth less task time in both the
     * scan and the x-stage). The added partitions are empty.
     */
    static int sortedShuffle(JavaSparkContext sc, int needed) {
        int bypass = sc.getConf().getInt("spark.shuffle.sort.bypassMergeThreshold", 200);
        return needed > bypass / 2 && needed <= bypass ? bypass + 1 : needed;
    }

    /**
     * Spark tasks for the u-slices: each runs a run of consecutive slices one after another (a
     * coalesce without a shuffle, so a task holds one slice's pieces at a time, as before), two per
     * core. Where the samples agree the x-tasks pair most values themselves and a slice receives
     * little, so a task per slice was mostly the task's own overhead: at 10M rows × 10 features, 201
     * tasks took about a second on 2 cores for 289 MB. The partial sums combine in their own order
     * ({@link Exact#combine}), so the grouping cannot change a bit.
     */
    static int uTasks(JavaSparkContext sc, int slices) {
        return Math.max(1, Math.min(slices, 2 * sc.defaultParallelism()));
    }

    /**
     * Both datasets' values, routed to the x-tasks: one scan per dataset, or, for more than
     * {@value #ROUTING_GROUP} numeric features, one per group of that many columns — the same bytes
     * read (Parquet and ORC read only the columns asked for), in more tasks. A scan task holds its
     * columns' part of the file's row group, their chunk and their routing buffers, and while a shuffle
     * is written Spark leaves the tasks' own objects only what its execution memory does not take
     * ({@code spark.memory.fraction}): 1,000 features in one scan did not fit a 2 GiB JVM (README,
     * Exact mode). Grouping changes no result: an x-task sorts what it receives, in whatever order.
     */
    private static JavaPairRDD<Integer, Shipped<ExactBlock>> routed(Dataset<Row> referenceData, Dataset<Row> currentData,
            List<FeatureSpec> numeric, Broadcast<Shipped<ExactPlan>> plan, int perScan) {
        JavaPairRDD<Integer, Shipped<ExactBlock>> all = null;
        for (int side = 0; side < 2; side++) {
            Dataset<Row> data = side == 0 ? referenceData : currentData;
            for (int from = 0; from < numeric.size(); from += perScan) {
                int to = Math.min(numeric.size(), from + perScan);
                JavaPairRDD<Integer, Shipped<ExactBlock>> group = blocks(ScanInput.of(data, numeric.subList(from, to), List.of(), null),
                        plan, side, from, to - from);
                all = all == null ? group : all.union(group);
            }
        }
        return all;
    }

    /** The blocks of one scan of features {@code first} .. {@code first + count − 1}, from one side. */
    static <I> JavaPairRDD<Integer, Shipped<ExactBlock>> blocks(ScanInput<I> input, Broadcast<Shipped<ExactPlan>> plan,
            int side, int first, int count) {
        return JavaPairRDD.fromJavaRDD(input.rdd().mapPartitions(it -> {
            Iterator<ColumnChunk> chunks = input.chunks(it);
            BlockRouter router = new BlockRouter(plan.value().get(), side, first, count);
            return tuples(new Iterator<Routed<ExactBlock>>() {
                private Routed<ExactBlock> next;
                private boolean flushed;

                @Override
                public boolean hasNext() {
                    while (next == null && (next = router.poll()) == null && !flushed) {
                        if (chunks.hasNext()) {
                            ColumnChunk c = chunks.next();
                            router.add(c.values, c.nulls, c.size);
                        } else {
                            router.flush();
                            flushed = true;
                        }
                    }
                    return next != null;
                }

                @Override
                public Routed<ExactBlock> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Routed<ExactBlock> r = next;
                    next = null;
                    return r;
                }
            });
        }));
    }

    /** The core's routed records as Spark's key-value pairs, each value {@link Shipped}. */
    private static <T extends Serializable> Iterator<Tuple2<Integer, Shipped<T>>> tuples(Iterator<Routed<T>> routed) {
        return mapped(routed, r -> new Tuple2<>(r.partition(), Shipped.of(r.value())));
    }

    /** The values of a shuffled partition's key-value pairs, unwrapped. */
    private static <T extends Serializable> Iterator<T> values(Iterator<Tuple2<Integer, Shipped<T>>> pairs) {
        return mapped(pairs, t -> t._2().get());
    }

    /** A task's results, each {@link Shipped}. */
    private static <T extends Serializable> Iterator<Shipped<T>> shipped(Iterator<T> results) {
        return mapped(results, Shipped::of);
    }

    /** {@code f} of each element of {@code in}, lazily. */
    private static <A, B> Iterator<B> mapped(Iterator<A> in, java.util.function.Function<A, B> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public B next() {
                return f.apply(in.next());
            }
        };
    }
}
