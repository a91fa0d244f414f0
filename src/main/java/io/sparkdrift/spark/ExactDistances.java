package io.sparkdrift.spark;

import io.sparkdrift.math.SortedRuns;
import io.sparkdrift.profile.BinLookup;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureSpec;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 *   <li>one scan per dataset (the same chunked scan as profiling) sends each finite value to the
 *       x-task of its fine bin ({@link ExactPlan}) in blocks ({@link ExactBlock}); for x-tasks
 *       holding a heavy bin the blocks are sorted and run-length encoded first, so equal values
 *       travel as one entry with a count;</li>
 *   <li>each x-task merges its blocks and sweeps its bins in value order: ∫|F − G| dx and
 *       sup |F − G| over its stretch, starting from the exact counts below it (from the profiles);
 *       and it cuts each sample's values into the u-slices of the quantile axis they occupy;</li>
 *   <li>each u-slice pairs the two quantile functions, W2² = ∫ (F⁻¹(u) − G⁻¹(u))² du, sweeping the
 *       pieces in u order (x-tasks are in value order, so their pieces arrive in u order).</li>
 * </ol>
 * No value reaches the driver and no task holds more than about {@link #TARGET_VALUES} values: a
 * fine bin with more distinct values than that (e.g. all current values above the reference maximum,
 * in the overflow bin) is first cut into sub-bins by {@link ExactRefine}, which costs one more scan
 * of each dataset per round, and only when such a bin exists. Ties are
 * exact by construction (equal values are one atom of both CDFs), as in SciPy. Partial sums are
 * combined in task order, so the same data gives the same bits.
 */
public final class ExactDistances {
    /** Values (run-length entries) per task, both samples together. */
    static final long TARGET_VALUES = 1L << 20;
    /** Values a scan task buffers before it sorts and sends them. */
    static final int FLUSH_VALUES = 1 << 21;

    /** Exact values for one feature; n, m are the finite-value counts. NaN when a side is empty. */
    public record Exact(double w1, double w2, double ks, long n, long m) implements Serializable {
    }

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
        Map<String, Exact> out = new HashMap<>();
        if (numeric.isEmpty()) {
            return out;
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
        long target = Math.min(maxTarget, Math.max(10_000, values / Math.max(1, 2L * sc.defaultParallelism())));
        ExactRefine.Refined refined = ExactRefine.refine(referenceData, currentData, numeric, binnings, ref, cur, target);
        ExactPlan plan = new ExactPlan(refined.binnings(), refined.ref(), refined.cur(), target);
        Broadcast<ExactPlan> b = sc.broadcast(plan);
        try {
            JavaPairRDD<Integer, ExactBlock> blocks = blocks(ScanInput.of(referenceData, numeric, List.of(), null), b, 0)
                    .union(blocks(ScanInput.of(currentData, numeric, List.of(), null), b, 1));
            List<double[]> parts = new ArrayList<>(blocks
                    .partitionBy(new IndexPartitioner(sortedShuffle(sc, plan.xPartitions()), 1))
                    .mapPartitionsWithIndex((p, it) -> ExactSweeps.xTask(b.value(), p, it), true)
                    .mapToPair(t -> t)
                    .partitionBy(new IndexPartitioner(sortedShuffle(sc, plan.uPartitions), 1))
                    .mapPartitions(it -> ExactPairing.uTask(b.value(), it))
                    .collect());
            // a fixed combination order: {kind, feature, task} ascending
            parts.sort((x, y) -> java.util.Arrays.compare(new double[] {x[0], x[1], x[2]}, new double[] {y[0], y[1], y[2]}));
            double[][] sums = new double[features][3];
            for (double[] r : parts) {
                int kind = (int) r[0];
                int f = (int) r[1];
                sums[f][kind] = kind == ExactSweeps.KS ? Math.max(sums[f][kind], r[3]) : sums[f][kind] + r[3];
            }
            for (int f = 0; f < features; f++) {
                boolean ok = plan.active(f);
                out.put(numeric.get(f).name(), new Exact(ok ? sums[f][ExactSweeps.W1] : Double.NaN,
                        ok ? Math.sqrt(sums[f][ExactSweeps.W2_SQUARED]) : Double.NaN, ok ? sums[f][ExactSweeps.KS] : Double.NaN,
                        plan.n(f), plan.m(f)));
            }
            return out;
        } finally {
            b.destroy();
        }
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

    private static <I> JavaPairRDD<Integer, ExactBlock> blocks(ScanInput<I> input, Broadcast<ExactPlan> plan, int side) {
        return JavaPairRDD.fromJavaRDD(input.rdd().mapPartitions(it -> new BlockIterator(input.chunks(it), plan.value(), side)));
    }

    /** Sends a scan task's finite values to their x-tasks in sorted blocks, flushing every {@link #FLUSH_VALUES}. */
    private static final class BlockIterator implements Iterator<Tuple2<Integer, ExactBlock>> {
        private final Iterator<ColumnChunk> chunks;
        private final ExactPlan plan;
        private final int side;
        /** buffers[f][p − first x-task of f] and their fill. */
        private final double[][][] buffers;
        private final int[][] sizes;
        private final java.util.ArrayDeque<Tuple2<Integer, ExactBlock>> ready = new java.util.ArrayDeque<>();
        private long buffered;
        private boolean done;

        BlockIterator(Iterator<ColumnChunk> chunks, ExactPlan plan, int side) {
            this.chunks = chunks;
            this.plan = plan;
            this.side = side;
            int features = plan.binnings.length;
            buffers = new double[features][][];
            sizes = new int[features][];
            for (int f = 0; f < features; f++) {
                int span = plan.active(f) ? plan.lastPartition(f) - plan.firstPartition(f) + 1 : 0;
                buffers[f] = new double[span][];
                sizes[f] = new int[span];
            }
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !done) {
                if (chunks.hasNext()) {
                    add(chunks.next());
                    if (buffered >= FLUSH_VALUES) {
                        flush();
                    }
                } else {
                    flush();
                    done = true;
                }
            }
            return !ready.isEmpty();
        }

        @Override
        public Tuple2<Integer, ExactBlock> next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return ready.poll();
        }

        private void add(ColumnChunk chunk) {
            for (int f = 0; f < chunk.values.length; f++) {
                if (!plan.active(f)) {
                    continue;
                }
                BinLookup tasks = plan.taskEdges[f] == null ? null : plan.taskEdges[f].lookup();
                double[][] buf = buffers[f];
                int[] size = sizes[f];
                double[] v = chunk.values[f];
                boolean[] isNull = chunk.nulls[f];
                int rows = chunk.size;
                for (int r = 0; r < rows; r++) {
                    double x = v[r];
                    if (isNull[r] || x - x != 0.0) { // null, NaN, ±∞: not part of the distances
                        continue;
                    }
                    int k = tasks == null ? 0 : tasks.bin(x);
                    double[] b = buf[k];
                    int s = size[k];
                    if (b == null || s == b.length) {
                        b = grow(f, k);
                    }
                    b[s] = x;
                    size[k] = s + 1;
                }
                buffered += rows;
            }
        }

        /** Room for more values in buffer k of feature f: first a share of a flush, then doubling. */
        private double[] grow(int f, int k) {
            double[] b = buffers[f][k];
            int share = FLUSH_VALUES / Math.max(1, buffers.length * buffers[f].length);
            b = b == null ? new double[Math.max(1024, share + (share >> 2))] : java.util.Arrays.copyOf(b, b.length * 2);
            buffers[f][k] = b;
            return b;
        }

        private void flush() {
            for (int f = 0; f < buffers.length; f++) {
                for (int k = 0; k < buffers[f].length; k++) {
                    int p = plan.firstPartition(f) + k;
                    if (sizes[f][k] > 0) {
                        ready.add(new Tuple2<>(p, plan.heavy[p]
                                ? ExactBlock.sorted(f, side, SortedRuns.of(buffers[f][k], sizes[f][k]))
                                : ExactBlock.raw(f, side, buffers[f][k], sizes[f][k])));
                    }
                    buffers[f][k] = null;
                    sizes[f][k] = 0;
                }
            }
            buffered = 0;
        }
    }
}
