package io.sparkdrift.compare;

import io.sparkdrift.math.BinnedQuantiles;
import io.sparkdrift.math.Estimate;
import java.util.List;

/**
 * One quantile of both sides of a numeric feature ("linear" definition, as NumPy's default), each
 * with its proven enclosure: from the fine bins by default, exact (bounds 0) with --exact.
 *
 * @param level in (0, 1), e.g. 0.5 for the median
 */
public record QuantileShift(double level, Estimate reference, Estimate current) {
    /** The levels reported: p1, p5, p25, p50, p75, p95, p99. */
    public static final List<Double> LEVELS = BinnedQuantiles.LEVELS;

    /** current − reference, in feature units. */
    public double shift() {
        return current.value() - reference.value();
    }

    /** "p50"-style name of the level. */
    public String name() {
        return "p" + Words.num(level * 100);
    }
}
