package io.sparkdrift.exact.core;

import io.sparkdrift.math.BinnedQuantiles;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact distances of one feature: W1 and W2 in feature units, the KS statistic as a probability;
 * {@code n} and {@code m} are the finite-value counts. All three are {@code NaN} when a side has no
 * finite value. {@code referenceOrder} and {@code currentOrder} hold the order statistics the
 * quantiles at {@link BinnedQuantiles#LEVELS} need ({@link #orderRanks}), NaN when a side is empty.
 */
public record Exact(double w1, double w2, double ks, long n, long m, double[] referenceOrder, double[] currentOrder)
        implements Serializable {

    /**
     * The 0-based ranks of the order statistics of a sample of {@code total} values: for level j,
     * entries 2j and 2j+1 ({@link BinnedQuantiles#orderRanks}); empty for an empty sample.
     */
    public static long[] orderRanks(long total) {
        if (total == 0) {
            return new long[0];
        }
        List<Double> levels = BinnedQuantiles.LEVELS;
        long[] out = new long[2 * levels.size()];
        for (int j = 0; j < levels.size(); j++) {
            long[] k = BinnedQuantiles.orderRanks(levels.get(j), total);
            out[2 * j] = k[0];
            out[2 * j + 1] = k[1];
        }
        return out;
    }

    /** The exact quantiles of the reference at {@link BinnedQuantiles#LEVELS}. */
    public double[] referenceQuantiles() {
        return quantiles(referenceOrder, n);
    }

    /** The exact quantiles of the current data at {@link BinnedQuantiles#LEVELS}. */
    public double[] currentQuantiles() {
        return quantiles(currentOrder, m);
    }

    private static double[] quantiles(double[] order, long total) {
        List<Double> levels = BinnedQuantiles.LEVELS;
        double[] out = new double[levels.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = BinnedQuantiles.linear(levels.get(j), total, order[2 * j], order[2 * j + 1]);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Exact e && Double.compare(w1, e.w1) == 0 && Double.compare(w2, e.w2) == 0
                && Double.compare(ks, e.ks) == 0 && n == e.n && m == e.m
                && java.util.Arrays.equals(referenceOrder, e.referenceOrder) && java.util.Arrays.equals(currentOrder, e.currentOrder);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(w1, w2, ks, n, m, java.util.Arrays.hashCode(referenceOrder),
                java.util.Arrays.hashCode(currentOrder));
    }

    @Override
    public String toString() {
        return "Exact[w1=" + w1 + ", w2=" + w2 + ", ks=" + ks + ", n=" + n + ", m=" + m + ", referenceOrder="
                + java.util.Arrays.toString(referenceOrder) + ", currentOrder=" + java.util.Arrays.toString(currentOrder) + "]";
    }

    /**
     * Combines the tasks' partial sums of every feature of {@code plan}, in
     * {@link PartialSum#COMBINATION_ORDER} whatever order they arrived in (sums of W1 and W2², maximum
     * of KS), so the same data gives the same bits.
     */
    public static Exact[] combine(ExactPlan plan, List<PartialSum> parts) {
        List<PartialSum> ordered = new ArrayList<>(parts);
        ordered.sort(PartialSum.COMBINATION_ORDER);
        int features = plan.binnings.length;
        double[] w1 = new double[features];
        double[] w2Squared = new double[features];
        double[] ks = new double[features];
        int statistics = 2 * BinnedQuantiles.LEVELS.size();
        double[][] refOrder = new double[features][statistics];
        double[][] curOrder = new double[features][statistics];
        for (int f = 0; f < features; f++) {
            java.util.Arrays.fill(refOrder[f], Double.NaN);
            java.util.Arrays.fill(curOrder[f], Double.NaN);
        }
        for (PartialSum p : ordered) {
            int f = p.feature();
            switch (p.kind()) {
                case W1 -> w1[f] += p.value();
                case W2_SQUARED -> w2Squared[f] += p.value();
                case KS -> ks[f] = Math.max(ks[f], p.value());
                case ORDER_REFERENCE -> refOrder[f][p.task()] = p.value();
                case ORDER_CURRENT -> curOrder[f][p.task()] = p.value();
                default -> throw new IllegalStateException("unknown kind " + p.kind());
            }
        }
        Exact[] out = new Exact[features];
        for (int f = 0; f < features; f++) {
            boolean ok = plan.active(f);
            double unit = plan.unit(f); // the sums are in units (and squared units) of the feature's unit
            out[f] = new Exact(ok ? w1[f] * unit : Double.NaN, ok ? Math.sqrt(w2Squared[f]) * unit : Double.NaN, ok ? ks[f] : Double.NaN,
                    plan.n(f), plan.m(f), refOrder[f], curOrder[f]);
        }
        return out;
    }
}
