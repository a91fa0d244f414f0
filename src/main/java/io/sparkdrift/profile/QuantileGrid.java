package io.sparkdrift.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * Edges for one grid of a numeric feature (coarse or fine), placed on the reference's weighted
 * values so that no value holding much of the mass is smeared across a quantile bin.
 *
 * <h2>The atom rule</h2>
 * With k bins wanted, a value is an <em>atom</em> when it holds at least the mass one quantile bin
 * would get: weight ≥ R/K, where R is the weight not yet in atoms and K = max(1, k − atoms) the bins
 * left for it. The rule is applied from R = total, K = k (so every value with ≥ 1/k of the mass is
 * an atom) and again on what remains until no new atom appears. Each atom v gets the bin
 * [v, nextUp(v)), which holds v and nothing else. The other edges are the inclusive quantiles of the
 * remaining mass at ranks j/K, j = 1 … K−1, so the non-atom bins keep about equal reference mass.
 *
 * <p>Consequences, used by the tests: with d ≤ k distinct values every value becomes an atom (each
 * round, the largest remaining value holds at least R/d ≥ R/K); with more, no remaining value reaches
 * R/K, so consecutive quantiles differ and every quantile bin holds reference mass. Either way at
 * least min(k, d) bins hold reference mass.
 *
 * <p>Pure and deterministic; cost O(d·rounds) with d the number of distinct values given (rounds are
 * few: each adds an atom).
 */
public final class QuantileGrid {
    private QuantileGrid() {
    }

    /** The edges for about {@code bins} bins: each atom and its nextUp, then the quantile edges. */
    public static List<Double> edges(WeightedValues v, int bins) {
        boolean[] atom = atoms(v, bins);
        List<Double> out = new ArrayList<>();
        int atoms = 0;
        for (int i = 0; i < v.size(); i++) {
            if (atom[i]) {
                atoms++;
                out.add(v.values()[i]);
                addFinite(out, Math.nextUp(v.values()[i]));
            }
        }
        int left = Math.max(1, bins - atoms);
        double[] ranks = new double[left - 1];
        for (int j = 1; j < left; j++) {
            ranks[j - 1] = (double) j / left;
        }
        for (double q : quantiles(v, atom, ranks)) {
            out.add(q);
        }
        return out;
    }

    /** Every distinct value and its nextUp: each value a bin of its own, gaps between them bins too. */
    public static List<Double> everyValue(WeightedValues v) {
        List<Double> out = new ArrayList<>();
        for (double x : v.values()) {
            out.add(x);
            addFinite(out, Math.nextUp(x));
        }
        return out;
    }

    /** nextUp of −MIN_VALUE is −0.0: stored as 0.0, the one zero edges use. */
    private static void addFinite(List<Double> out, double e) {
        if (Double.isFinite(e)) {
            out.add(e + 0.0);
        }
    }

    /** Which values are atoms for {@code bins} bins (see the class comment). */
    static boolean[] atoms(WeightedValues v, int bins) {
        boolean[] atom = new boolean[v.size()];
        double remaining = v.total();
        int count = 0;
        boolean added = true;
        while (added && remaining > 0) {
            added = false;
            double share = remaining / Math.max(1, bins - count);
            double taken = 0;
            for (int i = 0; i < atom.length; i++) {
                if (!atom[i] && v.weights()[i] >= share) {
                    atom[i] = true;
                    taken += v.weights()[i];
                    count++;
                    added = true;
                }
            }
            remaining -= taken;
        }
        return atom;
    }

    /**
     * Inclusive weighted quantiles: for each rank r the smallest value whose cumulative weight
     * share is ≥ r.
     *
     * @param ranks in [0, 1], increasing
     * @return one value per rank; none when {@code v} is empty
     */
    public static double[] quantiles(WeightedValues v, double[] ranks) {
        return quantiles(v, new boolean[v.size()], ranks);
    }

    /** The same over the values not marked {@code skip}. */
    private static double[] quantiles(WeightedValues v, boolean[] skip, double[] ranks) {
        int[] kept = java.util.stream.IntStream.range(0, v.size()).filter(i -> !skip[i]).toArray();
        if (kept.length == 0) {
            return new double[0];
        }
        double total = 0;
        for (int i : kept) {
            total += v.weights()[i];
        }
        double[] out = new double[ranks.length];
        int pos = 0;
        double cum = v.weights()[kept[0]];
        for (int r = 0; r < ranks.length; r++) {
            double target = ranks[r] * total;
            while (cum < target && pos + 1 < kept.length) {
                pos++;
                cum += v.weights()[kept[pos]];
            }
            out[r] = v.values()[kept[pos]];
        }
        return out;
    }
}
