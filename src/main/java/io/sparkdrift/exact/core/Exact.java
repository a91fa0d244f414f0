package io.sparkdrift.exact.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact distances of one feature: W1 and W2 in feature units, the KS statistic as a probability;
 * {@code n} and {@code m} are the finite-value counts. All three are {@code NaN} when a side has no
 * finite value.
 */
public record Exact(double w1, double w2, double ks, long n, long m) implements Serializable {

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
        for (PartialSum p : ordered) {
            int f = p.feature();
            switch (p.kind()) {
                case W1 -> w1[f] += p.value();
                case W2_SQUARED -> w2Squared[f] += p.value();
                case KS -> ks[f] = Math.max(ks[f], p.value());
                default -> throw new IllegalStateException("unknown kind " + p.kind());
            }
        }
        Exact[] out = new Exact[features];
        for (int f = 0; f < features; f++) {
            boolean ok = plan.active(f);
            out[f] = new Exact(ok ? w1[f] : Double.NaN, ok ? Math.sqrt(w2Squared[f]) : Double.NaN, ok ? ks[f] : Double.NaN,
                    plan.n(f), plan.m(f));
        }
        return out;
    }
}
