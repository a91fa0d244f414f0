package io.sparkdrift.profile;

/**
 * Finds the bin of a finite value faster than a binary search over all edges: a guide table of
 * uniform cells over [e0, ek] tells which few edges can hold the value, a binary search among those
 * narrows it down, and a final check against the neighbouring edges makes the answer exact whatever
 * the rounding of the cell arithmetic. The result always equals {@link NumericBinning#binOf}.
 *
 * <p>Cost: O(1) for edges spread evenly over their range, O(log of the edges in one cell) when
 * quantile edges crowd in part of a wide range (heavy tails).
 */
final class BinLookup {
    /** Cells per edge in the guide table. */
    private static final int CELLS_PER_EDGE = 4;

    private final double[] edges;
    private final double low;
    private final double scale;
    private final int cells;
    /** first[c] = number of edges ≤ the lower end of cell c; first[cells] = edges.length. */
    private final int[] first;

    BinLookup(double[] edges) {
        this.edges = edges;
        this.low = edges[0];
        double range = edges[edges.length - 1] - low;
        double s = range > 0 ? CELLS_PER_EDGE * (double) edges.length / range : 0;
        this.scale = Double.isFinite(s) && s > 0 ? s : 0;
        this.cells = scale > 0 ? CELLS_PER_EDGE * edges.length : 0;
        this.first = new int[cells + 1];
        for (int c = 0; c < cells; c++) {
            first[c] = NumericBinning.binOf(edges, low + c / scale);
        }
        first[cells] = edges.length;
    }

    /** The bin of a finite value: the number of edges ≤ x (0 = underflow, edges.length = overflow). */
    int bin(double x) {
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
        int lo = first[c];
        int hi = Math.min(n, first[c + 1] + 1);
        while (lo < hi) { // binary search for the first edge > x among the cell's candidates
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        while (lo < n && edges[lo] <= x) { // only when rounding put x in a neighbouring cell
            lo++;
        }
        while (lo > 0 && edges[lo - 1] > x) {
            lo--;
        }
        return lo;
    }
}
