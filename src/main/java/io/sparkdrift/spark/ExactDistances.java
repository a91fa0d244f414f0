package io.sparkdrift.spark;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import io.sparkdrift.profile.FeatureSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Exact Wasserstein-1, Wasserstein-2 and two-sample KS statistic of every numeric feature, computed
 * on the cluster (the {@code --exact} mode). No value reaches the driver and no task holds all values
 * of a feature:
 * <ol>
 *   <li>one scan per dataset turns the rows into (feature, value) pairs (finite values only) and
 *       aggregates equal values to counts, so a value held by 90 % of the rows is one record;</li>
 *   <li>the (feature, value, reference count, current count) records are range-partitioned and
 *       sorted by (feature, value) in one shuffle for all features;</li>
 *   <li>per-partition totals (a few numbers per feature and partition) give every partition the
 *       cumulative counts before it; one more pass then integrates |F − G| and takes sup |F − G|;</li>
 *   <li>W2: in 1-D it is the L2 distance between the quantile functions, W2² = ∫₀¹ (F⁻¹(u) − G⁻¹(u))² du.
 *       Each distinct value owns an interval of u of each sample; the intervals are cut at
 *       {@value #U_BUCKETS} fixed u-buckets per feature, shuffled sorted by (bucket, u), and each
 *       bucket is swept in u order with constant memory.</li>
 * </ol>
 * Ties are exact by construction (equal values are one atom of both CDFs), as in SciPy.
 */
public final class ExactDistances {
    /** u-buckets per feature for the W2 pairing. */
    static final int U_BUCKETS = 256;

    /** Exact values for one feature; n, m are the finite-value counts. NaN when a side is empty. */
    public record Exact(double w1, double w2, double ks, long n, long m) implements Serializable {
    }

    private ExactDistances() {
    }

    public static Map<String, Exact> compute(Dataset<Row> reference, Dataset<Row> current, List<FeatureSpec> numeric) {
        Map<String, Exact> out = new HashMap<>();
        if (numeric.isEmpty()) {
            return out;
        }
        int partitions = Math.max(1, reference.sparkSession().sparkContext().defaultParallelism() * 4);
        Dataset<Row> counts = longFormat(reference, numeric, 1, 0).unionAll(longFormat(current, numeric, 0, 1))
                .groupBy("f", "v").agg(sum("r").as("r"), sum("c").as("c"))
                .repartitionByRange(partitions, col("f"), col("v")).sortWithinPartitions("f", "v");
        JavaRDD<Row> sorted = counts.javaRDD().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<Integer, Map<Integer, long[]>> totals = new HashMap<>();
            Map<Integer, Map<Integer, Double>> lastValues = new HashMap<>();
            for (PartStats s : sorted.mapPartitionsWithIndex(ExactDistances::partStats, true).collect()) {
                totals.computeIfAbsent(s.partition, k -> new HashMap<>()).put(s.feature, new long[] {s.ref, s.cur});
                lastValues.computeIfAbsent(s.partition, k -> new HashMap<>()).put(s.feature, s.last);
            }
            int parts = sorted.getNumPartitions();
            long[][] n = new long[numeric.size()][2];
            Map<Integer, Map<Integer, Offset>> offsets = new HashMap<>();
            double[] prevValue = new double[numeric.size()];
            java.util.Arrays.fill(prevValue, Double.NaN);
            for (int p = 0; p < parts; p++) {
                Map<Integer, Offset> here = new HashMap<>();
                for (Map.Entry<Integer, long[]> e : totals.getOrDefault(p, Map.of()).entrySet()) {
                    int f = e.getKey();
                    here.put(f, new Offset(n[f][0], n[f][1], prevValue[f]));
                    n[f][0] += e.getValue()[0];
                    n[f][1] += e.getValue()[1];
                    prevValue[f] = lastValues.get(p).get(f);
                }
                offsets.put(p, here);
            }
            Broadcast<Map<Integer, Map<Integer, Offset>>> b = sorted.context().broadcast(offsets,
                    scala.reflect.ClassTag$.MODULE$.apply(Map.class));
            long[][] totalsByFeature = n;
            double[][] w1ks = new double[numeric.size()][2];
            for (double[] r : sorted.mapPartitionsWithIndex((p, rows) -> sweep(p, rows, b.value(), totalsByFeature), true).collect()) {
                int f = (int) r[0];
                w1ks[f][0] += r[1];
                w1ks[f][1] = Math.max(w1ks[f][1], r[2]);
            }
            double[] w2sq = new double[numeric.size()];
            JavaPairRDD<UPoint, double[]> intervals = JavaPairRDD.fromJavaRDD(sorted.mapPartitionsWithIndex(
                    (p, rows) -> intervals(p, rows, b.value(), totalsByFeature), true));
            List<Tuple2<Long, Double>> buckets = new ArrayList<>(intervals
                    .repartitionAndSortWithinPartitions(new BucketPartitioner(partitions))
                    .mapPartitions(ExactDistances::sweepBuckets).collect());
            buckets.sort(java.util.Comparator.comparing(Tuple2::_1)); // a fixed summation order: same bits every run
            for (Tuple2<Long, Double> t : buckets) {
                w2sq[(int) (t._1() / U_BUCKETS)] += t._2();
            }
            b.destroy();
            for (int f = 0; f < numeric.size(); f++) {
                boolean empty = n[f][0] == 0 || n[f][1] == 0;
                out.put(numeric.get(f).name(), new Exact(empty ? Double.NaN : w1ks[f][0], empty ? Double.NaN : Math.sqrt(w2sq[f]),
                        empty ? Double.NaN : w1ks[f][1], n[f][0], n[f][1]));
            }
            return out;
        } finally {
            sorted.unpersist(false);
        }
    }

    /** (f, v, r, c) for every finite value of every numeric feature: one scan of the dataset. */
    private static Dataset<Row> longFormat(Dataset<Row> df, List<FeatureSpec> numeric, int r, int c) {
        List<Column> pairs = new ArrayList<>();
        for (int i = 0; i < numeric.size(); i++) {
            pairs.add(struct(lit(i).as("f"), col(ScanColumns.quote(numeric.get(i).name())).cast("double").as("v")));
        }
        return df.select(explode(array(pairs.toArray(new Column[0]))).as("e"))
                .select(col("e.f").as("f"), col("e.v").as("v"), lit((long) r).as("r"), lit((long) c).as("c"))
                .where(col("v").isNotNull().and(isnan(col("v")).unary_$bang()).and(abs(col("v")).notEqual(Double.POSITIVE_INFINITY)));
    }

    private record PartStats(int partition, int feature, long ref, long cur, double last) implements Serializable {
    }

    /** Where a partition starts, per feature: counts before it and the last value before it (NaN if none). */
    private record Offset(long ref, long cur, double prev) implements Serializable {
    }

    private static Iterator<PartStats> partStats(int p, Iterator<Row> rows) {
        Map<Integer, long[]> counts = new HashMap<>();
        Map<Integer, Double> last = new HashMap<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            int f = r.getInt(0);
            long[] c = counts.computeIfAbsent(f, k -> new long[2]);
            c[0] += r.getLong(2);
            c[1] += r.getLong(3);
            last.put(f, r.getDouble(1));
        }
        List<PartStats> out = new ArrayList<>();
        counts.forEach((f, c) -> out.add(new PartStats(p, f, c[0], c[1], last.get(f))));
        return out.iterator();
    }

    /** Per feature in this partition: {feature, ∫|F − G| over this partition's stretch, sup |F − G|}. */
    private static Iterator<double[]> sweep(int p, Iterator<Row> rows, Map<Integer, Map<Integer, Offset>> offsets, long[][] n) {
        Map<Integer, double[]> state = new HashMap<>(); // feature -> {cumRef, cumCur, prev, area, sup}
        while (rows.hasNext()) {
            Row r = rows.next();
            int f = r.getInt(0);
            double v = r.getDouble(1);
            double[] s = state.computeIfAbsent(f, k -> {
                Offset o = offsets.get(p).get(k);
                return new double[] {o.ref(), o.cur(), o.prev(), 0, 0};
            });
            double nf = n[f][0];
            double mf = n[f][1];
            if (!Double.isNaN(s[2]) && nf > 0 && mf > 0) {
                s[3] += Math.abs(s[0] / nf - s[1] / mf) * (v - s[2]);
            }
            s[0] += r.getLong(2);
            s[1] += r.getLong(3);
            if (nf > 0 && mf > 0) {
                s[4] = Math.max(s[4], Math.abs(s[0] / nf - s[1] / mf));
            }
            s[2] = v;
        }
        List<double[]> out = new ArrayList<>();
        state.forEach((f, s) -> out.add(new double[] {f, s[3], s[4]}));
        return out.iterator();
    }

    /**
     * The u-interval each distinct value owns in each sample, cut at the u-bucket boundaries and keyed
     * by (feature, bucket): {side (0 reference, 1 current), u from, u to, value}. Streams: one row's
     * pieces at a time.
     */
    private static Iterator<Tuple2<UPoint, double[]>> intervals(int p, Iterator<Row> rows,
            Map<Integer, Map<Integer, Offset>> offsets, long[][] n) {
        Map<Integer, long[]> cum = new HashMap<>();
        return new Iterator<>() {
            private final java.util.ArrayDeque<Tuple2<UPoint, double[]>> pending = new java.util.ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && rows.hasNext()) {
                    Row r = rows.next();
                    int f = r.getInt(0);
                    double v = r.getDouble(1);
                    long[] c = cum.computeIfAbsent(f, k -> {
                        Offset o = offsets.get(p).get(k);
                        return new long[] {o.ref(), o.cur()};
                    });
                    for (int side = 0; side < 2; side++) {
                        long add = r.getLong(2 + side);
                        long total = n[f][side];
                        if (add > 0 && total > 0) {
                            cut(pending, f, side, (double) c[side] / total, (double) (c[side] + add) / total, v);
                        }
                        c[side] += add;
                    }
                }
                return !pending.isEmpty();
            }

            @Override
            public Tuple2<UPoint, double[]> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return pending.poll();
            }
        };
    }

    private static void cut(java.util.Collection<Tuple2<UPoint, double[]>> pieces, int f, int side, double lo, double hi, double v) {
        int first = (int) Math.min(U_BUCKETS - 1, Math.floor(lo * U_BUCKETS));
        int last = (int) Math.min(U_BUCKETS - 1, Math.floor(Math.nextDown(hi) * U_BUCKETS));
        for (int k = first; k <= last; k++) {
            double a = Math.max(lo, (double) k / U_BUCKETS);
            double b = Math.min(hi, (double) (k + 1) / U_BUCKETS);
            if (b > a) {
                pieces.add(new Tuple2<>(new UPoint((long) f * U_BUCKETS + k, a, side), new double[] {side, v}));
            }
        }
    }

    /** Where a piece of a u-interval starts: its (feature, bucket) and its start u; side breaks ties. */
    record UPoint(long bucket, double u, int side) implements Comparable<UPoint>, Serializable {
        @Override
        public int compareTo(UPoint o) {
            int c = Long.compare(bucket, o.bucket);
            if (c == 0) {
                c = Double.compare(u, o.u);
            }
            return c != 0 ? c : Integer.compare(side, o.side);
        }
    }

    /** Sends every piece of one (feature, bucket) to the same partition. */
    static final class BucketPartitioner extends org.apache.spark.Partitioner {
        private final int partitions;

        BucketPartitioner(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (int) Math.floorMod(((UPoint) key).bucket() * 0x9E3779B97F4A7C15L >>> 17, (long) partitions);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BucketPartitioner b && b.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /**
     * Σ (x − y)² · |I ∩ J| over each (feature, bucket), streaming over its pieces in u order: both
     * samples' pieces tile the bucket, so between consecutive starts both current values are known.
     * Memory: O(1) per bucket.
     */
    private static Iterator<Tuple2<Long, Double>> sweepBuckets(Iterator<Tuple2<UPoint, double[]>> pieces) {
        List<Tuple2<Long, Double>> out = new ArrayList<>();
        long bucket = Long.MIN_VALUE;
        double total = 0;
        double last = 0;
        double[] current = new double[2];
        boolean[] seen = new boolean[2];
        while (pieces.hasNext()) {
            Tuple2<UPoint, double[]> t = pieces.next();
            UPoint p = t._1();
            if (p.bucket() != bucket) {
                if (bucket != Long.MIN_VALUE) {
                    out.add(new Tuple2<>(bucket, total + closing(bucket, last, current, seen)));
                }
                bucket = p.bucket();
                total = 0;
                last = p.u();
                seen[0] = false;
                seen[1] = false;
            }
            if (seen[0] && seen[1]) {
                double d = current[0] - current[1];
                total += d * d * (p.u() - last);
            }
            last = seen[0] && seen[1] ? p.u() : Math.max(last, p.u());
            current[p.side()] = t._2()[1];
            seen[p.side()] = true;
        }
        if (bucket != Long.MIN_VALUE) {
            out.add(new Tuple2<>(bucket, total + closing(bucket, last, current, seen)));
        }
        return out.iterator();
    }

    /** The last stretch of a bucket, from the last start to the bucket's end. */
    private static double closing(long bucket, double last, double[] current, boolean[] seen) {
        if (!(seen[0] && seen[1])) {
            return 0;
        }
        double end = (double) (bucket % U_BUCKETS + 1) / U_BUCKETS;
        double d = current[0] - current[1];
        return d * d * Math.max(0, end - last);
    }
}
