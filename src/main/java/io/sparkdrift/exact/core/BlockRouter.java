package io.sparkdrift.exact.core;

import io.sparkdrift.math.SortedRuns;
import io.sparkdrift.profile.BinLookup;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A scan task's side of the exact computation: buffers each finite value under the x-task of its
 * fine bin and hands the buffers out as {@link ExactBlock}s every {@link #FLUSH_VALUES} values and
 * at the end (sorted and run-length encoded for the x-tasks the plan marks heavy, so a value held by
 * most rows travels as one entry per scan task). Nulls, NaN and ±∞ are not part of the distances
 * and are dropped here. Mutable, one per scan task.
 */
public final class BlockRouter {
    /** Values a scan task buffers before it sorts and sends them. */
    public static final int FLUSH_VALUES = 1 << 21;

    private final ExactPlan plan;
    private final int side;
    /** The plan's index of the chunks' first column: columns j are features first + j. */
    private final int first;
    private final int count;
    /** buffers[f][p − first x-task of f] and their fill. */
    private final double[][][] buffers;
    private final int[][] sizes;
    private final ArrayDeque<Routed<ExactBlock>> ready = new ArrayDeque<>();
    private long buffered;

    /**
     * A router of every feature of the plan, the chunks' columns in plan order.
     *
     * @param side 0 for the reference, 1 for the current data
     */
    public BlockRouter(ExactPlan plan, int side) {
        this(plan, side, 0, plan.binnings.length);
    }

    /**
     * A router of the plan's features {@code first} .. {@code first + count − 1}, which the chunks
     * hold as their columns 0 .. count − 1 (a scan of some of the features: {@code ExactDistances}
     * routes a wide table's features in groups).
     *
     * @param side 0 for the reference, 1 for the current data
     */
    public BlockRouter(ExactPlan plan, int side, int first, int count) {
        this.plan = plan;
        this.side = side;
        this.first = first;
        this.count = count;
        int features = plan.binnings.length;
        buffers = new double[features][][];
        sizes = new int[features][];
        for (int f = 0; f < features; f++) {
            boolean routed = f >= first && f < first + count && plan.active(f);
            int span = routed ? plan.lastPartition(f) - plan.firstPartition(f) + 1 : 0;
            buffers[f] = new double[span][];
            sizes[f] = new int[span];
        }
    }

    /**
     * Adds {@code rows} rows of the router's features: {@code values[j][r]} of feature first + j, null where
     * {@code nulls[j][r]}.
     * Flushes when {@link #FLUSH_VALUES} values are buffered.
     */
    public void add(double[][] values, boolean[][] nulls, int rows) {
        for (int j = 0; j < values.length; j++) {
            int f = first + j;
            if (!plan.active(f)) {
                continue;
            }
            BinLookup tasks = plan.taskEdges[f] == null ? null : plan.taskEdges[f].lookup();
            double[][] buf = buffers[f];
            int[] size = sizes[f];
            double[] v = values[j];
            boolean[] isNull = nulls[j];
            for (int r = 0; r < rows; r++) {
                double x = v[r];
                if (isNull[r] || x - x != 0.0) { // null, NaN, ±∞: not part of the distances
                    continue;
                }
                put(f, tasks == null ? 0 : tasks.bin(x), x, buf, size);
            }
            buffered += rows;
        }
        if (buffered >= FLUSH_VALUES) {
            flush();
        }
    }

    /**
     * Adds {@code rows} values of column j (feature first + j) whose fine bins the caller has found
     * (−1: null, NaN, ±∞, not routed): each goes to the x-task of its bin, with no lookup here (the
     * profiling fold found the bins; exact mode routes the current data as it profiles it). Flushes
     * when {@link #FLUSH_VALUES} values are buffered.
     */
    public void addBinned(int j, double[] values, int[] bins, int rows) {
        int f = first + j;
        if (plan.active(f)) {
            int[] task = plan.partitionOfBin[f];
            int base = plan.firstPartition(f);
            double[][] buf = buffers[f];
            int[] size = sizes[f];
            for (int r = 0; r < rows; r++) {
                int bin = bins[r];
                if (bin < 0) {
                    continue;
                }
                put(f, task[bin] - base, values[r], buf, size);
            }
        }
        buffered += rows;
        if (buffered >= FLUSH_VALUES) {
            flush();
        }
    }

    /** The next block ready to be sent, or null. */
    public Routed<ExactBlock> poll() {
        return ready.poll();
    }

    /**
     * Turns every buffer into a block (call at the end of the task, then {@link #poll} until null).
     * Blocks copy what they hold, so the buffers are kept for the next values: a task of 200M values
     * would otherwise allocate a flush's worth of new buffers a hundred times.
     */
    public void flush() {
        for (int f = 0; f < buffers.length; f++) {
            for (int k = 0; k < buffers[f].length; k++) {
                int p = plan.firstPartition(f) + k;
                if (sizes[f][k] > 0) {
                    ready.add(new Routed<>(p, plan.heavy[p]
                            ? ExactBlock.sorted(f, side, SortedRuns.of(buffers[f][k], sizes[f][k]))
                            : ExactBlock.raw(f, side, buffers[f][k], sizes[f][k])));
                }
                sizes[f][k] = 0;
            }
        }
        buffered = 0;
    }

    /** Appends x to buffer k of feature f ({@code buf} and {@code size} are the feature's). */
    private void put(int f, int k, double x, double[][] buf, int[] size) {
        double[] b = buf[k];
        int s = size[k];
        if (b == null || s == b.length) {
            b = grow(f, k);
        }
        b[s] = x;
        size[k] = s + 1;
    }

    /** Room for more values in buffer k of feature f: first a share of a flush, then doubling. */
    private double[] grow(int f, int k) {
        double[] b = buffers[f][k];
        int share = FLUSH_VALUES / Math.max(1, count * buffers[f].length);
        b = b == null ? new double[Math.max(1024, share + (share >> 2))] : Arrays.copyOf(b, b.length * 2);
        buffers[f][k] = b;
        return b;
    }
}
