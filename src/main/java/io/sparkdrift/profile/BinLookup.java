package io.sparkdrift.profile;

import io.sparkdrift.math.RadixSort;

/**
 * Finds the bin of a finite value in O(1) for any shape of edges: a guide table gives the bin of
 * each cell's lower end, and a short forward walk (usually zero or one step) finishes; a final check
 * against the neighbouring edges makes the answer exact whatever the table says. The result always
 * equals {@link NumericBinning#binOf}.
 *
 * <p>Two tables, the one with the shorter expected walk is built: {@value #CELLS_PER_EDGE} cells
 * per edge of equal width over [e0, ek] (one multiplication a lookup), or cells over the values'
 * sortable bits. A double's sortable key (sign, exponent, mantissa, ordered as the values are) is
 * linear in the value inside each binade [2^e, 2^(e+1)) and logarithmic across binades; the second
 * table splits the keys by binade (the key's top 12 bits), then each binade that holds edges into at
 * least {@value #BINADE_CELLS_PER_EDGE} equal cells per edge it holds (the mantissa's top bits), a
 * binade without edges into one cell. Equal widths suit smooth columns; but the body of a
 * heavy-tailed column, whose range one far value sets, crowds its edges into a few equal-width
 * cells, and the lookups there ended in a bisection of many steps: binning such columns (lognormal
 * with σ = 3, one value in a thousand up to 1e12) took 73–81 ns a value, 12.5–18 with cells by binade
 * ({@code FoldCost heavy}, one thread; docs/performance-history.md, nineteenth session).
 * Within a binade the density of a smooth column varies little, so a cell holds a few edges at most;
 * a cell holding more than {@value #MAX_WALK} (atoms a few ulps apart) is bisected.
 *
 * <p>Memory: 2 bytes per cell — {@value #CELLS_PER_EDGE} per edge, or by binade at most
 * 2 · {@value #BINADE_CELLS_PER_EDGE} per edge plus one per binade and 8 bytes per binade between
 * the lowest edge's and the highest's (at most 4,094) — built once per binning and JVM. More than
 * 65,534 edges use plain bisection; edges whose range overflows a double get cells by binade.
 */
public final class BinLookup {
    /** Cells per edge of the equal-width table. */
    private static final int CELLS_PER_EDGE = 32;
    /** Cells per edge a binade holding edges gets, at least (rounded up to a power of two). */
    private static final int BINADE_CELLS_PER_EDGE = 16;
    /** Longest forward walk before bisection takes over. */
    private static final int MAX_WALK = 4;
    /** Most mantissa bits a binade's cells are cut on (a million cells). */
    private static final int MAX_CELL_BITS = 20;
    private static final long MANTISSA = (1L << 52) - 1;

    private final double[] edges;
    /** Whether the cells are cut by binade (else: equal widths over [e0, ek]). */
    private final boolean byBinade;
    /** Equal-width table: its lower end and cells per unit of value. */
    private final double low;
    private final double scale;
    /** Binade table: the key's binade (top 12 bits) of the lowest edge; binade b's entry is at b − lowBinade. */
    private final int lowBinade;
    /** Binade table, per binade: (index in {@link #first} of its first cell) &lt;&lt; 6 | (52 − bits of its cell index). */
    private final long[] binades;
    /** first[c] = number of edges ≤ the lower end of cell c; one more entry = edges.length; null: plain bisection. */
    private final char[] first;

    BinLookup(double[] edges) {
        this.edges = edges;
        int n = edges.length;
        double range = n == 0 ? 0 : edges[n - 1] - edges[0];
        double s = range > 0 ? CELLS_PER_EDGE * (double) n / range : 0;
        low = n == 0 ? 0 : edges[0];
        if (n == 0 || n >= Character.MAX_VALUE) {
            scale = 0;
            byBinade = false;
            lowBinade = 0;
            binades = null;
            first = null;
            return;
        }
        char[] equal = Double.isFinite(s) && s > 0 ? equalWidth(edges, s) : null;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = key(edges[i]);
        }
        lowBinade = binade(keys[0]);
        long[] cells = binadeCells(keys, lowBinade);
        char[] byBits = binadeTable(keys, lowBinade, cells);
        // the equal-width table costs one step less a lookup; the binade table wins where cells crowd
        byBinade = equal == null || walk(byBits, n) + 1 < walk(equal, n);
        binades = byBinade ? cells : null;
        scale = byBinade ? 0 : s;
        first = byBinade ? byBits : equal;
    }

    /** Cells of equal width 1 / scale from edges[0]: the bin of each cell's lower end. */
    private static char[] equalWidth(double[] edges, double scale) {
        int cells = CELLS_PER_EDGE * edges.length;
        char[] first = new char[cells + 1];
        int b = 0;
        for (int c = 0; c < cells; c++) { // the cells' lower ends ascend: one walk along the edges
            double lower = edges[0] + c / scale;
            while (b < edges.length && edges[b] <= lower) {
                b++;
            }
            first[c] = (char) b;
        }
        first[cells] = (char) edges.length;
        return first;
    }

    /** Per binade from the lowest edge's to the highest's: where its cells start and how they are cut. */
    private static long[] binadeCells(long[] keys, int lowBinade) {
        int count = binade(keys[keys.length - 1]) - lowBinade + 1;
        int[] perBinade = new int[count];
        for (long k : keys) {
            perBinade[binade(k) - lowBinade]++;
        }
        long[] out = new long[count];
        long cells = 0;
        for (int b = 0; b < count; b++) {
            int bits = 0;
            while (bits < MAX_CELL_BITS && (1L << bits) < (long) BINADE_CELLS_PER_EDGE * perBinade[b]) {
                bits++;
            }
            out[b] = cells << 6 | (52 - bits);
            cells += 1L << bits;
        }
        return out;
    }

    /** The binade table: the bin of each cell's lower end, the cells in key order. */
    private static char[] binadeTable(long[] keys, int lowBinade, long[] binades) {
        long last = binades[binades.length - 1];
        char[] first = new char[(int) ((last >>> 6) + (1L << (52 - (last & 63)))) + 1];
        int e = 0;
        int c = 0;
        for (int b = 0; b < binades.length; b++) {
            long binadeKey = (long) (lowBinade + b) << 52;
            int shift = (int) (binades[b] & 63);
            for (long j = 0; j < 1L << (52 - shift); j++) {
                long lower = binadeKey | (j << shift);
                while (e < keys.length && Long.compareUnsigned(keys[e], lower) <= 0) {
                    e++;
                }
                first[c++] = (char) e;
            }
        }
        first[c] = (char) keys.length;
        return first;
    }

    /**
     * The steps a lookup walks past its cell's first edge, on average over the bins (fitted bins hold
     * about equal shares of the values): a bin in a cell of k edges walks about k/2, a bisection about
     * log2 k plus {@value #MAX_WALK}.
     */
    private static double walk(char[] first, int n) {
        double steps = 0;
        for (int c = 0; c + 1 < first.length; c++) {
            int k = first[c + 1] - first[c];
            steps += k <= MAX_WALK ? k * k / 2.0 : k * (MAX_WALK + 32 - Integer.numberOfLeadingZeros(k));
        }
        return steps / n;
    }

    /** The sortable key of a finite value ({@link RadixSort#key}: unsigned order is numeric order), −0.0 taken as 0.0. */
    private static long key(double x) {
        return RadixSort.key(x + 0.0);
    }

    private static int binade(long key) {
        return (int) (key >>> 52);
    }

    /** The cell of a value with edges[0] ≤ x &lt; edges[n − 1]. */
    private int cell(double x) {
        if (byBinade) {
            long k = key(x); // edges[0] ≤ x: its binade has an entry
            long entry = binades[binade(k) - lowBinade];
            return (int) (entry >>> 6) + (int) ((k & MANTISSA) >>> entry); // a long shift takes the low 6 bits: the entry's
        }
        return Math.min(first.length - 2, (int) ((x - low) * scale));
    }

    /** The bin the table gives x before the walk (for tests: how far it is from the answer). */
    int tableBin(double x) {
        return first[cell(x)];
    }

    /** Whether the cells are cut by binade (for tests). */
    boolean byBinade() {
        return byBinade;
    }

    /** The expected steps past a cell's first edge of the table built (for tests); 0 without a table. */
    double expectedSteps() {
        return first == null ? 0 : walk(first, edges.length);
    }

    /** The guide table's and the edges' bytes. */
    long bytes() {
        return (first == null ? 0 : 2L * first.length) + (binades == null ? 0 : 8L * binades.length) + 8L * edges.length;
    }

    /** Reads one word of every cache line of the guide table and the edges, in order ({@link WarmUp}). */
    long warm() {
        long s = 0;
        if (first != null) {
            for (int i = 0; i < first.length; i += 32) {
                s += first[i];
            }
        }
        if (byBinade) {
            for (int i = 0; i < binades.length; i += 8) {
                s += binades[i];
            }
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
        if (n == 0 || x < edges[0]) {
            return 0;
        }
        if (x >= edges[n - 1]) {
            return n;
        }
        if (first == null) {
            return NumericBinning.binOf(edges, x);
        }
        int c = cell(x);
        int i = first[c];
        if (first[c + 1] - i > MAX_WALK) {
            i = NumericBinning.bisect(edges, x, i, Math.min(n, first[c + 1] + 1));
        }
        if (i < n) {
            i += edges[i] <= x ? 1 : 0; // the common last step, without a branch to mispredict
        }
        while (i < n && edges[i] <= x) {
            i++;
        }
        while (i > 0 && edges[i - 1] > x) { // only when rounding put x in the cell above
            i--;
        }
        return i;
    }
}
