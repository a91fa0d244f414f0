package io.sparkdrift.math;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A finite sample with non-negative weights, sorted by value. Equal values are kept as separate
 * points; every consumer here treats them as one atom of the summed weight.
 */
public final class WeightedSample {
    final double[] values;
    final double[] weights;
    final double total;

    private WeightedSample(double[] values, double[] weights, double total) {
        this.values = values;
        this.weights = weights;
        this.total = total;
    }

    /**
     * @param values finite values ({@link IllegalArgumentException} on NaN or ±∞)
     * @param weights one finite weight {@code >= 0} per value, or {@code null} for all ones
     */
    public static WeightedSample of(double[] values, double[] weights) {
        if (weights != null && weights.length != values.length) {
            throw new IllegalArgumentException(
                    "values and weights differ in length: " + values.length + " vs " + weights.length);
        }
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("sample values must be finite, got " + values[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] v = new double[values.length];
        double[] w = new double[values.length];
        double total = 0.0;
        for (int i = 0; i < order.length; i++) {
            v[i] = values[order[i]];
            w[i] = weights == null ? 1.0 : weights[order[i]];
            if (!(w[i] >= 0.0) || Double.isInfinite(w[i])) {
                throw new IllegalArgumentException("weights must be finite and >= 0, got " + w[i]);
            }
            total += w[i];
        }
        return new WeightedSample(v, w, total);
    }

    /** Unweighted sample. */
    public static WeightedSample of(double... values) {
        return of(values, null);
    }

    /** True when there is no weight at all (no values, or all weights 0). */
    public boolean isEmpty() {
        return total == 0.0;
    }

    public int size() {
        return values.length;
    }
}
