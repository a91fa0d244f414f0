package io.sparkdrift.profile;

/**
 * Distinct finite values in increasing order, each with a positive weight (a count of rows, exact
 * or as a sample kept it). Immutable by convention: the arrays are not copied, so neither side
 * modifies them.
 */
public record WeightedValues(double[] values, long[] weights) {
    public WeightedValues {
        if (values.length != weights.length) {
            throw new IllegalArgumentException("one weight per value is needed");
        }
    }

    public int size() {
        return values.length;
    }

    /** Σ weights. */
    public long total() {
        long t = 0;
        for (long w : weights) {
            t += w;
        }
        return t;
    }
}
