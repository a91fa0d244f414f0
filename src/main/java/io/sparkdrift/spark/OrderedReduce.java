package io.sparkdrift.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;

/**
 * A tree reduction whose merge order is fixed by partition index, not by which task finishes first.
 * Spark's {@code reduce}/{@code treeReduce} merge results as they arrive, so floating-point sums can
 * differ in the last bit from run to run; here every merge happens in index order, so the same
 * partitions always give the same bits (and local and cluster runs agree exactly).
 *
 * <p>Each level groups {@value #FAN_IN} consecutive results in one task; the driver merges the last
 * at most {@value #FAN_IN}. Memory: {@value #FAN_IN} states per task, never one per partition.
 */
final class OrderedReduce {
    static final int FAN_IN = 16;

    private OrderedReduce() {
    }

    /**
     * @param perPartition computes one state per partition (the per-task fold)
     * @param empty the identity, returned when there are no partitions
     */
    static <I, T extends Serializable> T reduce(JavaRDD<I> input, FlatMapFunction<Iterator<I>, T> perPartition,
            Function2<T, T, T> merge, T empty) throws Exception {
        int parts = input.getNumPartitions();
        if (parts == 0) {
            return empty;
        }
        JavaPairRDD<Integer, T> level = JavaPairRDD.fromJavaRDD(input.mapPartitionsWithIndex((i, it) -> {
            List<Tuple2<Integer, T>> out = new ArrayList<>();
            perPartition.call(it).forEachRemaining(t -> out.add(new Tuple2<>(i, t)));
            return out.iterator();
        }, true));
        while (parts > FAN_IN) {
            int next = (parts + FAN_IN - 1) / FAN_IN;
            level = level.mapToPair(t -> new Tuple2<>(t._1() / FAN_IN, t)).groupByKey(next)
                    .mapToPair(g -> new Tuple2<>(g._1(), mergeInOrder(g._2(), merge)));
            parts = next;
        }
        T result = mergeInOrder(level.collect(), merge);
        return result == null ? empty : result;
    }

    private static <T> T mergeInOrder(Iterable<Tuple2<Integer, T>> states, Function2<T, T, T> merge) throws Exception {
        List<Tuple2<Integer, T>> sorted = new ArrayList<>();
        states.forEach(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        T acc = null;
        for (Tuple2<Integer, T> t : sorted) {
            acc = acc == null ? t._2() : merge.call(acc, t._2());
        }
        return acc;
    }
}
