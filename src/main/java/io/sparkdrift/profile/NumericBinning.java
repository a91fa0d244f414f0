package io.sparkdrift.profile;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The shared edges one numeric feature is binned on, fitted once (from the reference, or given by
 * the user) and persisted with the profile so that every dataset is binned identically.
 *
 * <p>{@code edges} is the fine grid the profile counts on (finite, strictly increasing). The coarse
 * histogram the divergences use is a sub-grid: {@code coarse[i]} is the index in {@code edges} of
 * the i-th coarse edge, so coarse counts are sums of fine counts and need no second scan. With edges
 * e0 &lt; … &lt; ek the bins are (−∞,e0), [e0,e1), …, [ek,+∞).
 *
 * <p>A bin [v, nextUp(v)) holds the one value v: an <em>atom</em> bin (see {@link QuantileGrid}).
 * {@code discrete} says the fit saw every distinct reference value (at most the resolution) and gave
 * each such a fine bin, so that W1 and KS computed from the bins are exact wherever the current
 * values in a bin are one value or lie on one side of the reference CDF.
 */
public final class NumericBinning implements Serializable {
    private final double[] edges;
    private final int[] coarse;
    private final boolean discrete;
    /** Built on first use in each JVM and shared by every accumulator on these edges. */
    private transient volatile BinLookup lookup;

    public NumericBinning(double[] edges, int[] coarse) {
        this(edges, coarse, false);
    }

    public NumericBinning(double[] edges, int[] coarse, boolean discrete) {
        this.discrete = discrete;
        edges = edges.clone();
        coarse = coarse.clone();
        this.edges = edges;
        this.coarse = coarse;
        validateEdges(edges, "fine edges");
        if (coarse.length == 0) {
            throw new IllegalArgumentException("at least one coarse edge is needed");
        }
        for (int i = 0; i < coarse.length; i++) {
            if (coarse[i] < 0 || coarse[i] >= edges.length || (i > 0 && coarse[i] <= coarse[i - 1])) {
                throw new IllegalArgumentException("coarse edge indices must increase within the fine edges");
            }
        }
    }

    /** The fine edges (not a copy: do not modify). */
    public double[] edges() {
        return edges;
    }

    /** Whether every distinct reference value has a fine bin of its own (see the class comment). */
    public boolean discrete() {
        return discrete;
    }

    /** The values that have a coarse bin of their own ([v, nextUp(v)) coarse bins), increasing. */
    public double[] coarseAtoms() {
        return atoms(coarseEdges());
    }

    /** How many fine bins hold one value only. */
    public int fineAtomCount() {
        return atoms(edges).length;
    }

    private static double[] atoms(double[] e) {
        return java.util.stream.IntStream.range(1, e.length).filter(i -> e[i] == Math.nextUp(e[i - 1]))
                .mapToDouble(i -> e[i - 1]).toArray();
    }

    /** Indices in {@link #edges()} of the coarse edges (not a copy: do not modify). */
    public int[] coarse() {
        return coarse;
    }

    /** The fast bin finder of these edges, for loops over many values (fetch it once, outside the loop). */
    public BinLookup lookup() {
        BinLookup l = lookup;
        if (l == null) {
            l = new BinLookup(edges);
            lookup = l;
        }
        return l;
    }

    /**
     * The fine bin of a finite value, as {@link #binOf} gives it, through the guide table.
     * Non-finite values are the caller's to keep out.
     */
    public int bin(double x) {
        return lookup().bin(x);
    }

    /** A binning whose fine and coarse grids are the same edges. */
    public static NumericBinning of(double[] edges) {
        int[] all = new int[edges.length];
        Arrays.setAll(all, i -> i);
        return new NumericBinning(edges, all);
    }

    /**
     * Checks user or fitted edges: at least one, all finite, strictly increasing.
     *
     * @throws IllegalArgumentException naming the first offending edge
     */
    public static void validateEdges(double[] edges, String what) {
        if (edges.length == 0) {
            throw new IllegalArgumentException(what + ": at least one edge is needed");
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i])) {
                throw new IllegalArgumentException(what + ": edge " + edges[i] + " is not finite");
            }
            if (i > 0 && !(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException(what + ": edges must be strictly increasing, but "
                        + edges[i - 1] + " is followed by " + edges[i]);
            }
        }
    }

    /** Number of fine bins, including underflow and overflow. */
    public int fineBins() {
        return edges.length + 1;
    }

    /** Number of coarse bins, including underflow and overflow. */
    public int coarseBins() {
        return coarse.length + 1;
    }

    /** The coarse edges themselves. */
    public double[] coarseEdges() {
        double[] out = new double[coarse.length];
        for (int i = 0; i < coarse.length; i++) {
            out[i] = edges[coarse[i]];
        }
        return out;
    }

    /** Fine counts summed into the coarse bins. */
    public long[] coarseCounts(long[] fineCounts) {
        long[] out = new long[coarseBins()];
        int c = 0;
        for (int bin = 0; bin < fineCounts.length; bin++) {
            // fine bin `bin` lies below fine edge `bin`; it belongs to the first coarse bin whose
            // upper edge index is >= bin
            while (c < coarse.length && coarse[c] < bin) {
                c++;
            }
            out[c] += fineCounts[bin];
        }
        return out;
    }

    /**
     * The bin of a finite value: the number of edges ≤ x (0 = underflow, edges.length = overflow).
     * -0.0 and 0.0 fall in the same bin.
     */
    public static int binOf(double[] edges, double x) {
        return bisect(edges, x, 0, edges.length);
    }

    /** The number of edges ≤ x, searched for among indices [lo, hi) (it must lie in [lo, hi]). */
    static int bisect(double[] edges, double x, int lo, int hi) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericBinning b && Arrays.equals(edges, b.edges) && Arrays.equals(coarse, b.coarse)
                && discrete == b.discrete;
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(edges) * 31 + Arrays.hashCode(coarse)) * 2 + (discrete ? 1 : 0);
    }

    @Override
    public String toString() {
        return "NumericBinning[" + edges.length + " fine edges" + (discrete ? " (discrete)" : "") + ", coarse "
                + Arrays.toString(coarseEdges()) + "]";
    }
}
