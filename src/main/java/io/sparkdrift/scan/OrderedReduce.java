package io.sparkdrift.scan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * A tree reduction whose merge order is fixed by partition index, not by which task finishes first.
 * Spark's {@code reduce}/{@code treeReduce} merge results as they arrive, so floating-point sums can
 * differ in the last bit from run to run; here every merge happens in index order, so the same
 * partitions always give the same bits (and local and cluster runs agree exactly).
 *
 * <p>Each level sends up to {@value #FAN_IN} consecutive states to one task, which merges them in
 * index order as the shuffle's sort hands them over; the sort holds them in memory first, so for
 * wide states (thousands of features, tens of MB each) the fan-in shrinks to keep a task's states
 * within {@link #MERGE_BYTES}. The driver merges the last at most {@value #FAN_IN}: collected at
 * once when they are small together, or — for large states — first merged into one by one more
 * level, so the driver receives a single state. States travel {@link Shipped}, so any
 * {@code spark.serializer} will do.
 */
final class OrderedReduce {
    static final int FAN_IN = 16;
    /**
     * States one merging task may hold: the shuffle's sort keeps a task's incoming states in memory
     * (it checks whether to spill only every 32 records), so wide states get a smaller fan-in.
     */
    static final long MERGE_BYTES = 128L << 20;
    /** Above this estimated total size, the last states are merged in one task before the driver fetches them. */
    static final long LARGE_STATE_BYTES = 64L << 20;

    private OrderedReduce() {
    }

    /**
     * @param perPartition computes one state per partition (the per-task fold)
     * @param empty the identity, returned when there are no partitions
     * @param stateBytes an estimate of one state's size (to choose how the driver fetches them)
     */
    static <I, T extends Serializable> T reduce(JavaRDD<I> input, FlatMapFunction<Iterator<I>, T> perPartition,
            Function2<T, T, T> merge, T empty, long stateBytes) throws Exception {
        int parts = input.getNumPartitions();
        if (parts == 0) {
            return empty;
        }
        JavaPairRDD<Integer, Shipped<T>> level = JavaPairRDD.fromJavaRDD(input.mapPartitionsWithIndex((i, it) -> {
            List<Tuple2<Integer, Shipped<T>>> out = new ArrayList<>();
            perPartition.call(it).forEachRemaining(t -> out.add(new Tuple2<>(i, Shipped.of(t))));
            return out.iterator();
        }, true));
        return finish(level, parts, merge, empty, stateBytes);
    }

    /** The reduction's levels from {@code level} ({@code parts} states, tagged by their index) to one state. */
    private static <T extends Serializable> T finish(JavaPairRDD<Integer, Shipped<T>> level, int parts,
            Function2<T, T, T> merge, T empty, long stateBytes) throws Exception {
        int fanIn = fanIn(stateBytes);
        while (parts > fanIn) {
            int next = (parts + fanIn - 1) / fanIn;
            level = mergeLevel(level, next, fanIn, merge);
            parts = next;
        }
        if (parts > 1 && stateBytes * parts > LARGE_STATE_BYTES) {
            // large states: one more level merges the last ones in one task, so the driver receives one
            level = mergeLevel(level, 1, parts, merge);
        }
        List<Tuple2<Integer, Shipped<T>>> states = new ArrayList<>(level.collect());
        states.sort(Comparator.comparing(Tuple2::_1));
        T result = mergeInOrder(states.iterator(), merge, 0).next()._2().get();
        return result == null ? empty : result;
    }

    /** A task's state on its way to its first-level merge inside another shuffle ({@link #reduceGroups}). */
    record IndexedState(int index, Serializable state) implements Serializable {
    }

    /** The first-level group (0, 1, …) of task {@code index}'s state: what {@link #reduce}'s first level would merge it in. */
    static int group(int index, long stateBytes) {
        return index / fanIn(stateBytes);
    }

    /** First-level groups of {@code tasks} states. */
    static int groups(int tasks, long stateBytes) {
        return (tasks + fanIn(stateBytes) - 1) / fanIn(stateBytes);
    }

    /**
     * Finishes a reduction whose first level travelled in another shuffle: partition g of
     * {@code groups} holds the {@link IndexedState}s of group g ({@link #group}), in any order. Each
     * group is merged in index order, then the levels go on as {@link #reduce}'s — the same merges in
     * the same order as {@link #reduce} over the same tasks' states, so the same bits.
     */
    @SuppressWarnings("unchecked")
    static <T extends Serializable> T reduceGroups(JavaRDD<Tuple2<Integer, Shipped<Serializable>>> groups, int count,
            Function2<T, T, T> merge, T empty, long stateBytes) throws Exception {
        if (count == 0) {
            return empty;
        }
        JavaPairRDD<Integer, Shipped<T>> level = JavaPairRDD.fromJavaRDD(groups.mapPartitionsWithIndex((g, records) -> {
            List<Tuple2<Integer, Shipped<T>>> states = new ArrayList<>();
            records.forEachRemaining(r -> {
                IndexedState s = (IndexedState) r._2().get();
                states.add(new Tuple2<>(s.index(), Shipped.of((T) s.state())));
            });
            states.sort(Comparator.comparing(Tuple2::_1));
            return mergeInOrder(states.iterator(), merge, g);
        }, true));
        return finish(level, count, merge, empty, stateBytes);
    }

    /** States merged per task: {@value #FAN_IN}, fewer when that many would exceed {@link #MERGE_BYTES}; at least 2. */
    static int fanIn(long stateBytes) {
        return (int) Math.max(2, Math.min(FAN_IN, MERGE_BYTES / Math.max(1, stateBytes)));
    }

    /** One level: the states with indices [g·fanIn, (g+1)·fanIn) merged in index order into state g. */
    private static <T extends Serializable> JavaPairRDD<Integer, Shipped<T>> mergeLevel(JavaPairRDD<Integer, Shipped<T>> level,
            int partitions, int fanIn, Function2<T, T, T> merge) {
        return level.repartitionAndSortWithinPartitions(new IndexPartitioner(partitions, fanIn))
                .mapPartitionsWithIndex((g, states) -> mergeInOrder(states, merge, g), true)
                .mapToPair(t -> t);
    }

    /** Merges states given in ascending index order into one, tagged {@code index} (state null if none). */
    private static <T extends Serializable> Iterator<Tuple2<Integer, Shipped<T>>> mergeInOrder(
            Iterator<Tuple2<Integer, Shipped<T>>> states, Function2<T, T, T> merge, int index) throws Exception {
        T acc = null;
        int last = Integer.MIN_VALUE;
        while (states.hasNext()) {
            Tuple2<Integer, Shipped<T>> t = states.next();
            if (t._1() < last) {
                throw new IllegalStateException("states out of order: " + t._1() + " after " + last);
            }
            last = t._1();
            acc = acc == null ? t._2().get() : merge.call(acc, t._2().get());
        }
        List<Tuple2<Integer, Shipped<T>>> out = new ArrayList<>();
        out.add(new Tuple2<>(index, Shipped.of(acc)));
        return out.iterator();
    }
}
