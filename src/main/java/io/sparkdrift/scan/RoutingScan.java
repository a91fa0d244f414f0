package io.sparkdrift.scan;

import io.sparkdrift.profile.CategoricalBinning;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.ProfileAccumulator;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * The profiling pass over one dataset on fixed binnings whose tasks also send records into a
 * shuffle: each task folds its chunks as {@link ProfileScan#profile} does and hands every numeric
 * column, with the bins the fold found, to a {@link ChunkRouter}; the router's records take the
 * shuffle's partitions below {@code routed}, and each task's profile state goes past them, to the
 * partition of its first merge level ({@link OrderedReduce#group}). So one read of the data gives
 * both the profile and the routed values (exact mode routes the current data's values this way).
 *
 * <p>Use: {@link #records} into a shuffle of {@code routed + }{@link #statePartitions} partitions by
 * key; {@link #profile} on the shuffled records runs one job over the state partitions only (the
 * map side runs then, once; later jobs over the routed partitions reuse its output). The profile has
 * the bits of {@link ProfileScan#profile} over the same data: the same states merged in the same order.
 */
public final class RoutingScan {
    private final ScanInput<?> input;
    private final ProfileScan.Binnings binnings;
    private final int routed;

    /** A scan of {@code df}'s features on these binnings, its records routed below partition {@code routed}. */
    public RoutingScan(Dataset<Row> df, List<FeatureSpec> numeric, List<FeatureSpec> categorical,
            Map<String, NumericBinning> numericBins, Map<String, CategoricalBinning> categoricalBins, int routed) {
        this.input = ScanInput.of(df, numeric, categorical, null);
        this.binnings = new ProfileScan.Binnings(df.sparkSession(), numericBins, categoricalBins);
        this.routed = routed;
    }

    /** Partitions past the routed ones that the tasks' states go to. */
    public int statePartitions() {
        return OrderedReduce.groups(input.rdd().getNumPartitions(), binnings.stateBytes());
    }

    /** The map side: each task's routed records, then its state. */
    public JavaPairRDD<Integer, Shipped<Serializable>> records(ChunkRouter.Factory routers) {
        return records(input, binnings, routed, routers);
    }

    private static <I> JavaPairRDD<Integer, Shipped<Serializable>> records(ScanInput<I> input, ProfileScan.Binnings binnings,
            int routed, ChunkRouter.Factory routers) {
        long stateBytes = binnings.stateBytes();
        return JavaPairRDD.fromJavaRDD(input.rdd().mapPartitionsWithIndex((index, it) -> {
            Iterator<ColumnChunk> chunks = input.chunks(it);
            ProfileScan.ChunkFolder folder = new ProfileScan.ChunkFolder(binnings);
            ChunkRouter router = routers.create();
            return new Iterator<Tuple2<Integer, Shipped<Serializable>>>() {
                private Tuple2<Integer, Serializable> next;
                private boolean flushed;
                private boolean stateSent;

                @Override
                public boolean hasNext() {
                    while (next == null && (next = router.poll()) == null && !flushed) {
                        if (chunks.hasNext()) {
                            folder.fold(chunks.next(), router);
                        } else {
                            router.flush();
                            flushed = true;
                        }
                    }
                    if (next == null && !stateSent) {
                        stateSent = true;
                        next = new Tuple2<>(routed + OrderedReduce.group(index, stateBytes),
                                new OrderedReduce.IndexedState(index, folder.acc));
                    }
                    return next != null;
                }

                @Override
                public Tuple2<Integer, Shipped<Serializable>> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Tuple2<Integer, Serializable> r = next;
                    next = null;
                    return new Tuple2<>(r._1(), Shipped.of(r._2()));
                }
            };
        }, true));
    }

    /** The profile, from the state partitions of the records shuffled by key (one job; runs the map side if not yet run). */
    public DatasetProfile profile(JavaPairRDD<Integer, Shipped<Serializable>> shuffled) {
        JavaRDD<Tuple2<Integer, Shipped<Serializable>>> states = JavaRDD.fromRDD(
                partitions(shuffled, routed, routed + statePartitions()).rdd(), ClassTag$.MODULE$.apply(Tuple2.class));
        try {
            return OrderedReduce.reduceGroups(states, statePartitions(), ProfileAccumulator::merge, binnings.empty(),
                    binnings.stateBytes()).snapshot();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The partitions [from, to) of {@code rdd} alone, as an RDD whose partition i is {@code from + i}
     * of it: a job over it computes no other partition of {@code rdd}.
     */
    public static <K, V> JavaPairRDD<K, V> partitions(JavaPairRDD<K, V> rdd, int from, int to) {
        PartitionPruningRDD<Tuple2<K, V>> pruned = PartitionPruningRDD.create(rdd.rdd(), new InRange(from, to));
        return new JavaPairRDD<>(pruned, ClassTag$.MODULE$.apply(Object.class), ClassTag$.MODULE$.apply(Object.class));
    }

    /** Partition filter of {@link #partitions} (a Scala function, serializable). */
    private static final class InRange extends scala.runtime.AbstractFunction1<Object, Object> implements Serializable {
        private final int from;
        private final int to;

        InRange(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public Object apply(Object index) {
            int i = (Integer) index;
            return i >= from && i < to;
        }
    }
}
