package io.sparkdrift.profile;

import java.util.Arrays;

/**
 * The level search of {@link ValueGrid}: the least level at which given values occupy at most a
 * budget of parts. Occupancy never grows with the level (each part maps into one part a level up), so
 * a search over levels finds it, each probe counting the distinct keys at a level in a hash set and
 * stopping at budget + 1 (so probes below the answer stop early): down from the level
 * {@link #fittingLevel} proves to fit when it finds one (doubling steps, then bisection), else
 * doubling steps up, then bisection. (Searching up only, a continuous column's first climb in a task
 * — from level 0 to about 45 — took ten probes, the fitting ones over every value; from the bound it
 * takes one or two.)
 */
final class GridLevels {
    private static final int TOP_LEVEL = 63;

    private GridLevels() {
    }

    /**
     * The least level ≥ {@code lo} at which the first n values (finite, no −0.0) occupy at most
     * {@code budget} parts; every level below lo must overflow. Level 63 fits any budget of at least 3.
     */
    static int leastFitting(double[] vals, int n, int budget, int lo) {
        int cap = Integer.highestOneBit(2 * (budget + 1) - 1) << 1;
        long[] seen = new long[cap];
        boolean[] used = new boolean[cap];
        int hi = fittingLevel(vals, n, budget, lo); // fits (level 63 always fits a budget of at least 3)
        if (hi < TOP_LEVEL) {
            for (int step = 1; hi - step >= lo; step *= 2) {
                int l = hi - step;
                if (partsAt(l, vals, n, budget, seen, used) > budget) {
                    lo = l + 1;
                    break;
                }
                hi = l;
            }
        } else {
            for (int step = 1; lo + step - 1 < hi; step *= 2) {
                int l = lo + step - 1;
                if (partsAt(l, vals, n, budget, seen, used) <= budget) {
                    hi = l;
                    break;
                }
                lo = l + 1;
            }
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (partsAt(mid, vals, n, budget, seen, used) <= budget) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * A level in [lo, 52] at which the first n values (finite, no −0.0) provably occupy at most
     * {@code budget} parts, found by counting rather than hashing; {@link #TOP_LEVEL} when no such
     * level is shown. At a level L ≤ 52 a binade (one sign and exponent, 2^52 mantissas) holds
     * 2^(52−L) buckets, so the c_b values of binade b occupy at most min(c_b, 2^(52−L)) of them, and
     * a bucket's round value adds one part at most: parts(L) ≤ Σ_b min(c_b, 2^(52−L)) + R(L), R(L) the
     * values with at least L trailing zero bits in their magnitude. The least L where this bound fits
     * is returned (for a continuous column it is the least fitting level or a level or two above).
     */
    private static int fittingLevel(double[] vals, int n, int budget, int lo) {
        int[] perBinade = new int[1 << 12];
        int[] occupied = new int[Math.min(n, 1 << 12)];
        int[] atLeastZeros = new int[66]; // first by trailing zero count, then summed from the top
        int k = 0;
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(vals[i]);
            int binade = (int) (bits >>> 52);
            if (perBinade[binade]++ == 0) {
                occupied[k++] = binade;
            }
            atLeastZeros[Long.numberOfTrailingZeros(bits & Long.MAX_VALUE)]++; // 0.0: 64
        }
        for (int z = 63; z >= 0; z--) {
            atLeastZeros[z] += atLeastZeros[z + 1];
        }
        for (int l = Math.max(lo, 1); l <= 52; l++) {
            long bucketsPerBinade = 1L << (52 - l);
            long parts = atLeastZeros[l];
            for (int j = 0; j < k && parts <= budget; j++) {
                parts += Math.min(perBinade[occupied[j]], bucketsPerBinade);
            }
            if (parts <= budget) {
                return l;
            }
        }
        return TOP_LEVEL;
    }

    /**
     * The parts the first n values occupy at level l (their distinct keys there), counted up to
     * budget + 1, in the hash set {@code seen}/{@code used} (cleared first; room for budget + 1 keys).
     */
    private static int partsAt(int l, double[] vals, int n, int budget, long[] seen, boolean[] used) {
        Arrays.fill(used, false);
        int mask = used.length - 1;
        int count = 0;
        for (int i = 0; i < n && count <= budget; i++) {
            long k = ValueGrid.key(vals[i], l);
            int h = (int) ((k * ValueGrid.MIX) >>> 32) & mask;
            while (used[h] && seen[h] != k) {
                h = (h + 1) & mask;
            }
            if (!used[h]) {
                used[h] = true;
                seen[h] = k;
                count++;
            }
        }
        return count;
    }
}
