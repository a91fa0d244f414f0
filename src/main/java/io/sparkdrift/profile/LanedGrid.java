package io.sparkdrift.profile;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;

/**
 * A {@link ValueGrid} that also keeps every part's statistics apart per <em>lane</em> — the rows of
 * one segment key — so that each segment's profile can be read off on the bins the whole grid gives,
 * in the same single pass over the reference ({@link SegmentedReference}).
 *
 * <h2>Why a lane's parts can be read off on the whole reference's bins</h2>
 * A lane's entries are indexed by the grid's part ids: a lane value is counted in the part the whole
 * grid counts it in, and when the grid moves up a level its parts merge and every lane's entries
 * merge with them. So at the end each lane entry lies inside one part of the whole grid at its final
 * level, and no fitted edge splits those ({@link GridFit}). A lane entry holds what a grid part holds
 * (count, minimum, maximum, offset sums from its own minimum, in the grid's offset unit), folded with
 * the same arithmetic, so the read-off bounds and proofs are the grid's.
 *
 * <h2>Determinism</h2>
 * Entries are folded in row order within a task, merged part by part in the grid's key order and
 * renumbered in the grid's fold order, and tasks are merged in partition order, so the same data in
 * the same partitions gives the same bits. Counts, minima and maxima do not depend on the order at all.
 *
 * <p>Cost: one more 40-byte entry updated per finite value (the part id comes with the grid's own
 * probe, and a chunk is folded lane by lane — {@link RowsByLane} — so one lane's entries are in
 * cache at a time; with 21 lanes the reference's pass took about twice as long as without them on
 * the benchmark's mixed table, README "Performance"); a lane holds up to the grid's budget of entries (80 KB at 2,002 parts), allocated as its
 * ids grow, and a change of level rebuilds every lane. Serialized: per lane five counters and one
 * count per part, and four numbers per occupied entry.
 */
public final class LanedGrid extends ValueGrid {
    /** Longs per lane entry: a grid slot's statistics (count, offset sum and square sum, minimum, maximum). */
    private static final int LANE = 5;
    private static final int ROWS = 0;
    private static final int NULLS = 1;
    private static final int NAN = 2;
    private static final int POS_INF = 3;
    private static final int NEG_INF = 4;
    private transient long[][] lanes;
    /** Per lane: rows, nulls, NaN, +∞, −∞. */
    private transient long[][] counters;
    /** While merging: the other grid's lane → this grid's lane. */
    private transient int[] mergeMap;

    public LanedGrid(int budget) {
        super(budget);
        lanes = new long[0][];
        counters = new long[0][];
    }

    /** Adds an empty lane; returns its index. */
    public int addLane() {
        int l = lanes.length;
        lanes = Arrays.copyOf(lanes, l + 1);
        counters = Arrays.copyOf(counters, l + 1);
        lanes[l] = new long[16 * LANE];
        counters[l] = new long[5];
        return l;
    }

    /** Forgets every lane (the whole grid stays). */
    public void dropLanes() {
        lanes = new long[0][];
        counters = new long[0][];
    }

    /**
     * A chunk's rows grouped by lane, each group in row order (a counting sort, done once per chunk
     * for all features): {@link #addColumn} folds lane by lane, so one lane's entries are in cache at
     * a time. Reusable across chunks.
     */
    public static final class RowsByLane {
        private int[] order = new int[0];
        private int[] start = new int[1];
        private int lanes;

        /** Groups rows r &lt; size by {@code laneOf[r]} (each in [0, lanes)). */
        public void group(int[] laneOf, int size, int lanes) {
            if (order.length < size) {
                order = new int[size];
            }
            if (start.length < lanes + 1) {
                start = new int[lanes + 1];
            }
            this.lanes = lanes;
            java.util.Arrays.fill(start, 0, lanes + 1, 0);
            for (int r = 0; r < size; r++) {
                start[laneOf[r] + 1]++;
            }
            for (int l = 0; l < lanes; l++) {
                start[l + 1] += start[l];
            }
            int[] next = java.util.Arrays.copyOf(start, lanes);
            for (int r = 0; r < size; r++) {
                order[next[laneOf[r]]++] = r;
            }
        }

        /** Rows in lane l. */
        public int rows(int l) {
            return start[l + 1] - start[l];
        }
    }

    /** Per row of the chunk being added: its part id, or −1 (null or not finite). */
    private transient int[] ids;
    /** Level changes so far, and the last one's renumbering (so a chunk's ids taken before it can follow). */
    private transient int renumberings;
    private transient int[] lastNewId;

    /**
     * Adds {@code size} values of one column chunk: first to the whole grid in row order (as
     * {@link ValueGrid#addColumn} does, so the whole grid's bits are the plain pass's), then each
     * lane's rows, in row order, to the lane's entries. Nulls, NaN, +∞ and −∞ are counted apart (in
     * the grid and in the row's lane), never binned; −0.0 counts as 0.0. Values in feature units.
     */
    public void addColumn(double[] values, boolean[] isNull, int size, RowsByLane rows) {
        if (ids == null || ids.length < size) {
            ids = new int[size];
        }
        long nullCount = 0;
        int seen = renumberings;
        lookAhead(values, isNull, size);
        for (int r = 0; r < size; r++) {
            if (isNull[r]) {
                nullCount++;
                ids[r] = -1;
            } else if (values[r] - values[r] != 0.0) {
                addNonFinite(values[r]);
                ids[r] = -1;
            } else {
                ids[r] = addFiniteGetId(values[r] + 0.0);
                if (renumberings != seen) { // the level changed: the ids taken so far follow their parts
                    for (int k = 0; k < r; k++) {
                        ids[k] = ids[k] < 0 ? -1 : lastNewId[ids[k]];
                    }
                    seen = renumberings;
                }
            }
        }
        lookAhead(null, null, 0);
        countRows(size, nullCount);
        int parts = size();
        for (int l = 0; l < rows.lanes; l++) {
            long[] t = entries(l, parts - 1);
            long[] c = counters[l];
            c[ROWS] += rows.rows(l);
            for (int k = rows.start[l]; k < rows.start[l + 1]; k++) {
                int r = rows.order[k];
                int id = ids[r];
                if (id >= 0) {
                    addTo(t, at(id), values[r] + 0.0);
                } else if (isNull[r]) {
                    c[NULLS]++;
                } else {
                    double x = values[r];
                    c[x != x ? NAN : x > 0 ? POS_INF : NEG_INF]++;
                }
            }
        }
    }

    /** The offset b of part {@code id}'s entry in a lane, such that its count is at b + COUNT as in a grid slot. */
    private static int at(int id) {
        return id * LANE - COUNT;
    }

    /** Lane l's entries, grown to hold part id {@code id} (−1: none). */
    private long[] entries(int l, int id) {
        long[] t = lanes[l];
        if ((id + 1) * LANE > t.length) {
            t = Arrays.copyOf(t, Math.max((id + 1) * LANE, 2 * t.length));
            lanes[l] = t;
        }
        return t;
    }

    @Override
    void rescaled(double f) {
        if (lanes == null) { // the grid's own fields being read back, before this class's
            return;
        }
        for (long[] t : lanes) {
            scale(t, t.length / LANE, LANE, -COUNT, f);
        }
    }

    @Override
    void partsRenumbered(int[] oldOrder, int[] newId) {
        if (lanes == null) {
            return;
        }
        for (int l = 0; l < lanes.length; l++) {
            long[] old = lanes[l];
            long[] fresh = new long[Math.max(16, size()) * LANE];
            for (int o : oldOrder) {
                fold(old, o, fresh, newId[o], scaleExponent());
            }
            lanes[l] = fresh;
        }
        renumberings++;
        lastNewId = newId;
    }

    /** Folds entry {@code from} of {@code src} (offsets in units of 2^exp), if occupied, into entry {@code to} of {@code dst}. */
    private void fold(long[] src, int from, long[] dst, int to, int exp) {
        int b = at(from);
        if (b + COUNT < src.length && src[b + COUNT] != 0) {
            if (dst[at(to) + COUNT] == 0 && exp == scaleExponent()) { // into an empty entry, in the same unit: a copy
                System.arraycopy(src, b + COUNT, dst, at(to) + COUNT, LANE);
                return;
            }
            combine(dst, at(to), src[b + COUNT], get(src, b + SUM), get(src, b + SQUARE), get(src, b + MIN),
                    get(src, b + MAX), exp);
        }
    }

    @Override
    void partMerged(ValueGrid other, int from, int to) {
        LanedGrid o = (LanedGrid) other;
        for (int l = 0; l < o.lanes.length; l++) {
            int mine = mergeMap[l];
            fold(o.lanes[l], from, entries(mine, to), to, o.scaleExponent());
        }
    }

    /**
     * Folds {@code other} into this grid, its lane l into this grid's lane {@code laneMap[l]} (which
     * must exist); returns this.
     */
    public LanedGrid merge(LanedGrid other, int[] laneMap) {
        mergeMap = laneMap;
        try {
            super.merge(other);
        } finally {
            mergeMap = null;
        }
        for (int l = 0; l < other.counters.length; l++) {
            for (int k = 0; k < 5; k++) {
                counters[laneMap[l]][k] += other.counters[l][k];
            }
        }
        return this;
    }

    /** Merges as a plain grid: only when {@code other} keeps no lanes (else use {@link #merge(LanedGrid, int[])}). */
    @Override
    public ValueGrid merge(ValueGrid other) {
        if (mergeMap == null && ((LanedGrid) other).lanes.length != 0) {
            throw new IllegalStateException("a grid with lanes merges with its lane map: merge(LanedGrid, int[])");
        }
        return super.merge(other);
    }

    /** The rows of some lanes together, read as a grid of its own: its parts in key order and its counters. */
    public record LaneView(Buckets buckets, long rows, long nulls, long nan, long posInf, long negInf) {
    }

    /**
     * The lanes {@code which} folded together, in that order, part by part: the parts any of them
     * occupies, in key order, with the grid's offset unit; none given (or all empty) gives no parts
     * and zero counters.
     */
    public LaneView view(int[] which) {
        int[] order = slotsInKeyOrder();
        long[] merged = new long[Math.max(1, order.length) * LANE];
        long[] c = new long[5];
        for (int l : which) {
            for (int k = 0; k < 5; k++) {
                c[k] += counters[l][k];
            }
        }
        int n = 0;
        for (int j = 0; j < order.length; j++) {
            int id = idAt(order[j]);
            for (int l : which) {
                fold(lanes[l], id, merged, j, scaleExponent());
            }
            if (merged[at(j) + COUNT] != 0) {
                n++;
            }
        }
        Buckets out = new Buckets(new long[n], new double[n], new double[n], new double[n], new double[n], scaleExponent());
        int k = 0;
        for (int j = 0; j < order.length; j++) {
            int b = at(j);
            if (merged[b + COUNT] != 0) {
                out.counts()[k] = merged[b + COUNT];
                out.sums()[k] = get(merged, b + SUM);
                out.squares()[k] = get(merged, b + SQUARE);
                out.mins()[k] = get(merged, b + MIN);
                out.maxs()[k] = get(merged, b + MAX);
                k++;
            }
        }
        return new LaneView(out, c[ROWS], c[NULLS], c[NAN], c[POS_INF], c[NEG_INF]);
    }

    /** Writes the lanes after the grid's parts: per lane its counters, then per part (key order) its entry. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        int[] order = slotsInKeyOrder();
        out.writeInt(lanes.length);
        for (int l = 0; l < lanes.length; l++) {
            for (long v : counters[l]) {
                out.writeLong(v);
            }
            long[] t = lanes[l];
            for (int i : order) {
                int b = at(idAt(i));
                long n = b + COUNT < t.length ? t[b + COUNT] : 0;
                out.writeLong(n);
                if (n != 0) {
                    out.writeLong(t[b + SUM]);
                    out.writeLong(t[b + SQUARE]);
                    out.writeLong(t[b + MIN]);
                    out.writeLong(t[b + MAX]);
                }
            }
        }
    }

    /** The grid's parts were read back in key order, so the part of rank j has id j. */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        int n = size();
        lanes = new long[in.readInt()][];
        counters = new long[lanes.length][5];
        for (int l = 0; l < lanes.length; l++) {
            for (int k = 0; k < 5; k++) {
                counters[l][k] = in.readLong();
            }
            long[] t = new long[Math.max(16, n) * LANE];
            for (int j = 0; j < n; j++) {
                int b = at(j);
                t[b + COUNT] = in.readLong();
                if (t[b + COUNT] != 0) {
                    t[b + SUM] = in.readLong();
                    t[b + SQUARE] = in.readLong();
                    t[b + MIN] = in.readLong();
                    t[b + MAX] = in.readLong();
                }
            }
            lanes[l] = t;
        }
    }
}
