package io.sparkdrift.profile;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The exact histogram of one numeric feature on a grid that does not depend on the data: what the
 * single pass over the reference keeps, so that bins can be chosen afterwards and the reference's
 * profile on them read off without a second scan.
 *
 * <h2>The grid</h2>
 * A finite double x maps to a 64-bit integer s(x) that orders like x (its bits, with the magnitude
 * bits of negative values flipped); the bucket of x at level L is s(x) &gt;&gt; L. Level 0 is the
 * exact value; each level up halves the mantissa precision, so buckets are log-linear (equal
 * relative width within a binade, as HdrHistogram and DDSketch place them) and at level 63 there
 * are two, the negative and the non-negative values (three parts: 0 is their round value). Within a bucket at level L ≥ 1 the one
 * <em>round</em> value — the last L bits of its magnitude zero, the bucket's end nearest zero —
 * is kept apart from the rest: integers up to 2^(52−L), halves, quarters and the like, the values
 * real columns pile up on (a default, a cap, a round price), stay exact atoms at any level. A grid
 * keeps, per occupied part, the count, the minimum and maximum value and the sum and sum of
 * squares of offsets from the minimum, and it sits at the <em>finest level whose
 * occupied parts fit the budget</em>: a value that would occupy one part too many first merges
 * bucket pairs (level + 1), as often as needed. Moving up a level maps every part into exactly one
 * part (a bucket's round value stays its parent's round value or joins the parent's rest).
 *
 * <h2>Why the level does not depend on the partitioning</h2>
 * Let occ_D(L) be the number of parts data D occupies at level L; it never grows with L (each part
 * maps into one part a level up), and a
 * subset occupies at most what the whole does. A grid that has seen D sits at L(D) = the least L
 * with occ_D(L) ≤ budget (it moves up only when its data needs it; inside a column chunk it may move
 * straight to L of its data at the chunk's end, so between chunks, where it is read, merged or
 * shipped, it is at L(D) again). Merging grids of A and B moves
 * both to max(L(A), L(B)) ≤ L(A ∪ B) and then up while the union overflows, which ends at L(A ∪ B).
 * So however the rows are split and merged, the merged grid has the level and the exact part
 * counts, minima and maxima of the whole data. Only the offset sums depend on the order of
 * additions (floating point), as every profile's do; a merge folds the other grid's parts in key
 * order wherever two of them may fold into one part, so equal inputs give equal bits.
 *
 * <h2>Units and non-finite values</h2>
 * Offsets are kept in units of 2^{@link #scaleExponent()}: the least power of two that keeps every
 * part's spread (its maximum − minimum, which bounds each of its offsets and those of any subset of
 * its values, such as a {@link LanedGrid} lane's) below 2^481 units. The exponent starts at
 * {@value #FIRST_SCALE_EXP} and only rises, so sums of squares of values near ±1.8e308 stay finite
 * and those of values near 1e−300 (whose squares are below the smallest double) do not vanish. A
 * rise multiplies the sums by a power of two, which is exact, so the bits read off a grid do not
 * depend on its unit (but where a sum falls below the smallest normal double). Nulls, NaN, +∞ and
 * −∞ are counted apart, never bucketed; −0.0 is counted as 0.0.
 *
 * <p>Cost: an open-addressing table of at most {@code budget} parts, each part's key, count and
 * statistics side by side in one 64-byte slot (at a load of at most ¾), one multiply-shift hash and
 * usually one probe per value. When a value would overflow the budget the grid finds the level it
 * needs directly ({@link #levelFor}) and rebuilds the table once, so a continuous column, whose
 * parts stay distinct for dozens of levels, does not climb them one rebuild at a time; and while a
 * column chunk is added ({@link #addColumn}) that level is the one the whole chunk needs — the level
 * the grid has at the chunk's end either way, since it is the least level fitting all data seen by
 * then — so a chunk costs at most one rebuild. (Climbing only for the value at hand, a sparse grid
 * merged a few parts per rebuild and rebuilt again a few values later: about 11 level rebuilds of a
 * 1,000-part table per feature in a 25,000-row task of a continuous column, 2 with each chunk in
 * view; the rebuilds were two thirds of {@code GridCost}'s time there.)
 */
public class ValueGrid implements Serializable {
    /** The multiply-shift hash's multiplier (the golden ratio's 64-bit fraction). */
    static final long MIX = 0x9E3779B97F4A7C15L;
    /**
     * Longs per slot: key, part id, count, offset sum, offset square sum, minimum, maximum (doubles as
     * raw bits), spare — the statistics contiguous, so per-part state elsewhere can hold just them.
     * The part id numbers the occupied parts 0, 1, … in order of creation; it survives a table that
     * only grows and is renumbered when the level changes ({@link #partsRenumbered}), so per-part
     * state kept elsewhere ({@link LanedGrid}) can index by it.
     */
    static final int SLOT = 8;
    private static final int KEY = 0;
    private static final int ID = 1;
    static final int COUNT = 2;
    static final int SUM = 3;
    static final int SQUARE = 4;
    static final int MIN = 5;
    static final int MAX = 6;
    /** Where the offset unit's exponent starts (2^this is the least unit with a reciprocal in doubles). */
    static final int FIRST_SCALE_EXP = -1022;

    private final int budget;
    private int level;
    private int scaleExp;
    private long rows;
    private long nulls;
    private long nan;
    private long posInf;
    private long negInf;
    private int size;
    private transient long[] table;
    private transient int slots;
    private transient int shift;
    /** 2^−scaleExp. */
    private transient double unit;
    /** 2^(480 + scaleExp): the largest offset, in feature units, that needs no change of unit. */
    private transient double big;
    /** The column chunk being added ({@link #lookAhead}): a climb goes straight to the level it needs. */
    private transient double[] ahead;
    private transient boolean[] aheadNull;
    private transient int aheadSize;

    /** @param budget occupied parts kept at most (≥ 3: level 63 has three, 0, the positive and the negative values) */
    public ValueGrid(int budget) {
        if (budget < 3) {
            throw new IllegalArgumentException("a grid needs a budget of at least 3 parts");
        }
        this.budget = budget;
        this.scaleExp = FIRST_SCALE_EXP;
        setUnit();
        allocate(16);
    }

    /**
     * The part budget for a pass over {@code numericFeatures} features at a fine resolution: twice
     * the resolution (so the fine quantile edges have parts to choose from), at most 1M parts over
     * all features, never fewer than resolution + 1. Larger budgets place edges better but cost the
     * hot loop cache misses: a table of 2,002 parts (256 KB) took 14 ns per value on a continuous
     * column, 4,000 parts 20 ns and 16,384 parts 50 ns, against 9.5 ns for binning on 1,000 fixed
     * bins ({@code GridCost 20 PARTS} and {@code FoldCost 20 1} in src/tools, one thread).
     */
    public static int budgetFor(int numericFeatures, int resolution) {
        return Math.max(resolution + 1, Math.min(2 * resolution, 1_000_000 / Math.max(1, numericFeatures)));
    }

    private void allocate(int n) {
        slots = n;
        table = new long[n * SLOT];
        shift = 64 - Integer.numberOfTrailingZeros(n);
    }

    /** An order-preserving integer image of a finite double (−0.0 excluded): s(x) &lt; s(y) iff x &lt; y. */
    static long sortable(double x) {
        long b = Double.doubleToRawLongBits(x);
        return b ^ ((b >> 63) & Long.MAX_VALUE);
    }

    /**
     * The key of x's part at {@code level}, ordered like the values: s(x) at level 0; above, the
     * bucket s(x) &gt;&gt; level times two plus which part (the round value first for positive
     * buckets, last for negative ones, where it is the largest).
     */
    static long key(double x, int level) {
        long s = sortable(x);
        if (level == 0) {
            return s;
        }
        boolean round = (Double.doubleToRawLongBits(x) & Long.MAX_VALUE & ((1L << level) - 1)) == 0;
        return (s >> level) << 1 | (round == (s >= 0) ? 0 : 1);
    }

    /** Counts one value of the feature; NaN and ±∞ are counted apart. */
    public void add(double x) {
        rows++;
        if (x - x != 0.0) {
            addNonFinite(x);
        } else {
            addFinite(x + 0.0);
        }
    }

    /** Counts a null. */
    public void addNull() {
        rows++;
        nulls++;
    }

    /** Adds {@code size} values of one column chunk, null where {@code isNull} says so (the scan's hot loop). */
    public void addColumn(double[] values, boolean[] isNull, int size) {
        lookAhead(values, isNull, size);
        long nullCount = 0;
        for (int r = 0; r < size; r++) {
            if (isNull[r]) {
                nullCount++;
            } else if (values[r] - values[r] != 0.0) {
                addNonFinite(values[r]);
            } else {
                addFinite(values[r] + 0.0);
            }
        }
        lookAhead(null, null, 0);
        nulls += nullCount;
        rows += size;
    }

    /**
     * Names the column chunk about to be added value by value (null: none), so that a value that
     * overflows the budget moves the grid to the level the chunk's end needs, not one its values so
     * far need: at most one rebuild per chunk. The level at the chunk's end is the same either way
     * (see the class comment).
     */
    final void lookAhead(double[] values, boolean[] isNull, int size) {
        ahead = values;
        aheadNull = isNull;
        aheadSize = size;
        if (values != null) {
            reserve((int) Math.min(budget, (long) this.size + size));
        }
    }

    /**
     * Grows the table once to hold {@code parts} parts (at most the budget) at a load of at most ¾,
     * instead of doubling its way there from 16 slots one rebuild at a time: a grid of a task that
     * holds few rows (a wide table's) met each doubling, seven rebuilds of a 1,001-part table's
     * parts, before its first change of level.
     */
    private void reserve(int parts) {
        if (4 * parts > 3 * slots) {
            rehash(Integer.highestOneBit(Math.max(1, (4 * parts + 2) / 3 - 1)) << 1, level);
        }
    }

    /** Adds {@code rows} rows, {@code nulls} of them null, whose values were counted one by one (the laned hot loop). */
    final void countRows(long rows, long nulls) {
        this.rows += rows;
        this.nulls += nulls;
    }

    final void addNonFinite(double x) {
        if (x != x) {
            nan++;
        } else if (x > 0) {
            posInf++;
        } else {
            negInf++;
        }
    }

    static double get(long[] t, int at) {
        return Double.longBitsToDouble(t[at]);
    }

    static void put(long[] t, int at, double v) {
        t[at] = Double.doubleToRawLongBits(v);
    }

    private void addFinite(double x) {
        addFiniteGetId(x);
    }

    /** The part id of the finite x's part, after counting x in it (the laned hot loop). */
    final int addFiniteGetId(double x) {
        int b = slotFor(x) * SLOT; // first: finding the slot may rebuild the table
        addTo(table, b, x);
        return (int) table[b + ID];
    }

    /**
     * Counts the finite x in the part at {@code b} of {@code t}: this grid's table, or per-part state
     * laid out like it in this grid's offset unit (a fresh part: count, sums 0).
     */
    final void addTo(long[] t, int b, double x) {
        long n = t[b + COUNT]++;
        double min = get(t, b + MIN);
        if (n == 0) {
            put(t, b + MIN, x);
            put(t, b + MAX, x);
            return; // offsets are from the minimum: the first value's is 0
        }
        if (x < min) { // the offsets move to the new minimum: each grows by min − x, none cancels
            reanchor(t, b, n, min - x, get(t, b + MAX) - x);
            put(t, b + MIN, x);
            return;
        }
        double off = x - min;
        if (off > big) {
            fitScale(off);
        }
        off *= unit;
        put(t, b + SUM, get(t, b + SUM) + off);
        put(t, b + SQUARE, get(t, b + SQUARE) + off * off);
        if (x > get(t, b + MAX)) {
            put(t, b + MAX, x);
        }
    }

    /**
     * Moves the n offsets of slot b down by d ≥ 0 (feature units): Σ(o + d) and Σ(o + d)²; {@code
     * spread} (≥ d) is the part's max − min after the move, which the unit must hold.
     */
    private void reanchor(long[] t, int b, long n, double d, double spread) {
        if (spread > big) {
            fitScale(spread);
        }
        d *= unit;
        double sum = get(t, b + SUM);
        put(t, b + SQUARE, get(t, b + SQUARE) + 2 * d * sum + n * d * d);
        put(t, b + SUM, sum + n * d);
    }

    /** The slot of x's part, created (count 0) if needed; first moves the grid to the level its data then needs if x would overflow it. */
    private int slotFor(double x) {
        while (true) {
            long key = key(x, level);
            long[] t = table;
            int mask = slots - 1;
            int i = (int) ((key * MIX) >>> shift);
            while (t[i * SLOT + COUNT] != 0) { // probe(key), written out: this is the hot loop, and the call measured 2-4 % slower
                if (t[i * SLOT + KEY] == key) {
                    return i;
                }
                i = (i + 1) & mask;
            }
            if (size == budget) {
                rehash(slots, levelFor(x));
                continue;
            }
            if (4 * (size + 1) > 3 * slots) {
                rehash(slots * 2, level);
                continue;
            }
            int b = i * SLOT;
            t[b + KEY] = key;
            t[b + ID] = size;
            put(t, b + SUM, 0);
            put(t, b + SQUARE, 0);
            put(t, b + MIN, Double.POSITIVE_INFINITY);
            put(t, b + MAX, Double.NEGATIVE_INFINITY);
            size++; // occupied once the caller counts (a count of 0 marks a free slot)
            return i;
        }
    }

    /** The slot holding {@code key}, or the free slot where it would go (linear probing from its hash). */
    private int probe(long key) {
        long[] t = table;
        int mask = slots - 1;
        int i = (int) ((key * MIX) >>> shift);
        while (t[i * SLOT + COUNT] != 0 && t[i * SLOT + KEY] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /**
     * The least level above the current one at which the parts held, x and the chunk being added
     * ({@link #lookAhead}; values already added lie in held parts, so counting them changes nothing)
     * fit the budget ({@link GridLevels#leastFitting}).
     */
    private int levelFor(double x) {
        // the values to place: the parts' minima (each part maps into the part of its minimum), x and the chunk's
        double[] vals = new double[size + 1 + aheadSize];
        int n = 0;
        for (int i = 0; i < slots; i++) {
            if (table[i * SLOT + COUNT] != 0) {
                vals[n++] = get(table, i * SLOT + MIN);
            }
        }
        vals[n++] = x;
        for (int r = 0; r < aheadSize; r++) {
            if (!aheadNull[r] && ahead[r] - ahead[r] == 0.0) {
                vals[n++] = ahead[r] + 0.0;
            }
        }
        return GridLevels.leastFitting(vals, n, budget, level + 1);
    }

    /** Raises the offset unit so that {@code offset} (in feature units) stays below 2^481 units. */
    private void fitScale(double offset) {
        int needed = Math.getExponent(offset) - 479;
        if (needed > scaleExp) {
            double f = Math.scalb(1.0, scaleExp - needed);
            scale(table, slots, SLOT, 0, f); // a slot just created holds zero sums either way
            scaleExp = needed;
            setUnit();
            rescaled(f);
        }
    }

    private void setUnit() {
        unit = Math.scalb(1.0, -scaleExp);
        big = Math.scalb(1.0, 480 + scaleExp);
    }

    /** Called when the offset unit grows: per-part state kept elsewhere multiplies its sums by f and squares by f². */
    void rescaled(double f) {
    }

    /**
     * Called after the level changed: the part that had id {@code o} now has id {@code newId[o]};
     * {@code oldOrder} lists the old ids in the order their parts were folded (so state kept
     * elsewhere folds them in the same order, and the same inputs give the same bits).
     */
    void partsRenumbered(int[] oldOrder, int[] newId) {
    }

    /** Called by {@link #merge} after {@code other}'s part with id {@code from} was folded into this grid's part with id {@code to}. */
    void partMerged(ValueGrid other, int from, int to) {
    }

    /**
     * Multiplies the sums of n parts laid out like this grid's table in {@code t} by f, the squares by
     * f²; part i at offset {@code first + i·stride}.
     */
    static void scale(long[] t, int n, int stride, int first, double f) {
        for (int i = 0; i < n; i++) {
            int b = first + i * stride;
            put(t, b + SUM, get(t, b + SUM) * f);
            put(t, b + SQUARE, get(t, b + SQUARE) * f * f);
        }
    }

    /** Rebuilds the table with {@code n} slots at level {@code newLevel} (parts taken in slot order). */
    private void rehash(int n, int newLevel) {
        long[] old = table;
        int oldSlots = slots;
        int oldSize = size;
        int oldExp = scaleExp; // the old parts' unit, whatever the rebuild does to the unit
        boolean renumber = newLevel != level;
        int[] oldOrder = new int[oldSize];
        int[] newId = new int[oldSize];
        int k = 0;
        allocate(n);
        size = 0;
        level = newLevel;
        for (int i = 0; i < oldSlots; i++) {
            int b = i * SLOT;
            if (old[b + COUNT] != 0) {
                int to = addPart(old[b + COUNT], get(old, b + SUM), get(old, b + SQUARE), get(old, b + MIN), get(old, b + MAX),
                        oldExp);
                if (renumber) {
                    oldOrder[k] = (int) old[b + ID];
                    newId[(int) old[b + ID]] = (int) table[to + ID];
                    k++;
                } else {
                    table[to + ID] = old[b + ID]; // the same parts: ids kept
                }
            }
        }
        if (renumber) {
            partsRenumbered(oldOrder, newId);
        }
    }

    /**
     * Folds a part (count n, offsets from its minimum in units of 2^{@code exp}) into the part its
     * minimum falls in at the current level; both sides' offsets move to the smaller minimum, so no
     * term cancels. Returns the slot's offset in the table.
     */
    private int addPart(long n, double sum, double square, double min, double max, int exp) {
        int b = slotFor(min) * SLOT;
        combine(table, b, n, sum, square, min, max, exp);
        return b;
    }

    /** Folds a part (count n ≥ 1, offsets in units of 2^{@code exp}) into the part at {@code b} of {@code t} (laid out like the table). */
    final void combine(long[] t, int b, long n, double sum, double square, double min, double max, int exp) {
        long held = t[b + COUNT];
        double m = get(t, b + MIN);
        double spread = held == 0 ? max - min : Math.max(get(t, b + MAX), max) - Math.min(m, min);
        if (spread > big) { // before anything is folded: every offset below is at most the spread
            fitScale(spread);
        }
        if (held == 0) {
            put(t, b + MIN, min);
            put(t, b + MAX, max);
        } else if (min < m) {
            reanchor(t, b, held, m - min, spread);
            put(t, b + MIN, min);
        }
        double d = min - get(t, b + MIN); // ≥ 0: the incoming offsets move up to the part's minimum
        d *= unit;
        double f = Math.scalb(1.0, exp - scaleExp); // after any change of unit
        sum *= f;
        square = square * f * f; // not f * f first: that can round to 0 where the product does not
        put(t, b + SUM, get(t, b + SUM) + sum + n * d);
        put(t, b + SQUARE, get(t, b + SQUARE) + square + 2 * d * sum + n * d * d);
        put(t, b + MAX, Math.max(get(t, b + MAX), max));
        t[b + COUNT] = held + n;
    }

    /**
     * Folds {@code other} into this grid, its parts in key order unless each folds into a part of its
     * own (see the class comment for why the result does not depend on the order); returns this.
     */
    public ValueGrid merge(ValueGrid other) {
        if (other.budget != budget) {
            throw new IllegalArgumentException("cannot merge grids with different budgets");
        }
        rows += other.rows;
        nulls += other.nulls;
        nan += other.nan;
        posInf += other.posInf;
        negInf += other.negInf;
        if (other.level > level) {
            rehash(slots, other.level);
        }
        if (other.scaleExp > scaleExp) {
            fitScale(Math.scalb(1.0, other.scaleExp + 479));
        }
        reserve((int) Math.min(budget, (long) size + other.size));
        long[] o = other.table;
        int[] order = foldsApart(other) ? other.occupiedSlots() : other.slotsInKeyOrder();
        for (int i : order) {
            int b = i * SLOT;
            int to = addPart(o[b + COUNT], get(o, b + SUM), get(o, b + SQUARE), get(o, b + MIN), get(o, b + MAX), other.scaleExp);
            partMerged(other, (int) o[b + ID], (int) table[to + ID]);
        }
        return this;
    }

    /**
     * Whether each of {@code other}'s parts folds into a part of its own here, so that the order of
     * the folds changes no bit and sorting them by key is not needed: both grids at one level, and
     * the parts new here fit the budget, so no fold moves this grid up a level. Laned grids keep key
     * order (their lanes follow the part ids, which the order of the folds assigns).
     */
    private boolean foldsApart(ValueGrid other) {
        if (getClass() != ValueGrid.class || other.level != level) {
            return false;
        }
        long[] o = other.table;
        int parts = size;
        for (int j = 0; j < other.slots && parts <= budget; j++) {
            if (o[j * SLOT + COUNT] != 0 && table[probe(o[j * SLOT + KEY]) * SLOT + COUNT] == 0) {
                parts++;
            }
        }
        return parts <= budget;
    }

    /** The slot indices of the occupied parts, in slot order. */
    private int[] occupiedSlots() {
        int[] out = new int[size];
        int n = 0;
        for (int i = 0; i < slots; i++) {
            if (table[i * SLOT + COUNT] != 0) {
                out[n++] = i;
            }
        }
        return out;
    }

    /** The level the grid is at: 0 while every distinct value has a part of its own. */
    public int level() {
        return level;
    }

    /** Occupied parts. */
    public int size() {
        return size;
    }

    public long rows() {
        return rows;
    }

    public long nulls() {
        return nulls;
    }

    public long nan() {
        return nan;
    }

    public long posInf() {
        return posInf;
    }

    public long negInf() {
        return negInf;
    }

    /** The offset unit's exponent: offsets are in units of 2^this. */
    public int scaleExponent() {
        return scaleExp;
    }

    /**
     * The occupied parts in increasing order: per part its count, minimum and maximum value, and the
     * sums of offsets from the minimum and of squared offsets, in units of 2^{@code scaleExp}.
     * Arrays are fresh.
     */
    public record Buckets(long[] counts, double[] mins, double[] maxs, double[] sums, double[] squares, int scaleExp) {
        public int size() {
            return counts.length;
        }
    }

    /** The slot indices of the occupied parts, in key (value) order. */
    final int[] slotsInKeyOrder() {
        long[] keys = new long[size];
        int n = 0;
        for (int i = 0; i < slots; i++) {
            if (table[i * SLOT + COUNT] != 0) {
                keys[n++] = table[i * SLOT + KEY];
            }
        }
        Arrays.sort(keys, 0, n);
        int[] out = new int[n];
        for (int j = 0; j < n; j++) {
            out[j] = probe(keys[j]);
        }
        return out;
    }

    /** The part id at slot index i. */
    final int idAt(int i) {
        return (int) table[i * SLOT + ID];
    }

    public Buckets buckets() {
        int[] order = slotsInKeyOrder();
        int n = order.length;
        Buckets out = new Buckets(new long[n], new double[n], new double[n], new double[n], new double[n], scaleExp);
        for (int j = 0; j < n; j++) {
            int b = order[j] * SLOT;
            out.counts[j] = table[b + COUNT];
            out.sums[j] = get(table, b + SUM);
            out.squares[j] = get(table, b + SQUARE);
            out.mins[j] = get(table, b + MIN);
            out.maxs[j] = get(table, b + MAX);
        }
        return out;
    }

    /** Writes the parts only, in key order. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        Buckets b = buckets();
        out.writeInt(b.size());
        for (int j = 0; j < b.size(); j++) {
            out.writeLong(b.counts[j]);
            out.writeDouble(b.sums[j]);
            out.writeDouble(b.squares[j]);
            out.writeDouble(b.mins[j]);
            out.writeDouble(b.maxs[j]);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        int n = in.readInt();
        Buckets parts = new Buckets(new long[n], new double[n], new double[n], new double[n], new double[n], scaleExp);
        for (int j = 0; j < n; j++) {
            parts.counts[j] = in.readLong();
            parts.sums[j] = in.readDouble();
            parts.squares[j] = in.readDouble();
            parts.mins[j] = in.readDouble();
            parts.maxs[j] = in.readDouble();
        }
        fill(parts);
    }

    /** Rebuilds the table from parts in key order, at this grid's level and unit (each part a slot of its own). */
    private void fill(Buckets parts) {
        setUnit();
        allocate(Math.max(16, Integer.highestOneBit(Math.max(1, parts.size() * 4 / 3 + 1)) << 1));
        size = 0;
        for (int j = 0; j < parts.size(); j++) {
            addPart(parts.counts[j], parts.sums[j], parts.squares[j], parts.mins[j], parts.maxs[j], scaleExp);
        }
    }

    /**
     * A grid as it was stored (a stored profile's fit state): its budget, level, counts apart and
     * parts ({@link #buckets()}, whose scale exponent is the unit's); merging and fitting it behave
     * as on the grid that was stored.
     *
     * @throws IllegalArgumentException when the parts cannot be such a grid's: more than the budget,
     *     not in increasing order, or not each a part of its own at {@code level}
     */
    public static ValueGrid restore(int budget, int level, long rows, long nulls, long nan, long posInf, long negInf,
            Buckets parts) {
        ValueGrid g = new ValueGrid(budget);
        if (level < 0 || level > 63 || parts.size() > budget) {
            throw new IllegalArgumentException("a grid of budget " + budget + " cannot hold " + parts.size() + " parts at level "
                    + level);
        }
        g.level = level;
        g.scaleExp = parts.scaleExp();
        g.rows = rows;
        g.nulls = nulls;
        g.nan = nan;
        g.posInf = posInf;
        g.negInf = negInf;
        g.fill(parts);
        long held = 0;
        for (int j = 0; j < parts.size(); j++) {
            held += parts.counts[j];
            if (parts.counts[j] < 1 || !(parts.mins[j] <= parts.maxs[j]) || j > 0 && !(parts.maxs[j - 1] < parts.mins[j])) {
                throw new IllegalArgumentException("grid part " + j + " is empty or out of order");
            }
        }
        if (g.size != parts.size() || held + nulls + nan + posInf + negInf != rows) {
            throw new IllegalArgumentException("the grid's parts are not parts of their own at level " + level
                    + " or do not add up to its rows");
        }
        return g;
    }

    /** The most parts the grid keeps. */
    public int budget() {
        return budget;
    }
}
