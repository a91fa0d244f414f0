package io.sparkdrift.profile;

/**
 * Finds the bin of a finite value faster than a binary search over all edges: a guide table of
 * {@value #CELLS_PER_EDGE} uniform cells per edge over [e0, ek] gives the bin of each cell's lower
 * end, and a short forward walk (usually zero or one step) finishes; a final check against the
 * neighbouring edges makes the answer exact whatever the rounding of the cell arithmetic. The result
 * always equals {@link NumericBinning#binOf}.
 *
 * <p>Cost: O(1) while no cell holds many edges; quantile edges crowded in a small part of a very
 * wide range (one far outlier) make the walk longer, so a cell holding more than
 * {@value #MAX_WALK} edges is searched by bisection instead. Memory: 2 bytes per cell (64 per
 * edge), once per binning and JVM.
 */
public final class BinLookup {
    /** Cells per edge in the guide table. */
    private static final int CELLS_PER_EDGE = 32;
    /** Longest forward walk before bisection takes over. */
    private static final int MAX_WALK = 4;

    private final double[] edges;
    private final double low;
    private final double scale;
    private final int cells;
    /** first[c] = number of edges ≤ the lower end of cell c; first[cells] = edges.length. */
    private final char[] first;

    BinLookup(double[] edges) {
        this.edges = edges;
        this.low = edges[0];
        double range = edges[edges.length - 1] - low;
        double s = range > 0 ? CELLS_PER_EDGE * (double) edges.length / range : 0;
        boolean usable = Double.isFinite(s) && s > 0 && edges.length < Character.MAX_VALUE;
        this.scale = usable ? s : 0;
        this.cells = usable ? CELLS_PER_EDGE * edges.length : 0;
        this.first = new char[cells + 1];
        // the cells' lower ends ascend, so one walk along the edges finds every cell's bin (= binOf)
        int b = 0;
        for (int c = 0; c < cells; c++) {
            double lower = low + c / scale;
            while (b < edges.length && edges[b] <= lower) {
                b++;
            }
            first[c] = (char) b;
        }
        first[cells] = (char) edges.length;
    }

    /** The guide table's and the edges' bytes. */
    long bytes() {
        return 2L * first.length + 8L * edges.length;
    }

    /** Reads one word of every cache line of the guide table and the edges, in order ({@link WarmUp}). */
    long warm() {
        long s = 0;
        for (int i = 0; i < first.length; i += 32) {
            s += first[i];
        }
        for (int i = 0; i < edges.length; i += 8) {
            s += Double.doubleToRawLongBits(edges[i]);
        }
        return s;
    }

    /**
     * The bin of a value: the number of edges ≤ x (0 = underflow, edges.length = overflow). −∞ gives
     * 0 and +∞ edges.length; NaN gives an unspecified bin, so callers count NaN apart before asking.
     */
    public int bin(double x) {
        int n = edges.length;
        if (x < low) {
            return 0;
        }
        if (x >= edges[n - 1]) {
            return n;
        }
        if (cells == 0) {
            return NumericBinning.binOf(edges, x);
        }
        int c = (int) ((x - low) * scale);
        if (c >= cells) {
            c = cells - 1;
        }
        int b = first[c];
        if (first[c + 1] - b > MAX_WALK) {
            b = NumericBinning.bisect(edges, x, b, Math.min(n, first[c + 1] + 1));
        }
        if (b < n) {
            b += edges[b] <= x ? 1 : 0; // the common last step, without a branch to mispredict
        }
        while (b < n && edges[b] <= x) {
            b++;
        }
        while (b > 0 && edges[b - 1] > x) { // only when rounding put x in the cell above
            b--;
        }
        return b;
    }
}
