package io.sparkdrift.compare;

import io.sparkdrift.math.Estimate;

/**
 * One quantile of both sides of a numeric feature ("linear" definition, as NumPy's default), each
 * with its proven enclosure: from the fine bins by default, exact (bounds 0) with --exact.
 *
 * @param level in (0, 1), e.g. 0.5 for the median
 */
public record QuantileShift(double level, Estimate reference, Estimate current) {
    /** current − reference, in feature units. */
    public double shift() {
        return current.value() - reference.value();
    }

    /** "p50"-style name of the level. */
    public String name() {
        return "p" + Words.num(level * 100);
    }
}
