package io.sparkdrift.exact.core;

import io.sparkdrift.math.RadixSort;
import io.sparkdrift.math.SortedRuns;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The x-task side of the exact computation: W1 and KS over a stretch of fine bins, and the cutting
 * of each sample's sorted runs into the u-slices {@link ExactPairing} pairs for W2². Results leave
 * as {@link PartialSum}s and {@link ExactPairing.Piece}s routed to u-slice tasks.
 */
public final class ExactSweeps {

    private ExactSweeps() {
    }

    /**
     * x-task p: merges its blocks, then sweeps its feature stretches one at a time as the shuffle
     * writer asks for their output, dropping each feature's values when done (so a task holds its
     * input and one feature's sorted values, not every feature's sorted values and pieces at once).
     */
    public static Iterator<Routed<Serializable>> xTask(ExactPlan plan, int p, Iterator<ExactBlock> blocks) {
        Map<Long, List<SortedRuns>> sorted = new HashMap<>();
        Map<Long, List<ExactBlock>> raw = new HashMap<>();
        while (blocks.hasNext()) {
            ExactBlock b = blocks.next();
            if (!plan.active(b.feature)) {
                continue; // routed, but left out of this plan (its distances are computed elsewhere): not kept
            }
            long key = ((long) b.feature << 1) | b.side;
            if (b.sorted) {
                sorted.computeIfAbsent(key, k -> new ArrayList<>()).add(b.runs());
            } else {
                raw.computeIfAbsent(key, k -> new ArrayList<>()).add(b);
            }
        }
        int[] ranges = p < plan.ranges.length ? plan.ranges[p] : new int[0];
        List<Routed<Serializable>> out = new ArrayList<>();
        return new Iterator<>() {
            private int range;
            private int next;

            @Override
            public boolean hasNext() {
                while (next == out.size() && range < ranges.length) {
                    out.clear();
                    next = 0;
                    stretch(plan, p, ranges[range], ranges[range + 1], ranges[range + 2], sorted, raw, out);
                    range += 3;
                }
                return next < out.size();
            }

            @Override
            public Routed<Serializable> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return out.get(next++);
            }
        };
    }

    /**
     * One feature's stretch [first, last] of an x-task: W1 and KS parts, the order statistics, and
     * W2²: over the stretch of the quantile axis where this task holds both samples' values (their
     * u-ranges overlap) it pairs them itself; the rest of each sample's runs goes to the u-slices as
     * pieces. Where the two samples agree the ranges nearly coincide and little travels on.
     */
    private static void stretch(ExactPlan plan, int p, int f, int first, int last, Map<Long, List<SortedRuns>> sorted,
            Map<Long, List<ExactBlock>> raw, List<Routed<Serializable>> out) {
        SortedRuns ref = runs((long) f << 1, sorted, raw);
        SortedRuns cur = runs(((long) f << 1) | 1, sorted, raw);
        checkCounts(plan, f, first, last, ref, cur);
        double[] edges = plan.binnings[f].edges();
        double from = first == 0 ? Double.NEGATIVE_INFINITY : edges[first - 1];
        double to = last == edges.length ? Double.POSITIVE_INFINITY : edges[last];
        double inverse = 1 / plan.unit(f);
        double[] w1ks = sweep(ref, cur, plan.refBefore[f][first], plan.curBefore[f][first], plan.n(f), plan.m(f), from, to,
                inverse);
        int slot = plan.sliceBase[f];
        out.add(new Routed<>(slot, new PartialSum(PartialSum.Kind.W1, f, p, w1ks[0])));
        out.add(new Routed<>(slot, new PartialSum(PartialSum.Kind.KS, f, p, w1ks[1])));
        orderStatistics(out, slot, f, PartialSum.Kind.ORDER_REFERENCE, ref, plan.refBefore[f][first], plan.n(f));
        orderStatistics(out, slot, f, PartialSum.Kind.ORDER_CURRENT, cur, plan.curBefore[f][first], plan.m(f));
        RankedRuns r = new RankedRuns(ref, plan.refBefore[f][first], plan.n(f));
        RankedRuns c = new RankedRuns(cur, plan.curBefore[f][first], plan.m(f));
        double lo = r.size() > 0 && c.size() > 0 ? Math.max(r.lowU(), c.lowU()) : 0;
        double hi = r.size() > 0 && c.size() > 0 ? Math.min(r.highU(), c.highU()) : 0;
        if (lo < hi) {
            out.add(new Routed<>(slot, new PartialSum(PartialSum.Kind.W2_SQUARED, f, plan.slices[f] + p,
                    ExactPairing.pairRuns(r, c, lo, hi, inverse))));
            cutOutside(out, plan, f, 0, p, r, lo, hi);
            cutOutside(out, plan, f, 1, p, c, lo, hi);
        } else { // nothing paired here: every value goes on
            cutOutside(out, plan, f, 0, p, r, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
            cutOutside(out, plan, f, 1, p, c, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
    }

    /**
     * The order statistics ({@link Exact#orderRanks}) whose ranks fall among this stretch's values,
     * which hold ranks [before, before + runs.total()) of the sample's {@code total}.
     */
    static void orderStatistics(List<Routed<Serializable>> out, int slot, int f, PartialSum.Kind kind, SortedRuns runs,
            long before, long total) {
        long[] ranks = Exact.orderRanks(total); // non-decreasing: one walk over the runs finds them all
        double[] values = runs.values();
        int i = 0;
        long seen = runs.size() == 0 ? 0 : runs.count(0); // ranks [before, before + seen) lie in runs 0..i
        for (int s = 0; s < ranks.length; s++) {
            long k = ranks[s] - before;
            if (k < 0 || k >= runs.total()) {
                continue;
            }
            while (seen <= k) {
                seen += runs.count(++i);
            }
            out.add(new Routed<>(slot, new PartialSum(kind, f, s, values[i])));
        }
    }

    /** One sample's runs in this task, taking (and so releasing) its blocks. */
    private static SortedRuns runs(long key, Map<Long, List<SortedRuns>> sorted, Map<Long, List<ExactBlock>> raw) {
        List<SortedRuns> parts = sorted.getOrDefault(key, new ArrayList<>());
        List<ExactBlock> unsorted = raw.remove(key);
        if (unsorted != null) {
            parts.add(sortRaw(unsorted));
        }
        sorted.remove(key);
        return SortedRuns.merge(parts);
    }

    private static SortedRuns sortRaw(List<ExactBlock> parts) {
        int size = 0;
        for (ExactBlock p : parts) {
            size += p.size();
        }
        long[][] scratch = ThreadScratch.longs(2, size);
        int k = 0;
        for (ExactBlock p : parts) {
            k = p.keysInto(scratch[0], k);
        }
        RadixSort.sortKeys(scratch[0], scratch[1], size);
        return SortedRuns.ofSortedKeys(scratch[0], size);
    }

    /** The data must be what was profiled: a changed input between the scans would give wrong distances. */
    private static void checkCounts(ExactPlan plan, int f, int first, int last, SortedRuns ref, SortedRuns cur) {
        long r = plan.refBefore[f][last + 1] - plan.refBefore[f][first];
        long c = plan.curBefore[f][last + 1] - plan.curBefore[f][first];
        if (ref.total() != r || cur.total() != c) {
            throw new IllegalStateException("the input changed between the profiling scan and the exact scan ("
                    + ref.total() + " reference and " + cur.total() + " current values where the profiles counted " + r
                    + " and " + c + "); rerun when the data is stable");
        }
    }

    /**
     * {∫ |F − G| dx over [from, to), sup |F − G| there}, F and G starting at r0/n and c0/m at
     * {@code from} and stepping at the runs' values; the integral in units of 1 / {@code inverse}.
     */
    static double[] sweep(SortedRuns ref, SortedRuns cur, long r0, long c0, long n, long m, double from, double to,
            double inverse) {
        double[] rv = ref.values();
        long[] rc = ref.countsOrNull();
        double[] cv = cur.values();
        long[] cc = cur.countsOrNull();
        long r = r0;
        long c = c0;
        double fr = (double) r / n; // F and G, divided anew only when they step
        double gc = (double) c / m;
        double d = Math.abs(fr - gc);
        double prev = from;
        double area = 0;
        double sup = d;
        int i = 0;
        int j = 0;
        while (i < rv.length || j < cv.length) {
            double x = j >= cv.length || (i < rv.length && rv[i] <= cv[j]) ? rv[i] : cv[j];
            if (d > 0) {
                area += d * (x * inverse - prev * inverse);
            }
            if (i < rv.length && rv[i] == x) {
                r += rc == null ? 1 : rc[i];
                i++;
                fr = (double) r / n;
            }
            if (j < cv.length && cv[j] == x) {
                c += cc == null ? 1 : cc[j];
                j++;
                gc = (double) c / m;
            }
            d = Math.abs(fr - gc);
            sup = Math.max(sup, d);
            prev = x;
        }
        if (d > 0) {
            area += d * (to * inverse - prev * inverse);
        }
        return new double[] {area, sup};
    }

    /** Cuts one sample's runs outside [lo, hi) of the quantile axis (paired in the x-task) into u-slice pieces. */
    private static void cutOutside(List<Routed<Serializable>> out, ExactPlan plan, int f, int side, int source,
            RankedRuns runs, double lo, double hi) {
        if (runs.size() == 0) {
            return;
        }
        cut(out, plan, f, side, source, runs, runs.lowU(), Math.min(lo, runs.highU()));
        cut(out, plan, f, side, source, runs, Math.max(hi, runs.lowU()), runs.highU());
    }

    /**
     * Sends the runs' stretch [from, to) of the quantile axis to the feature's u-slices: a piece per
     * slice it meets, holding the runs that overlap the slice's part, clipped to it. The runs are
     * found by bisection on their ranks, so the cost is the pieces', not the values'.
     */
    private static void cut(List<Routed<Serializable>> out, ExactPlan plan, int f, int side, int source, RankedRuns runs,
            double from, double to) {
        int slices = plan.slices[f];
        for (int k = from < to ? sliceOf(from, slices) : slices; k < slices && sliceStart(k, slices) < to; k++) {
            double lo = Math.max(from, sliceStart(k, slices));
            double hi = Math.min(to, sliceEnd(k, slices));
            if (lo < hi) {
                int[] span = runs.overlapping(lo, hi);
                emit(out, plan, f, side, source, k, runs, span[0], span[1], lo, hi);
            }
        }
    }

    private static double sliceStart(int k, int slices) {
        return (double) k / slices;
    }

    private static double sliceEnd(int k, int slices) {
        return k + 1 == slices ? Double.POSITIVE_INFINITY : (double) (k + 1) / slices;
    }

    /** The slice holding u: the k with k/S ≤ u &lt; (k+1)/S, computed with the same divisions as the cuts. */
    private static int sliceOf(double u, int slices) {
        int k = Math.min(slices - 1, (int) Math.floor(u * slices));
        while (k + 1 < slices && u >= sliceEnd(k, slices)) {
            k++;
        }
        while (k > 0 && u < sliceStart(k, slices)) {
            k--;
        }
        return k;
    }

    /** Sends runs [from, to), clipped to [lo, hi) of the quantile axis, as a piece of one slice. */
    private static void emit(List<Routed<Serializable>> out, ExactPlan plan, int f, int side, int source, int slice,
            RankedRuns runs, int from, int to, double lo, double hi) {
        if (to <= from) {
            return;
        }
        byte[] v = ExactBlock.pack(runs.runs.values(), from, to);
        long[] counts = runs.runs.countsOrNull();
        int repeat = from;
        while (counts != null && repeat < to && counts[repeat] == 1) {
            repeat++;
        }
        long[] c = counts == null || repeat == to ? null : java.util.Arrays.copyOfRange(counts, from, to); // null: one each
        out.add(new Routed<>(plan.sliceBase[f] + slice, new ExactPairing.Piece(f, slice, side, source, v, c, runs.start(from),
                runs.total, lo, hi)));
    }
}
