package io.sparkdrift.exact.core;

import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How the exact computation splits the work, decided on the driver from the two profiles alone (the
 * exact count of every fine bin on both sides), so no sampling pass is needed:
 * <ul>
 *   <li>x-tasks: each takes a run of consecutive fine bins of one or more features, sized by the
 *       values it will receive (a bin whose values are all one number on each side weighs almost
 *       nothing: it arrives as a few run-length entries). The counts before a bin are known, so every
 *       x-task knows where F and G start.</li>
 *   <li>u-slices: each feature's quantile axis [0, 1) is cut into equal slices, each sized like an
 *       x-task, for the W2 pairing.</li>
 * </ul>
 */
public final class ExactPlan implements Serializable {
    final NumericBinning[] binnings;
    /** refBefore[f][b], curBefore[f][b]: finite values in the bins below b (length bins + 1). */
    final long[][] refBefore;
    final long[][] curBefore;
    /** partitionOfBin[f][b]: the x-task of fine bin b of feature f (-1 for inactive features). */
    final int[][] partitionOfBin;
    /** ranges[p]: {feature, first bin, last bin} triples of x-task p, in feature and bin order. */
    final int[][] ranges;
    /**
     * taskEdges[f]: the lower edges of the first bins of feature f's x-tasks after its first, so
     * that the number of them ≤ x is x's task relative to {@link #firstPartition} (null: one task).
     * A lookup over a dozen edges instead of the feature's thousand.
     */
    final NumericBinning[] taskEdges;
    /**
     * heavy[p]: x-task p would receive more values than a task should if they travelled one by one —
     * a bin of a value held by many rows, a crowded bin, or many bins of one value each (an integer
     * column of a hundred values, each weighed as an entry or two): its blocks travel sorted and
     * run-length encoded.
     */
    final boolean[] heavy;
    final int[] sliceBase;
    final int[] slices;
    /**
     * units[f]: the power of two feature f's sweeps and pairings measure in, 2^e for the largest
     * magnitude of a finite value on either side, 2^e ≤ it &lt; 2^(e+1) (1 without finite values):
     * the values are below 2 units, so differences and their squares neither overflow for values
     * near ±1.8e308 nor fall below the smallest double for values near 1e−300. Scaling by a power of
     * two is exact, so elsewhere the bits are those of feature units.
     */
    final double[] units;
    /** Number of u-slice tasks (reduce partitions of the second shuffle). */
    public final int uPartitions;
    /** left[f]: feature f is left out of this plan (its distances are computed elsewhere); null: none is. */
    private final boolean[] left;

    public ExactPlan(NumericBinning[] binnings, NumericProfile[] ref, NumericProfile[] cur, long target) {
        int features = binnings.length;
        this.binnings = binnings;
        left = null;
        refBefore = new long[features][];
        curBefore = new long[features][];
        partitionOfBin = new int[features][];
        sliceBase = new int[features];
        slices = new int[features];
        List<List<Integer>> parts = new ArrayList<>();
        long load = 0;
        int slicesSoFar = 0;
        for (int f = 0; f < features; f++) {
            BinnedSample r = ref[f].sample();
            BinnedSample c = cur[f].sample();
            int bins = r.binCount();
            refBefore[f] = before(r.counts());
            curBefore[f] = before(c.counts());
            partitionOfBin[f] = new int[bins];
            java.util.Arrays.fill(partitionOfBin[f], -1);
            if (!active(f)) {
                continue;
            }
            for (int b = 0; b < bins; b++) {
                long weight = singleValued(r, b) && singleValued(c, b) ? 2 : r.count(b) + c.count(b);
                if (parts.isEmpty() || (load > 0 && load + weight > target)) {
                    parts.add(new ArrayList<>());
                    load = 0;
                }
                List<Integer> part = parts.get(parts.size() - 1);
                int p = parts.size() - 1;
                if (part.isEmpty() || part.get(part.size() - 3) != f) {
                    part.add(f);
                    part.add(b);
                    part.add(b);
                } else {
                    part.set(part.size() - 1, b);
                }
                partitionOfBin[f][b] = p;
                load += weight;
            }
            slicesSoFar = slice(f, target, slicesSoFar);
        }
        ranges = new int[parts.size()][];
        heavy = new boolean[Math.max(1, parts.size())];
        long[] raw = new long[heavy.length]; // the values each task would receive one by one
        for (int f = 0; f < features; f++) {
            for (int b = 0; b < partitionOfBin[f].length; b++) {
                int p = partitionOfBin[f][b];
                if (p >= 0) {
                    raw[p] += ref[f].sample().count(b) + cur[f].sample().count(b);
                    heavy[p] |= raw[p] > target;
                }
            }
        }
        for (int p = 0; p < ranges.length; p++) {
            ranges[p] = parts.get(p).stream().mapToInt(Integer::intValue).toArray();
        }
        taskEdges = new NumericBinning[features];
        for (int f = 0; f < features; f++) {
            double[] edges = binnings[f].edges();
            double[] starts = new double[partitionOfBin[f].length];
            int k = 0;
            for (int b = 1; b < partitionOfBin[f].length; b++) {
                if (partitionOfBin[f][b] != partitionOfBin[f][b - 1]) {
                    starts[k++] = edges[b - 1];
                }
            }
            taskEdges[f] = k == 0 ? null : NumericBinning.of(java.util.Arrays.copyOf(starts, k));
        }
        uPartitions = Math.max(1, slicesSoFar);
        units = units(ref, cur);
    }

    /** Per feature, the unit of {@link #units}. */
    private static double[] units(NumericProfile[] ref, NumericProfile[] cur) {
        double[] out = new double[ref.length];
        for (int f = 0; f < out.length; f++) {
            double most = 0;
            for (BinnedSample s : new BinnedSample[] {ref[f].sample(), cur[f].sample()}) {
                if (s.total() > 0) {
                    most = Math.max(most, Math.max(Math.abs(s.min()), Math.abs(s.max())));
                }
            }
            out[f] = most > 0 ? Math.scalb(1.0, Math.getExponent(most)) : 1.0;
        }
        return out;
    }

    /** The unit feature f is measured in (see {@link #units}). */
    public double unit(int f) {
        return units[f];
    }

    /**
     * The plan of a routing decided before the current data was profiled ({@code routing}: planned on
     * the reference alone, which the current data's values were routed by as they were profiled),
     * with both samples' exact counts: the same x-tasks, bins and routing, the counts before each bin
     * and the u-slices of both samples. Features without finite values on either side are left out,
     * and so are those {@code leave} marks (their values were routed, but the plan's tasks ignore
     * them). An x-task may receive more than {@code target} values here (the current data moved into
     * its bins): see {@link #taskLoads}.
     */
    public ExactPlan(ExactPlan routing, NumericProfile[] ref, NumericProfile[] cur, long target, boolean[] leave) {
        int features = routing.binnings.length;
        binnings = routing.binnings;
        left = leave.clone();
        refBefore = new long[features][];
        curBefore = new long[features][];
        sliceBase = new int[features];
        slices = new int[features];
        taskEdges = routing.taskEdges;
        heavy = routing.heavy;
        for (int f = 0; f < features; f++) {
            refBefore[f] = before(ref[f].sample().counts());
            curBefore[f] = before(cur[f].sample().counts());
        }
        partitionOfBin = new int[features][];
        int slicesSoFar = 0;
        for (int f = 0; f < features; f++) {
            partitionOfBin[f] = routing.partitionOfBin[f].clone();
            if (active(f)) {
                slicesSoFar = slice(f, target, slicesSoFar);
            } else {
                java.util.Arrays.fill(partitionOfBin[f], -1);
            }
        }
        ranges = new int[routing.ranges.length][];
        for (int p = 0; p < ranges.length; p++) {
            int[] r = routing.ranges[p];
            int kept = 0;
            int[] out = new int[r.length];
            for (int i = 0; i < r.length; i += 3) {
                if (active(r[i])) {
                    System.arraycopy(r, i, out, kept, 3);
                    kept += 3;
                }
            }
            ranges[p] = java.util.Arrays.copyOf(out, kept);
        }
        uPartitions = Math.max(1, slicesSoFar);
        units = units(ref, cur);
    }

    /** Cuts feature f's quantile axis into u-slices of about {@code target} values, numbered from {@code base}; returns the next base. */
    private int slice(int f, long target, int base) {
        long values = n(f) + m(f);
        slices[f] = (int) Math.max(1, Math.min(1 << 16, (values + target - 1) / target));
        sliceBase[f] = base;
        return base + slices[f];
    }

    /**
     * Whether both sides have finite values and the feature is part of the plan (otherwise its
     * distances are NaN here and nothing of it is sent or kept).
     */
    public boolean active(int f) {
        return n(f) > 0 && m(f) > 0 && (left == null || !left[f]);
    }

    /**
     * loads[p][f]: the values (run-length entries where x-task p receives sorted blocks) x-task p of
     * a routing receives of feature f, on these samples — what a routing planned on the reference
     * alone gives each task once the current data is known.
     */
    public long[][] taskLoads(NumericProfile[] ref, NumericProfile[] cur) {
        long[][] load = new long[heavy.length][binnings.length];
        for (int f = 0; f < binnings.length; f++) {
            BinnedSample r = ref[f].sample();
            BinnedSample c = cur[f].sample();
            for (int b = 0; b < partitionOfBin[f].length; b++) {
                int p = partitionOfBin[f][b];
                if (p >= 0) {
                    load[p][f] += heavy[p] && singleValued(r, b) && singleValued(c, b) ? 2 : r.count(b) + c.count(b);
                }
            }
        }
        return load;
    }

    /** Finite reference values of feature f. */
    public long n(int f) {
        return refBefore[f][refBefore[f].length - 1];
    }

    /** Finite current values of feature f. */
    public long m(int f) {
        return curBefore[f][curBefore[f].length - 1];
    }

    /** The first and last x-task holding bins of an active feature. */
    int firstPartition(int f) {
        return partitionOfBin[f][0];
    }

    int lastPartition(int f) {
        return partitionOfBin[f][partitionOfBin[f].length - 1];
    }

    /** Number of x-tasks (reduce partitions of the first shuffle). */
    public int xPartitions() {
        return Math.max(1, ranges.length);
    }

    /** Whether a bin holds at most one distinct value in this sample (so it weighs almost nothing). */
    public static boolean singleValued(BinnedSample s, int bin) {
        return s.count(bin) == 0 || s.min(bin) == s.max(bin);
    }

    private static long[] before(long[] counts) {
        long[] out = new long[counts.length + 1];
        for (int b = 0; b < counts.length; b++) {
            out[b + 1] = out[b] + counts[b];
        }
        return out;
    }
}
